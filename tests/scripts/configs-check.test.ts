import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_DIR } from '../../src/data/snapshot.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** A temporary folder holding the copy, so that a path out of it stays in the test's own folder. */
let outer: string;
let copy: string;

function check(dir: string) {
  const result = spawnSync(process.execPath, ['scripts/configs-check.ts', dir], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function edit(path: string, change: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(value);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

beforeEach(() => {
  outer = mkdtempSync(join(tmpdir(), 'configs-'));
  copy = join(outer, 'content', 'configs');
  cpSync(SNAPSHOT_DIR, copy, { recursive: true });
});
afterEach(() => rmSync(outer, { recursive: true, force: true }));

describe('configs:check', () => {
  it('passes on the committed snapshot', () => {
    const result = check(SNAPSHOT_DIR);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('configs:check: 40 models, every count equals its Hub record\n');
  });

  it('fails when a computed count disagrees with hub.json, naming the model', () => {
    edit(join(copy, 'google/gemma-2b/hub.json'), (hub) => (hub['parameters'] = 2_506_172_417));
    const result = check(copy);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'configs:check: content/configs/google/gemma-2b: the config gives 2,506,172,416 parameters but hub.json records 2,506,172,417',
    );
  });

  it('fails on a config that is not JSON or does not validate', () => {
    writeFileSync(join(copy, 'openai-community/gpt2/config.json'), '{"model_type": "gpt2",');
    edit(join(copy, 'Qwen/Qwen2-7B/config.json'), (config) => delete config['num_attention_heads']);
    const result = check(copy);
    expect(result.stderr).toContain('content/configs/openai-community/gpt2: not valid JSON');
    expect(result.stderr).toContain('content/configs/Qwen/Qwen2-7B: num_attention_heads: is missing');
    expect(result.stderr).toContain('2 problems');
  });

  it('fails when the manifest and the folders disagree', () => {
    edit(join(copy, 'models.json'), (manifest) => {
      const models = manifest['models'] as { repo: string }[];
      manifest['models'] = [
        ...models.filter((entry) => entry.repo !== 'google/gemma-2b'),
        { repo: 'google/gemma-7b', revision: null, family: 'Gemma' },
      ];
    });
    const result = check(copy);
    expect(result.stderr).toContain('content/configs/google/gemma-2b/: not in models.json');
    expect(result.stderr).toContain(
      'content/configs/google/gemma-7b/config.json: missing (run npm run configs:pull -- google/gemma-7b)',
    );
  });

  it('fails on incomplete provenance', () => {
    edit(join(copy, 'mistralai/Mistral-7B-v0.1/hub.json'), (hub) => (hub['configSource'] = ''));
    const result = check(copy);
    expect(result.stderr).toContain(
      'content/configs/mistralai/Mistral-7B-v0.1: mistralai/Mistral-7B-v0.1/hub.json configSource',
    );
  });

  it('refuses a manifest id that leads outside content/configs/, even with valid files there', () => {
    // A model's files where "../escaped" and "google/.." would lead: next to the snapshot, and its root.
    for (const [id, folder] of [
      ['../escaped', join(copy, '..', 'escaped')],
      ['google/..', copy],
    ] as const) {
      mkdirSync(folder, { recursive: true });
      cpSync(join(copy, 'openai-community/gpt2/config.json'), join(folder, 'config.json'));
      cpSync(join(copy, 'openai-community/gpt2/hub.json'), join(folder, 'hub.json'));
      edit(join(folder, 'hub.json'), (hub) => (hub['repo'] = id));
      edit(join(copy, 'models.json'), (manifest) => {
        const models = manifest['models'] as { repo: string }[];
        manifest['models'] = [
          ...models.filter((entry) => !entry.repo.includes('..')),
          { repo: id, revision: null, family: 'GPT-2' },
        ];
      });
      const result = check(copy);
      expect(result.status, id).toBe(1);
      expect(result.stderr).toContain(
        `configs:check: content/configs/models.json: models.json models.40.repo: "${id}" is not a Hub repo id: neither org nor name may be "." or ".."`,
      );
    }
  });

  it('refuses a symlinked model folder or file without following it, naming it', () => {
    const folder = join(copy, 'google/gemma-2b');
    renameSync(folder, join(outer, 'gemma-2b'));
    symlinkSync(join(outer, 'gemma-2b'), folder, 'dir');
    const config = join(copy, 'Qwen/Qwen2-7B/config.json');
    renameSync(config, join(outer, 'config.json'));
    symlinkSync(join(outer, 'config.json'), config);
    const result = check(copy);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `configs:check: content/configs/google/gemma-2b: ${folder} is a symbolic link; the snapshot holds only real folders and files, so it is refused and not followed (replace it with the folder itself)`,
    );
    expect(result.stderr).toContain(`configs:check: content/configs/Qwen/Qwen2-7B: ${config} is a symbolic link`);
    expect(result.stderr).toContain('2 problems');
  });
});
