/**
 * Weight drift end to end: the library's Hub reader and `npm run weights:diff` against the local
 * fake hub serving the generated checkpoints of tests/support/checkpoints.ts, whose every metric has
 * a closed form (A is ±1 everywhere; B multiplies row r of a matrix, or element i of a vector, by
 * 1 + k/16 with k = deltaK(name, r), so every ratio is (k/16) / (1 + ε)).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/lib/drift.ts';
import { EPSILON, reportJson, sampleRows } from '../../src/lib/drift.ts';
import type { HubAccess } from '../../src/lib/drift-remote.ts';
import { openCheckpoint, planDrift, runDrift } from '../../src/lib/drift-remote.ts';
import { parseReport } from '../../src/lib/drift-report.ts';
import type { TensorSpec } from '../support/checkpoints.ts';
import { allSpecs, checkpointFiles, deltaK, SHA_A, SHA_B } from '../support/checkpoints.ts';
import type { FakeHub } from './fake-hub.ts';
import { startFakeHub, TOKEN } from './fake-hub.ts';

const root = new URL('../..', import.meta.url).pathname;
let hub: FakeHub;
let dir: string;

function addRepo(id: string, sha: string, files: Map<string, Buffer>, extra: Record<string, unknown> = {}): void {
  hub.repos.set(id, { sha, config: '{}', safetensorsTotal: 0, files, ...extra });
}

beforeEach(async () => {
  hub = await startFakeHub();
  dir = mkdtempSync(join(tmpdir(), 'drift-'));
  addRepo('org/base', SHA_A, checkpointFiles({ perturbed: false }));
  addRepo('org/tuned', SHA_B, checkpointFiles({ perturbed: true }));
});

afterEach(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const access = (extra: Partial<HubAccess> = {}): HubAccess => ({ hubUrl: hub.url, fetch, ...extra });

async function diff(options: { mode: 'full' | 'sampled'; rowsPerTensor: number; seed: number }): Promise<DriftReport> {
  const [a, b] = await Promise.all([
    openCheckpoint(access(), 'org/base', 'main'),
    openCheckpoint(access(), 'org/tuned', 'main'),
  ]);
  return runDrift(access(), planDrift(a, b, options), [], () => undefined);
}

/** (k/16) / (1 + ε): every ratio of a row (or element) perturbed by k. */
const ratio = (k: number) => k / 16 / (1 + EPSILON);

/** The k of each row of a matrix, or of each element of a vector. */
function ks(spec: TensorSpec): number[] {
  const count = spec.shape.length === 1 ? (spec.shape[0] ?? 0) : (spec.shape[0] ?? 0);
  return Array.from({ length: count }, (_, i) => deltaK(spec.name, i));
}

/**
 * The median of n equal-sized groups of identical ratios, n even: with the groups sorted by k, the
 * two middle elements of the pooled values are the last of group n/2 − 1 and the first of group
 * n/2, so the median is the mean of those two groups' ratios.
 */
function medianOfGroups(groupKs: number[]): number {
  const sorted = [...groupKs].sort((x, y) => x - y);
  const n = sorted.length;
  if (n % 2 === 1) return ratio(sorted[(n - 1) / 2] ?? 0);
  return (ratio(sorted[n / 2 - 1] ?? 0) + ratio(sorted[n / 2] ?? 0)) / 2;
}

/** ‖b − a‖ / ‖a‖ with |a| = 1: √(Σ (k/16)² per element) / √(elements). */
function frobeniusOf(elementKs: number[]): number {
  const squares = elementKs.reduce((sum, k) => sum + (k / 16) ** 2, 0);
  return Math.sqrt(squares) / Math.sqrt(elementKs.length);
}

describe('the library against a Hub-like server', () => {
  it('measures every tensor exactly in full mode', async () => {
    const report = await diff({ mode: 'full', rowsPerTensor: 0, seed: 0 });
    expect(report.a).toEqual({ repo: 'org/base', revision: SHA_A });
    expect(report.b).toEqual({ repo: 'org/tuned', revision: SHA_B });
    expect(report.tensors).toHaveLength(30);

    // Worked case: model.layers.0.self_attn.k_proj.weight is tensor 3 (embeddings, then layer 0's
    // input_layernorm, q_proj, k_proj), shape [4, 8]; row r has k = (3·7 + 3r) mod 15 + 1 = 7, 10, 13, 1.
    // Sorted 1, 7, 10, 13: 32 ratios, the 16th and 17th are the last 7/16 and the first 10/16, so the
    // median is (7/16 + 10/16) / 2 each over 1 + ε, ≈ 0.53125. ‖b − a‖² = 8 (7² + 10² + 13² + 1²) / 256
    // = 8 · 319 / 256 and ‖a‖² = 32.
    const kProj = report.tensors.find((tensor) => tensor.name === 'model.layers.0.self_attn.k_proj.weight');
    expect(kProj?.median).toBe((ratio(7) + ratio(10)) / 2);
    expect(kProj?.relFrobenius).toBe(Math.sqrt((8 * 319) / 256) / Math.sqrt(32));
    expect(kProj?.rows).toBe(4);
    expect(kProj?.ci).toEqual([kProj?.median, kProj?.median]);

    for (const spec of allSpecs()) {
      const result = report.tensors.find((tensor) => tensor.name === spec.name);
      const perRow = ks(spec);
      const cols = spec.shape.length === 1 ? 1 : (spec.shape[1] ?? 1);
      const elementKs = perRow.flatMap((k) => Array.from({ length: cols }, () => k));
      expect(result, spec.name).toEqual({
        name: spec.name,
        shape: spec.shape,
        median: medianOfGroups(perRow),
        relFrobenius: frobeniusOf(elementKs),
        rows: spec.shape.length === 1 ? 1 : spec.shape[0],
        ci: [medianOfGroups(perRow), medianOfGroups(perRow)],
        ciRelFrobenius: [frobeniusOf(elementKs), frobeniusOf(elementKs)],
      });
    }
  });

  it('samples k rows by the seed, and each estimate lies in its bootstrap interval', async () => {
    const report = await diff({ mode: 'sampled', rowsPerTensor: 3, seed: 5 });
    for (const spec of allSpecs().filter((tensor) => tensor.shape.length === 2)) {
      const result = report.tensors.find((tensor) => tensor.name === spec.name);
      const rows = sampleRows(3, spec.shape[0] ?? 0, 5, spec.name);
      const chosenKs = rows.map((row) => deltaK(spec.name, row));
      // Three rows of equal size: the median is the middle row's ratio.
      expect(result?.median, spec.name).toBe(medianOfGroups(chosenKs));
      expect(result?.rows).toBe(3);
      const [lo, hi] = result?.ci ?? [NaN, NaN];
      expect(lo).toBeLessThanOrEqual(result?.median ?? NaN);
      expect(hi).toBeGreaterThanOrEqual(result?.median ?? NaN);
      // A resample's median is one of the chosen rows' ratios (or a mean of two).
      expect(lo).toBeGreaterThanOrEqual(ratio(Math.min(...chosenKs)));
      expect(hi).toBeLessThanOrEqual(ratio(Math.max(...chosenKs)));
      const [flo, fhi] = result?.ciRelFrobenius ?? [null, null];
      expect(flo).toBeLessThanOrEqual(result?.relFrobenius ?? NaN);
      expect(fhi).toBeGreaterThanOrEqual(result?.relFrobenius ?? NaN);
    }
    expect(await diff({ mode: 'sampled', rowsPerTensor: 3, seed: 5 })).toEqual(report);
  });

  it('reads one header per shard and only the sampled rows', async () => {
    hub.requests.length = 0;
    await diff({ mode: 'sampled', rowsPerTensor: 3, seed: 5 });
    const shardReads = hub.requests.filter((line) => line.includes('.safetensors') && !line.endsWith('.json'));
    // Per checkpoint: 2 header probes; then per tensor one range per run of consecutive sampled rows.
    const runs = allSpecs().reduce((total, spec) => {
      if (spec.shape.length === 1) return total + 1;
      const rows = sampleRows(3, spec.shape[0] ?? 0, 5, spec.name);
      return total + rows.filter((row, i) => i === 0 || row !== (rows[i - 1] ?? -2) + 1).length;
    }, 0);
    expect(shardReads).toHaveLength(2 * (2 + runs));
  });

  it('refuses a gated repo without a token and reads it with one', async () => {
    const gated = hub.repos.get('org/tuned');
    if (gated) gated.gated = 'manual';
    await expect(openCheckpoint(access(), 'org/tuned', 'main')).rejects.toThrow(
      'org/tuned@main: 401, the repo is gated or private: accept its licence on the Hub and give an access token (HF_TOKEN)',
    );
    await expect(openCheckpoint(access({ accessToken: 'hf_wrong' }), 'org/tuned', 'main')).rejects.toThrow(
      '401, the token was refused',
    );
    const opened = await openCheckpoint(access({ accessToken: TOKEN }), 'org/tuned', 'main');
    expect(opened.tensors.size).toBe(30);
  });
});

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/weights-diff.ts', ...args], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        HF_ENDPOINT: hub.url,
        HF_SYNC_TIMEOUT_MS: '5000',
        HF_SYNC_RETRY_BASE_MS: '1',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('npm run weights:diff', () => {
  it('prints the same diff file as the library, with progress on stderr', async () => {
    const run = await cli(['org/base', 'org/tuned', '--rows', '3', '--seed', '5']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(reportJson(await diff({ mode: 'sampled', rowsPerTensor: 3, seed: 5 })));
    expect(run.stderr).toContain('weights:diff: 30 tensors, 3 rows per tensor (seed 5);');
    expect(run.stderr).toMatch(/weights:diff: 30\/30 tensors, [\d.]+ (B|KiB) of [\d.]+ (B|KiB) read\n$/);
  });

  it('writes --out atomically and resumes an interrupted run without reading done tensors again', async () => {
    const out = join(dir, 'diffs', 'x.json');
    // The Hub goes down after the headers and a few tensors: 1 index + 2 probes per checkpoint, then 16 reads.
    for (const id of ['org/base', 'org/tuned']) {
      const repo = hub.repos.get(id);
      if (repo) repo.fileRequestsLeft = 3 + 8;
    }
    const first = await cli(['org/base', 'org/tuned', '--full', '--out', out]);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain('the server answered 500');
    expect(first.stderr).toContain(`results so far are in ${out}; run again to resume`);
    const partial = parseReport(readFileSync(out, 'utf8'), out);
    expect(partial.tensors.length).toBeGreaterThan(0);
    expect(partial.tensors.length).toBeLessThan(30);
    expect(existsSync(`${out}.tmp`)).toBe(false);

    for (const id of ['org/base', 'org/tuned']) {
      const repo = hub.repos.get(id);
      if (repo) delete repo.fileRequestsLeft;
    }
    hub.requests.length = 0;
    const second = await cli(['org/base', 'org/tuned', '--full', '--out', out]);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(`resuming ${out}: ${partial.tensors.length} of 30 tensors already measured`);
    const resumedReads = hub.requests.filter((line) => line.endsWith('.safetensors')).length;

    const fresh = join(dir, 'fresh.json');
    hub.requests.length = 0;
    expect((await cli(['org/base', 'org/tuned', '--full', '--out', fresh])).status).toBe(0);
    const freshReads = hub.requests.filter((line) => line.endsWith('.safetensors')).length;
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    // Every tensor here is one range per checkpoint in full mode: the resumed run skipped those done.
    expect(freshReads - resumedReads).toBe(2 * partial.tensors.length);
  });

  it('refuses to resume from results of another run', async () => {
    const out = join(dir, 'x.json');
    expect((await cli(['org/base', 'org/tuned', '--rows', '2', '--out', out])).status).toBe(0);
    const again = await cli(['org/base', 'org/tuned', '--rows', '2', '--seed', '9', '--out', out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('the earlier results were made with seed = 0, this run has 9');
  });

  it('says a gated repo needs a token, and reads it with HF_TOKEN', async () => {
    const gated = hub.repos.get('org/tuned');
    if (gated) gated.gated = 'manual';
    const refused = await cli(['org/base', 'org/tuned']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('org/tuned@main: 401, the repo is gated or private');
    expect((await cli(['org/base', 'org/tuned'], { HF_TOKEN: TOKEN })).status).toBe(0);
  });

  it('says which repo or file is missing (404)', async () => {
    const missing = await cli(['org/base', 'org/nope']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('weights:diff: org/nope@main: not found (404)\n');
    hub.repos.get('org/tuned')?.files?.delete('model-00002-of-00002.safetensors');
    const shard = await cli(['org/base', 'org/tuned']);
    expect(shard.stderr).toBe('weights:diff: org/tuned/model-00002-of-00002.safetensors: not found (404)\n');
  });

  it('refuses a truncated range', async () => {
    const repo = hub.repos.get('org/tuned');
    if (repo) repo.truncateAfterBytes = 100;
    const run = await cli(['org/base', 'org/tuned']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^weights:diff: org\/tuned\/model-0000[12]-of-00002\.safetensors: truncated, the connection broke after 100 of \d+ bytes\n$/,
    );
  });

  it('lists every difference in names and shapes and stops', async () => {
    addRepo(
      'org/other',
      SHA_B,
      checkpointFiles({
        perturbed: true,
        override: (tensor) =>
          tensor.name === 'model.layers.1.self_attn.k_proj.weight'
            ? { ...tensor, shape: [2, 16] }
            : tensor.name === 'lm_head.weight'
              ? { ...tensor, name: 'output.weight' }
              : tensor,
      }),
    );
    const run = await cli(['org/base', 'org/other']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        'weights:diff: the checkpoints differ in 3 tensors:',
        'weights:diff:   lm_head.weight: only in org/base',
        'weights:diff:   model.layers.1.self_attn.k_proj.weight: shape [4, 8] in org/base, [2, 16] in org/other',
        'weights:diff:   output.weight: only in org/other',
        '',
      ].join('\n'),
    );
  });

  it('refuses an unsupported dtype, naming it and the tensor', async () => {
    addRepo(
      'org/int8',
      SHA_B,
      checkpointFiles({
        perturbed: true,
        // Same bytes per row count halved: 8 I8 values per row of q_proj, stored in its 16 BF16-sized bytes' first half.
        override: (tensor) =>
          tensor.name === 'model.layers.0.mlp.up_proj.weight'
            ? { ...tensor, dtype: 'I8', data: tensor.data.subarray(0, tensor.data.length / 2) }
            : tensor,
      }),
    );
    const run = await cli(['org/base', 'org/int8']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'weights:diff: org/int8: tensor "model.layers.0.mlp.up_proj.weight" is I8; only BF16, F16 and F32 can be compared (quantized or integer weights are not decoded)\n',
    );
  });

  it.each([
    [['org/base'], 'expected two repo ids, got 1'],
    [['org/base', 'org/tuned', '--rows', '0'], '--rows must be an integer from 1 to 1000000, got "0"'],
    [['org/base', 'org/tuned', '--rows', '2', '--full'], '--rows and --full exclude each other'],
    [['org/base', 'org/tuned', '--seed=-1'], '--seed must be an integer from 0 to 4294967295, got "-1"'],
    [['org/base', 'org/tuned', '--bogus'], "Unknown option '--bogus'"],
    [['org/base', '../x'], '"../x" is not a Hub repo id'],
  ])('refuses bad arguments in one line: %j', async (args, message) => {
    const run = await cli(args);
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage: npm run weights:diff');
  });
});
