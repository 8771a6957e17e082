import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_DIR } from '../../src/data/snapshot.ts';
import type { FakeHub } from './fake-hub.ts';
import { startFakeHub, TOKEN } from './fake-hub.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const GPT2 = 'openai-community/gpt2';
const LLAMA = 'meta-llama/Llama-3.1-8B';
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
/** gpt2's parameters plus its 12 causal masks of 1024 × 1024: what the Hub's safetensors count shows. */
const GPT2_HUB_TOTAL = 124_439_808 + 12 * 1024 * 1024;

let hub: FakeHub;
let snapshot: string;

const realConfig = (id: string) => readFileSync(join(SNAPSHOT_DIR, id, 'config.json'), 'utf8');

/** Every file of the temporary snapshot with its bytes, to prove a failure wrote nothing. */
function snapshotFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(path.slice(snapshot.length), readFileSync(path, 'utf8'));
    }
  };
  walk(snapshot);
  return files;
}

function pull(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/configs-pull.ts', '--snapshot-dir', snapshot, ...args], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        HF_ENDPOINT: hub.url,
        HF_SYNC_TIMEOUT_MS: '800',
        HF_SYNC_RETRY_BASE_MS: '50',
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

beforeEach(async () => {
  hub = await startFakeHub();
  snapshot = mkdtempSync(join(tmpdir(), 'snapshot-'));
  for (const id of [GPT2, LLAMA]) cpSync(join(SNAPSHOT_DIR, id), join(snapshot, id), { recursive: true });
  writeFileSync(
    join(snapshot, 'models.json'),
    `${JSON.stringify(
      {
        models: [
          { repo: GPT2, revision: null, family: 'GPT-2' },
          { repo: LLAMA, revision: null, family: 'Llama' },
        ],
      },
      null,
      2,
    )}\n`,
  );
  hub.repos.set(GPT2, {
    sha: SHA_A,
    config: realConfig(GPT2),
    safetensorsTotal: GPT2_HUB_TOTAL,
    dtype: 'F32',
    license: 'mit',
  });
  hub.repos.set(LLAMA, {
    sha: SHA_A,
    config: realConfig(LLAMA),
    safetensorsTotal: 8_030_261_248,
    gated: 'manual',
    license: 'llama3.1',
  });
});

afterEach(async () => {
  await hub.close();
  rmSync(snapshot, { recursive: true, force: true });
});

describe('configs:pull against a local Hub', () => {
  it('pulls, validates and pins a model; a second pull changes no byte', async () => {
    const first = await pull([GPT2]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`updated   ${GPT2}  revision unpinned → aaaaaaa`);
    const record = JSON.parse(readFileSync(join(snapshot, GPT2, 'hub.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      repo: GPT2,
      revision: SHA_A,
      parameters: 124_439_808,
      configStatus: 'verbatim',
      license: 'mit',
      gated: false,
      safetensors: { total: GPT2_HUB_TOTAL, parameters: { F32: GPT2_HUB_TOTAL } },
    });
    expect(
      (record['checkpointBuffers'] as { tensors: string; elements: number }[]).map((b) => [b.tensors, b.elements]),
    ).toEqual([['h.{layer}.attn.bias', 12_582_912]]);
    expect(readFileSync(join(snapshot, GPT2, 'config.json'), 'utf8')).toBe(realConfig(GPT2));
    const manifest = JSON.parse(readFileSync(join(snapshot, 'models.json'), 'utf8')) as {
      models: { revision: string | null }[];
    };
    expect(manifest.models.map((entry) => entry.revision)).toEqual([SHA_A, null]);

    const before = snapshotFiles();
    const second = await pull([GPT2]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`unchanged ${GPT2}  at aaaaaaa`);
    expect(snapshotFiles()).toEqual(before);
  });

  it('moves the pin with --latest and reports which config keys changed', async () => {
    await pull([GPT2]);
    const changed = JSON.parse(realConfig(GPT2)) as Record<string, unknown>;
    changed['n_ctx'] = 2048;
    changed['layer_norm_epsilon'] = 1e-6;
    hub.repos.set(GPT2, {
      sha: SHA_B,
      config: `${JSON.stringify(changed, null, 2)}\n`,
      safetensorsTotal: GPT2_HUB_TOTAL,
      dtype: 'F32',
    });
    const result = await pull([GPT2, '--latest']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('revision aaaaaaa → bbbbbbb; config.json changed (layer_norm_epsilon, n_ctx)');
    expect(JSON.parse(readFileSync(join(snapshot, GPT2, 'config.json'), 'utf8'))).toEqual(changed);
    // without --latest the pin holds: the Hub is asked for the pinned commit
    hub.requests.length = 0;
    await pull([GPT2]);
    expect(hub.requests).toContain(`GET /api/models/${GPT2}/revision/${SHA_B}`);
  });

  it('explains a gated repo without a token, and pulls it with HF_TOKEN', async () => {
    const before = snapshotFiles();
    const refused = await pull([LLAMA]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain(
      `failed    ${LLAMA}  the Hub refused access (401): ${LLAMA} is gated; accept its licence at ${hub.url}/${LLAMA} and set HF_TOKEN to a read token`,
    );
    expect(refused.stdout).toContain('1 model: 0 updated, 0 unchanged, 1 failed');
    expect(snapshotFiles()).toEqual(before);

    const allowed = await pull([LLAMA], { HF_TOKEN: TOKEN });
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain(`updated   ${LLAMA}`);
    const record = JSON.parse(readFileSync(join(snapshot, LLAMA, 'hub.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      gated: 'manual',
      license: 'llama3.1',
      parameters: 8_030_261_248,
      checkpointBuffers: [],
    });

    const wrongToken = await pull([LLAMA, '--latest'], { HF_TOKEN: 'hf_wrong' });
    expect(wrongToken.stdout).toContain('the Hub refused the token in HF_TOKEN (401)');
  });

  it('reports a repo the Hub does not have', async () => {
    hub.repos.delete(GPT2);
    const before = snapshotFiles();
    const result = await pull([GPT2]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`failed    ${GPT2}  not found on the Hub (404)`);
    expect(snapshotFiles()).toEqual(before);
  });

  it('waits out a 429 as Retry-After asks, then succeeds', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.failures = [{ status: 429, retryAfter: '1' }];
    const started = Date.now();
    const result = await pull([GPT2]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`updated   ${GPT2}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after three 500s and leaves the snapshot as it was', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.failures = [{ status: 500 }, { status: 500 }, { status: 500 }];
    const before = snapshotFiles();
    const result = await pull([GPT2]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`failed    ${GPT2}  the Hub answered 500 on every attempt`);
    expect(hub.requests.filter((request) => request.startsWith('GET /api/'))).toHaveLength(3);
    expect(snapshotFiles()).toEqual(before);
  });

  it('rejects a truncated config body', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.config = realConfig(GPT2).slice(0, 200);
    const before = snapshotFiles();
    const result = await pull([GPT2]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`failed    ${GPT2}  config.json at aaaaaaa is not valid JSON`));
    expect(snapshotFiles()).toEqual(before);
  });

  it('rejects a config that does not validate', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.config = JSON.stringify({ model_type: 'gpt2', n_embd: 768 });
    const result = await pull([GPT2]);
    expect(result.stdout).toContain(`failed    ${GPT2}  config.json at aaaaaaa does not validate: n_layer: is missing`);
  });

  it('rejects a config whose parameter count disagrees with the Hub', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.safetensorsTotal = 124_439_808 + 5;
    const before = snapshotFiles();
    const result = await pull([GPT2]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'the config gives 124,439,808 parameters but the Hub counts 124,439,813 (a difference of 5 that no known buffer explains)',
    );
    expect(snapshotFiles()).toEqual(before);
  });

  it('times out on a server that never answers', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.hang = true;
    const before = snapshotFiles();
    const result = await pull([GPT2]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`failed    ${GPT2}  no answer within 0.8 s (3 attempts)`);
    expect(snapshotFiles()).toEqual(before);
  });

  it('pulls every model of the manifest, reporting each', async () => {
    const result = await pull([], { HF_TOKEN: TOKEN });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 models: 2 updated, 0 unchanged, 0 failed');
  });

  it('refuses an id that is not in the manifest, saying how to add it', async () => {
    const result = await pull(['google/gemma-7b']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('configs:pull: google/gemma-7b is not in content/configs/models.json: add a line');
    expect(result.stdout).toBe('');
  });
});
