import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullModels } from '../../scripts/sync/pull.ts';
import { SNAPSHOT_DIR } from '../../src/data/snapshot.ts';
import { manifestSchema } from '../../src/lib/hub-record.ts';
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
/** A temporary folder holding the snapshot, to prove nothing is written next to it. */
let outer: string;
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
  outer = mkdtempSync(join(tmpdir(), 'snapshot-'));
  snapshot = join(outer, 'content', 'configs');
  mkdirSync(snapshot, { recursive: true });
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
  rmSync(outer, { recursive: true, force: true });
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

/** Ids that name no Hub repo and would lead elsewhere as folder names. */
const BAD_IDS = ['../..', 'Qwen/..', '../escaped', './x', 'a/b/c', 'org/.', '/etc/passwd', 'org\\name/x', 'org/na\\me'];

function writeManifest(models: { repo: string; revision: string | null; family: string }[]): void {
  writeFileSync(join(snapshot, 'models.json'), `${JSON.stringify({ models }, null, 2)}\n`);
}

describe('configs:pull keeps every file inside content/configs/', () => {
  it('refuses a command-line id that is not a Hub repo id, before any request', async () => {
    const before = snapshotFiles();
    const result = await pull(BAD_IDS);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    for (const id of BAD_IDS) expect(result.stderr).toContain(`${JSON.stringify(id)} is not a Hub repo id: `);
    expect(result.stderr).toContain('"Qwen/.." is not a Hub repo id: neither org nor name may be "." or ".."');
    expect(result.stderr).toContain('"a/b/c" is not a Hub repo id: must be exactly org/name, with one slash');
    expect(hub.requests).toEqual([]);
    expect(snapshotFiles()).toEqual(before);
  });

  it('applies the Hub rules of huggingface_hub validate_repo_id to models.json', () => {
    const problem = (repo: string) => {
      const result = manifestSchema.safeParse({ models: [{ repo, revision: null, family: 'x' }] });
      return result.success ? null : result.error.issues[0]?.message;
    };
    for (const id of [
      ...BAD_IDS,
      'a/-b',
      'a/b.',
      '.a/b',
      'a--b/c',
      'a/b.git',
      'a/b c',
      'café/x',
      `a/${'x'.repeat(97)}`,
    ]) {
      expect(problem(id), id).toMatch(/is not a Hub repo id: /);
    }
    for (const id of [GPT2, 'Qwen/Qwen2.5-7B', '_a_/b.c-d_e', `a/${'x'.repeat(96)}`])
      expect(problem(id), id).toBeNull();
  });

  it('refuses a models.json entry that would lead outside the snapshot, writing nothing', async () => {
    writeManifest([
      { repo: GPT2, revision: null, family: 'GPT-2' },
      { repo: '../escaped', revision: null, family: 'GPT-2' },
    ]);
    const before = snapshotFiles();
    const result = await pull([]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'configs:pull: models.json models.1.repo: "../escaped" is not a Hub repo id: neither org nor name may be "." or ".."',
    );
    expect(hub.requests).toEqual([]);
    expect(snapshotFiles()).toEqual(before);
    expect(readdirSync(outer)).toEqual(['content']);
  });

  it('refuses a symlinked model folder, config.json or hub.json, and does not follow it', async () => {
    const folder = join(snapshot, GPT2);
    const elsewhere = join(outer, 'elsewhere');
    renameSync(folder, elsewhere);
    symlinkSync(elsewhere, folder, 'dir');
    const outside = () => readdirSync(elsewhere).map((name) => readFileSync(join(elsewhere, name), 'utf8'));
    const untouched = outside();

    const linkedFolder = await pull([GPT2]);
    expect(linkedFolder.status).toBe(1);
    expect(linkedFolder.stdout).toContain(
      `failed    ${GPT2}  ${folder} is a symbolic link; the snapshot holds only real folders and files, so it is refused and not followed`,
    );

    rmSync(folder);
    mkdirSync(folder);
    symlinkSync(join(elsewhere, 'config.json'), join(folder, 'config.json'));
    cpSync(join(elsewhere, 'hub.json'), join(folder, 'hub.json'));
    const linkedConfig = await pull([GPT2]);
    expect(linkedConfig.stdout).toContain(`failed    ${GPT2}  ${join(folder, 'config.json')} is a symbolic link`);

    rmSync(join(folder, 'config.json'));
    rmSync(join(folder, 'hub.json'));
    cpSync(join(elsewhere, 'config.json'), join(folder, 'config.json'));
    symlinkSync(join(elsewhere, 'hub.json'), join(folder, 'hub.json'));
    const linkedHub = await pull([GPT2]);
    expect(linkedHub.stdout).toContain(`failed    ${GPT2}  ${join(folder, 'hub.json')} is a symbolic link`);

    expect(hub.requests).toEqual([]);
    expect(outside()).toEqual(untouched);
  });
});

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

/**
 * The size limits are counted in bytes, not time: these requests get a timeout no loaded machine
 * reaches, so a slow read can never turn into a timeout and a retry the test did not ask for.
 */
const GENEROUS_TIMEOUT = { HF_SYNC_TIMEOUT_MS: '60000' };

describe('configs:pull reads no answer past its limit', () => {
  const infoPath = `/api/models/${GPT2}/revision/main`;
  const configPath = `/${GPT2}/resolve/${SHA_A}/config.json`;
  const host = () => new URL(hub.url).host;
  const apiRequests = () => hub.requests.filter((request) => request.startsWith('GET /api/'));

  it('stops a 1.5 GiB model info at 8 MiB when no Content-Length is sent, unretried', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.oversize = { route: 'info', bytes: 1.5 * GIB, length: 'absent' };
    const before = snapshotFiles();
    const result = await pull([GPT2], GENEROUS_TIMEOUT);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `failed    ${GPT2}  ${host()} sent more than 8 MiB for ${infoPath}; the sync reads at most 8 MiB of that answer, so it stopped reading and refused it`,
    );
    expect(apiRequests()).toHaveLength(1);
    // The server produces only what is read (plus what the socket buffers hold): far from 1.5 GiB.
    expect(hub.oversizeSent).toBeLessThan(64 * MIB);
    expect(snapshotFiles()).toEqual(before);
  });

  it('refuses a model info whose Content-Length is over the limit without reading it', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.oversize = { route: 'info', bytes: 1.5 * GIB, length: 'declared' };
    const result = await pull([GPT2], GENEROUS_TIMEOUT);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `failed    ${GPT2}  ${host()} announced 1,610,612,736 bytes for ${infoPath}; the sync reads at most 8 MiB of that answer, so it refused it unread`,
    );
    expect(hub.oversizeSent).toBeLessThan(64 * MIB);
  });

  it('counts the bytes of a gzip body whose Content-Length says far less', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.oversize = { route: 'info', bytes: 32 * MIB, length: 'gzip' };
    const result = await pull([GPT2], GENEROUS_TIMEOUT);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`failed    ${GPT2}  ${host()} sent more than 8 MiB for ${infoPath}`);
  });

  it('stops a config.json at 1 MiB, with or without Content-Length', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.oversize = { route: 'config', bytes: 1.5 * GIB, length: 'absent' };
    const before = snapshotFiles();
    const streamed = await pull([GPT2], GENEROUS_TIMEOUT);
    expect(streamed.status).toBe(1);
    expect(streamed.stdout).toContain(
      `failed    ${GPT2}  ${host()} sent more than 1 MiB for ${configPath}; the sync reads at most 1 MiB of that answer`,
    );
    expect(hub.oversizeSent).toBeLessThan(64 * MIB);

    if (repo) repo.oversize = { route: 'config', bytes: 2 * MIB, length: 'declared' };
    const declared = await pull([GPT2], GENEROUS_TIMEOUT);
    expect(declared.stdout).toContain(`failed    ${GPT2}  ${host()} announced 2,097,152 bytes for ${configPath}`);
    expect(snapshotFiles()).toEqual(before);
  });

  it('hands @huggingface/hub a body that errors at the limit, even through a fetch with no limit of its own', async () => {
    const repo = hub.repos.get(GPT2);
    if (repo) repo.oversize = { route: 'info', bytes: 1.5 * GIB, length: 'absent' };
    const outcomes = await pullModels({
      snapshotDir: snapshot,
      repos: [GPT2],
      latest: false,
      hubUrl: hub.url,
      accessToken: undefined,
      fetch: () => fetch,
      concurrency: 1,
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    expect(outcomes).toEqual([
      {
        repo: GPT2,
        status: 'failed',
        reason: `${host()} sent more than 8 MiB for ${infoPath}; the sync reads at most 8 MiB of that answer, so it stopped reading and refused it`,
      },
    ]);
    expect(hub.oversizeSent).toBeLessThan(64 * MIB);
  });

  it('parses the config with the nesting limit of /try/', async () => {
    const repo = hub.repos.get(GPT2);
    const config = JSON.parse(realConfig(GPT2)) as Record<string, unknown>;
    if (repo) repo.config = JSON.stringify({ ...config, deep: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) });
    const result = await pull([GPT2], GENEROUS_TIMEOUT);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `failed    ${GPT2}  config.json at aaaaaaa is refused: the JSON nests deeper than 32 levels; no config.json does`,
    );
  });
});

describe('configs:pull replaces a snapshot file that does not parse', () => {
  it('names a corrupt config.json and hub.json and replaces both', async () => {
    const folder = join(snapshot, GPT2);
    writeFileSync(join(folder, 'config.json'), '{"model_type": "gpt2",');
    writeFileSync(join(folder, 'hub.json'), 'not JSON at all');
    const result = await pull([GPT2]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `updated   ${GPT2}  ${join(folder, 'config.json')} was unusable, so the pull replaced it: not valid JSON (`,
    );
    expect(result.stdout).toContain(
      `${join(folder, 'hub.json')} was unusable, so the pull replaced it: not valid JSON (`,
    );
    expect(readFileSync(join(folder, 'config.json'), 'utf8')).toBe(realConfig(GPT2));
    expect(JSON.parse(readFileSync(join(folder, 'hub.json'), 'utf8'))).toMatchObject({ repo: GPT2, revision: SHA_A });
    // replaced through a temporary file and a rename: nothing else is left in the folder
    expect(readdirSync(folder).sort()).toEqual(['config.json', 'hub.json']);

    const again = await pull([GPT2]);
    expect(again.stdout).toContain(`unchanged ${GPT2}  at aaaaaaa`);
  });

  it('names a hub.json that is JSON but not a record', async () => {
    const folder = join(snapshot, GPT2);
    writeFileSync(join(folder, 'hub.json'), '{"repo": "openai-community/gpt2"}\n');
    const result = await pull([GPT2]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `${join(folder, 'hub.json')} was unusable, so the pull replaced it: does not validate: revision:`,
    );
  });
});

/**
 * What .github/workflows/configs-sync.yml relies on: it runs the full pull with --latest in a checkout,
 * opens a pull request only when `git status` shows a change under content/configs/, and fails the job
 * when the pull exits non-zero.
 */
describe('configs:pull as the weekly sync workflow runs it', () => {
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: outer, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const commitAll = () => {
    git('add', '-A');
    git('-c', 'user.name=sync', '-c', 'user.email=sync@localhost', 'commit', '-q', '-m', 'snapshot');
  };

  it('leaves git status clean when the Hub has nothing new, and shows exactly the changed files when it has', async () => {
    git('init', '-q');
    const first = await pull(['--latest'], { HF_TOKEN: TOKEN });
    expect(first.status).toBe(0);
    commitAll();

    const unchanged = await pull(['--latest'], { HF_TOKEN: TOKEN });
    expect(unchanged.status).toBe(0);
    expect(unchanged.stdout).toContain('2 models: 0 updated, 2 unchanged, 0 failed');
    expect(git('status', '--porcelain')).toBe('');

    const changed = JSON.parse(realConfig(GPT2)) as Record<string, unknown>;
    changed['n_ctx'] = 2048;
    hub.repos.set(GPT2, {
      sha: SHA_B,
      config: `${JSON.stringify(changed, null, 2)}\n`,
      safetensorsTotal: GPT2_HUB_TOTAL,
      dtype: 'F32',
      license: 'mit',
    });
    const updated = await pull(['--latest'], { HF_TOKEN: TOKEN });
    expect(updated.status).toBe(0);
    expect(updated.stdout).toContain('2 models: 1 updated, 1 unchanged, 0 failed');
    expect(git('status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([
      ' M content/configs/models.json',
      ` M content/configs/${GPT2}/config.json`,
      ` M content/configs/${GPT2}/hub.json`,
    ]);
  });

  it('exits non-zero when any model fails, so the job fails and opens no pull request', async () => {
    const repo = hub.repos.get(LLAMA);
    if (repo) repo.failures = [{ status: 500 }, { status: 500 }, { status: 500 }];
    const result = await pull(['--latest'], { HF_TOKEN: TOKEN });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('2 models: 1 updated, 0 unchanged, 1 failed');
  });
});
