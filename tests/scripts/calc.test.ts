import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { analyzeConfig } from '../../src/lib/index.ts';
import { gpt2Config, llamaConfig, qwen2MoeConfig, runOptions, without } from '../fixtures.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'calc-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI with the same Node that runs the tests (the project's Node 24). */
function calc(...args: string[]) {
  // room for the --json of a 10,000-expert model (about 30 MB: every expert's tensor by name)
  const result = spawnSync(process.execPath, ['scripts/calc.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeConfig(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('calc --json', () => {
  it('prints exactly the contract keys, with the library numbers and the defaults', () => {
    const { status, stdout, stderr } = calc('meta-llama/Llama-3.1-8B', '--json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(output)).toEqual([
      'model',
      'architecture',
      'params',
      'kvCache',
      'flops',
      'tensors',
      'checkpoint',
      'tensorCount',
      'tensorGroups',
    ]);
    expect(output['model']).toBe('meta-llama/Llama-3.1-8B');
    expect(Object.keys(output['params'] ?? {})).toEqual([
      'total',
      'embedding',
      'nonEmbedding',
      'activePerToken',
      'checkpoint',
      'matmulPerToken',
      'breakdown',
    ]);
    expect(output['kvCache']).toEqual({
      dtype: 'bf16',
      batch: 1,
      context: 4096,
      bytesPerToken: 131_072,
      bytes: 4096 * 131_072,
      withoutMlaCompression: null,
      // 32 global layers × 2 · 8 · 128 elements × 4,096 tokens × 2 bytes
      terms: [
        {
          firstLayer: 0,
          layers: 32,
          elementsPerToken: 2048,
          reach: { kind: 'global' },
          cachedTokens: 4096,
          bytes: 32 * 2048 * 4096 * 2,
        },
      ],
    });
    // the old flat architecture keys are still there
    expect(output['architecture']).toMatchObject({ layers: 32, heads: 32, kvHeads: 8, headDim: 128, moe: null });
    expect(output['flops']).toMatchObject({ context: 4096, attention: 'causal', decode: 17_156_800_512 });
    expect(Object.keys(output['flops'] ?? {})).toEqual(
      expect.arrayContaining(['context', 'attention', 'prefill', 'decode', 'training']),
    );
    expect(output['params']?.['total']).toBe(8_030_261_248);
    const tensors = output['tensors'] as unknown as { name: string; shape: number[] }[];
    expect(tensors).toContainEqual({ name: 'model.layers.31.mlp.down_proj.weight', shape: [4096, 14336] });
    const entry = loadSnapshotEntry('meta-llama/Llama-3.1-8B');
    expect(output).toEqual(
      JSON.parse(
        JSON.stringify(
          analyzeConfig('meta-llama/Llama-3.1-8B', entry.config, runOptions(), {
            recordedBuffers: entry.hub.checkpointBuffers,
          }),
        ),
      ),
    );
  });

  it('applies --context, --batch, --dtype and --attention', () => {
    const { stdout } = calc(
      'mistralai/Mistral-7B-v0.1',
      '--json',
      '--context',
      '32768',
      '--batch=4',
      '--dtype',
      'fp8',
      '--attention',
      'full',
    );
    const output = JSON.parse(stdout) as { kvCache: unknown; flops: { attention: string; context: number } };
    // the 4,096-token window caps every layer: 4 × 4,096 × 32 layers × 2 × 8 × 128 × 1 byte
    expect(output.kvCache).toEqual({
      dtype: 'fp8',
      batch: 4,
      context: 32_768,
      bytesPerToken: 65_536,
      bytes: 4 * 4096 * 65_536,
      withoutMlaCompression: null,
      terms: [
        {
          firstLayer: 0,
          layers: 32,
          elementsPerToken: 2 * 8 * 128,
          reach: { kind: 'sliding', windowTokens: 4096 },
          cachedTokens: 4096,
          bytes: 4 * 32 * 2048 * 4096 * 1,
        },
      ],
    });
    expect(output.flops).toMatchObject({ attention: 'full', context: 32_768 });
  });

  it('reads a config.json path and a snapshot folder', () => {
    const path = writeConfig('gpt2.json', JSON.stringify(gpt2Config()));
    const fromFile = JSON.parse(calc(path, '--json').stdout) as { model: string; params: { total: number } };
    expect(fromFile.params.total).toBe(124_439_808);
    expect(fromFile.model).toBe(path);
    const fromFolder = JSON.parse(calc('content/configs/openai-community/gpt2', '--json').stdout) as {
      params: { total: number };
    };
    expect(fromFolder.params.total).toBe(124_439_808);
  });
});

describe('calc on checkpoints and large configs', () => {
  it('gives GPT-2 small a checkpoint of 137,022,720 elements and 148 tensors', () => {
    const { status, stdout, stderr } = calc('openai-community/gpt2', '--json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as {
      params: { total: number; checkpoint: number };
      tensors: { name: string; shape: number[] }[];
      tensorCount: number;
    };
    // 124,439,808 parameters + 12 layers × 1024² causal-mask elements the 2019 checkpoint stores
    expect(output.params.total).toBe(124_439_808);
    expect(output.params.checkpoint).toBe(124_439_808 + 12 * 1024 * 1024);
    expect(output.params.checkpoint).toBe(137_022_720);
    // wte, wpe + 12 layers × (ln_1, c_attn, attn.c_proj, ln_2, c_fc, mlp.c_proj: weight and bias each) + ln_f weight and bias
    expect(2 + 12 * 12 + 2).toBe(148);
    expect(output.tensors).toHaveLength(148);
    expect(output.tensorCount).toBe(148);
    expect(output.tensors.slice(0, 3).map((tensor) => tensor.name)).toEqual([
      'transformer.wte.weight',
      'transformer.wpe.weight',
      'transformer.h.0.ln_1.weight',
    ]);
    expect(output.tensors.at(-1)).toEqual({ name: 'transformer.ln_f.bias', shape: [768] });
  });

  it('computes a 10,000-expert Qwen2-MoE config from a file', () => {
    const path = writeConfig(
      'experts.json',
      JSON.stringify(qwen2MoeConfig({ num_experts: 10_000, num_hidden_layers: 8 })),
    );
    const summary = calc(path);
    expect(summary.stderr).toBe('');
    expect(summary.status).toBe(0);
    expect(summary.stdout).toContain('model.layers.[0–7].mlp.experts.[0–9999].up_proj.weight [64, 32] × 80,000\n');
    const json = calc(path, '--json');
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const output = JSON.parse(json.stdout) as {
      params: { total: number };
      tensorCount: number;
      tensors: unknown[];
    };
    // hand derivations in tests/lib/limits.test.ts: 8 × 61,775,520 + 6,432; 1 + 8 × 30,014 + 2
    expect(output.params.total).toBe(494_210_592);
    expect(output.tensorCount).toBe(240_115);
    expect(output.tensors).toHaveLength(240_115);
  });
});

describe('calc summary', () => {
  it('prints the counts, KV cache, FLOPs and the tensor table', () => {
    const { status, stdout } = calc('meta-llama/Llama-3.1-8B', '--context', '131072');
    expect(status).toBe(0);
    expect(stdout).toContain('8,030,261,248');
    expect(stdout).toContain('17,179,869,184 B  16 GiB');
    // the tensor table groups the 32 identical layers into one row
    expect(stdout).toContain('  model.layers.[0–31].mlp.down_proj.weight [4096, 14336] × 32\n');
    expect(stdout).toContain('GQA, 4 query heads per KV head');
  });
});

describe('calc rejects bad input with one clear line', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => [join(scratch, 'nope.json')], /nope\.json: no such file$/],
    [
      'an unknown snapshot id',
      () => ['meta-llama/Llama-9'],
      /no model with that id in the snapshot \(closest: meta-llama\//,
    ],
    [
      'text that is not JSON',
      () => [writeConfig('broken.json', '{"model_type": "llama",')],
      /broken\.json: not valid JSON/,
    ],
    [
      'JSON that is not an object',
      () => [writeConfig('array.json', '[1, 2, 3]')],
      /array\.json: a config must be a JSON object, got an array$/,
    ],
    [
      'a missing required key',
      () => [writeConfig('nolayers.json', JSON.stringify(without(llamaConfig(), 'num_hidden_layers')))],
      /nolayers\.json: num_hidden_layers: is missing/,
    ],
    [
      'a wrong type',
      () => [writeConfig('type.json', JSON.stringify(llamaConfig({ vocab_size: 'many' })))],
      /type\.json: vocab_size: must be a positive whole number, got "many"$/,
    ],
    [
      'a non-positive size',
      () => [writeConfig('zero.json', JSON.stringify(llamaConfig({ intermediate_size: 0 })))],
      /zero\.json: intermediate_size: must be a positive whole number, got 0$/,
    ],
    [
      'a non-finite size',
      () => [writeConfig('inf.json', '{"model_type":"llama","hidden_size":1e999}')],
      /inf\.json: hidden_size: must be a positive whole number, got Infinity$/,
    ],
    [
      'heads not divisible by KV heads',
      () => [writeConfig('kv.json', JSON.stringify(llamaConfig({ num_key_value_heads: 3 })))],
      /kv\.json: num_key_value_heads: 32 attention heads cannot be split evenly over 3/,
    ],
    [
      'hidden not divisible by heads',
      () => [writeConfig('hd.json', JSON.stringify(gpt2Config({ n_head: 5 })))],
      /hd\.json: n_head: hidden size 768 is not divisible by 5 heads/,
    ],
    [
      'an unknown model_type',
      () => [writeConfig('bert.json', JSON.stringify({ ...llamaConfig(), model_type: 'bert' }))],
      /bert\.json: model_type: "bert" is not a supported architecture/,
    ],
    [
      'a negative --context',
      () => ['openai-community/gpt2', '--context', '-5'],
      /--context: must be a whole number of tokens from 1 to 100,000,000, got "-5"$/,
    ],
    [
      'a non-numeric --context',
      () => ['openai-community/gpt2', '--context', 'abc'],
      /--context: must be a whole number of tokens/,
    ],
    [
      'a --context beyond 10^8',
      () => ['openai-community/gpt2', '--context', '200000000'],
      /--context: must be at most 100,000,000 tokens/,
    ],
    ['a zero --batch', () => ['openai-community/gpt2', '--batch', '0'], /--batch: must be a whole number of sequences/],
    [
      'an unknown --dtype',
      () => ['openai-community/gpt2', '--dtype', 'fp64'],
      /--dtype: must be one of fp32, bf16, fp16, fp8, int8, int4, got "fp64"$/,
    ],
    ...(['constructor', 'toString', '__proto__'].map((dtype) => [
      `--dtype ${dtype}, a name every object inherits`,
      () => ['openai-community/gpt2', '--dtype', dtype],
      new RegExp(`--dtype: must be one of fp32, bf16, fp16, fp8, int8, int4, got "${dtype}"$`),
    ]) as [string, () => string[], RegExp][]),
    [
      'an unknown --attention',
      () => ['openai-community/gpt2', '--attention', 'sparse'],
      /--attention: must be causal or full, got "sparse"$/,
    ],
    ['an unknown flag', () => ['openai-community/gpt2', '--seq', '5'], /Unknown option '--seq'/],
    ['no config', () => [], /no config given; usage: npm run calc/],
    ['two configs', () => ['openai-community/gpt2', 'openai-community/gpt2-xl'], /one config at a time, got 2/],
  ];

  it.each(cases)('%s', (_label, args, message) => {
    const { status, stdout, stderr } = calc(...args());
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^calc: /);
    expect(stderr.trimEnd()).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
