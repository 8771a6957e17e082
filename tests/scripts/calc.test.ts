import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { classifyConfigPath, ConfigFileError, readAtMost, readConfigFile } from '../../scripts/read-config-file.ts';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { analyzeWithMemory, gpuById, MAX_CONFIG_BYTES, parseConfig } from '../../src/lib/index.ts';
import { escapeForTerminal, escapeJsonForTerminal, isTerminalControl } from '../../src/lib/text.ts';
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
    // not a timing assertion: a generous guard so a read that blocks (a FIFO) fails the test instead of hanging the run
    timeout: 60_000,
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
      'memory',
    ]);
    expect(output['model']).toBe('meta-llama/Llama-3.1-8B');
    expect(Object.keys(output['params'] ?? {})).toEqual([
      'total',
      'embedding',
      'nonEmbedding',
      'activePerToken',
      'activeNonEmbedding',
      'vision',
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
          analyzeWithMemory('meta-llama/Llama-3.1-8B', parseConfig(entry.config), runOptions(), {
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

  it('adds memory on the chosen GPUs, exactly as the library plans it', () => {
    const { status, stdout, stderr } = calc(
      'meta-llama/Llama-3.1-70B',
      '--json',
      '--weights',
      'fp8',
      '--gpu',
      'h100-sxm',
      '--gpus',
      '8',
      '--reserve',
      '0.2',
      '--context',
      '32768',
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { memory: Record<string, unknown> };
    expect(Object.keys(output.memory)).toEqual([
      'weights',
      'kvCacheBytes',
      'totalBytes',
      'perGpuBytes',
      'gpu',
      'gpus',
      'reserveFraction',
      'fits',
      'maxContext',
      'maxBatch',
      'decodeTokensPerSecond',
      'prefillSeconds',
      'perGpuWeightsBytes',
      'perGpuKvCacheBytes',
      'usableBytesPerGpu',
    ]);
    // 8 KV heads over 8 GPUs: one each, 80 layers · 2 · 128 · 2 bytes × 32,768 tokens
    expect(output.memory['perGpuKvCacheBytes']).toBe(80 * 2 * 128 * 2 * 32_768);
    expect(output.memory['gpu']).toEqual({
      id: 'h100-sxm',
      memoryBytes: 85_520_809_984,
      bandwidthBytesPerSecond: 3.35e12,
      bf16FlopsPerSecond: 989.5e12,
    });
    expect(output.memory).toMatchObject({ gpus: 8, reserveFraction: 0.2, fits: true });
    const entry = loadSnapshotEntry('meta-llama/Llama-3.1-70B');
    const expected = analyzeWithMemory(
      'meta-llama/Llama-3.1-70B',
      parseConfig(entry.config),
      runOptions({ contextTokens: 32_768 }),
      {
        memory: { format: 'fp8', gpu: gpuById('h100-sxm'), gpus: 8, reserveFraction: 0.2 },
      },
    ).memory;
    expect(output.memory).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('takes a custom GPU of three numbers and adds training with --train', () => {
    const { stdout, status } = calc(
      'meta-llama/Llama-3.1-8B',
      '--json',
      '--gpu-memory',
      '25769803776',
      '--gpu-bandwidth',
      '1e12',
      '--gpu-flops',
      '2e14',
      '--train',
      'lora',
      '--lora-rank',
      '8',
    );
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { memory: { gpu: unknown }; training: Record<string, unknown> };
    expect(output.memory.gpu).toEqual({
      id: 'custom',
      memoryBytes: 25_769_803_776,
      bandwidthBytesPerSecond: 1e12,
      bf16FlopsPerSecond: 2e14,
    });
    // rank 8: half of rank 16's 41,943,040 adapter parameters
    expect(output.training).toMatchObject({ mode: 'lora', loraRank: 8, trainableParameters: 20_971_520 });
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
    [
      'an unknown --weights',
      () => ['openai-community/gpt2', '--weights', 'q3_k_m'],
      /--weights: must be one of fp32, bf16, fp16, fp8, int8, int4, mxfp4, q8_0, q4_0, q4_k_m, got "q3_k_m"$/,
    ],
    ['an unknown --gpu', () => ['openai-community/gpt2', '--gpu', 'h100'], /--gpu: must be one of h100-sxm, h200, /],
    [
      'a zero --gpus',
      () => ['openai-community/gpt2', '--gpus', '0'],
      /--gpus: must be a whole number of GPUs from 1 to 1024, got "0"$/,
    ],
    ['a fractional --gpus', () => ['openai-community/gpt2', '--gpus', '1.5'], /--gpus: must be a whole number/],
    [
      'a --reserve of 1',
      () => ['openai-community/gpt2', '--reserve', '1'],
      /--reserve: must be a fraction of GPU memory from 0 to below 1 \(0\.1 keeps 10% free\), got "1"$/,
    ],
    ['a negative --reserve', () => ['openai-community/gpt2', '--reserve', '-0.5'], /--reserve: must be a fraction/],
    [
      'a custom GPU missing a number',
      () => ['openai-community/gpt2', '--gpu-memory', '1000', '--gpu-flops', '1e12'],
      /--gpu-memory: a custom GPU needs all three of --gpu-memory, --gpu-bandwidth and --gpu-flops$/,
    ],
    [
      'a catalogue GPU and a custom one',
      () => ['openai-community/gpt2', '--gpu', 'l4', '--gpu-memory', '1', '--gpu-bandwidth', '1', '--gpu-flops', '1'],
      /--gpu: give a catalogue GPU or --gpu-memory, --gpu-bandwidth and --gpu-flops, not both$/,
    ],
    [
      'a fractional --gpu-memory',
      () => ['openai-community/gpt2', '--gpu-memory', '1.5', '--gpu-bandwidth', '1', '--gpu-flops', '1'],
      /--gpu-memory: must be a whole number of bytes, got "1.5"$/,
    ],
    [
      'a non-numeric --gpu-bandwidth',
      () => ['openai-community/gpt2', '--gpu-memory', '1000', '--gpu-bandwidth', 'fast', '--gpu-flops', '1'],
      /--gpu-bandwidth: must be a positive number of bytes per second, got "fast"$/,
    ],
    [
      'a negative --gpu-flops',
      () => ['openai-community/gpt2', '--gpu-memory', '1000', '--gpu-bandwidth', '1', '--gpu-flops', '-1'],
      /--gpu-flops: must be a positive number of FLOP\/s, got "-1"$/,
    ],
    [
      'an unknown --train',
      () => ['openai-community/gpt2', '--train', 'dpo'],
      /--train: must be one of full, lora, qlora/,
    ],
    [
      'a zero --lora-rank',
      () => ['openai-community/gpt2', '--train', 'lora', '--lora-rank', '0'],
      /--lora-rank: must be a whole number from 1 to 65,536, got "0"$/,
    ],
    [
      '--lora-rank without --train',
      () => ['openai-community/gpt2', '--lora-rank', '8'],
      /--lora-rank: needs --train lora or --train qlora$/,
    ],
    [
      '--lora-rank with full fine-tuning',
      () => ['openai-community/gpt2', '--train', 'full', '--lora-rank', '8'],
      /--lora-rank: applies to --train lora or qlora, not full$/,
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

/** Expects the CLI to have refused its input with exactly `calc: <line>` on stderr and nothing on stdout. */
function expectRefused(result: ReturnType<typeof calc>, line: string) {
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`calc: ${line}\n`);
  expect(result.status).toBe(1);
}

/** The characters of `text` a terminal would act on, apart from the newlines that end lines. */
function terminalControls(text: string): string[] {
  return [...text].filter((char) => char !== '\n' && isTerminalControl(char.charCodeAt(0)));
}

describe('calc reads no more than the 1 MiB limit', () => {
  it('refuses a 3 GiB sparse file by its size, without reading it', () => {
    const path = join(scratch, 'sparse.json');
    writeFileSync(path, '{');
    truncateSync(path, 3 * 1024 ** 3);
    expectRefused(
      calc(path, '--json'),
      `${path}: the file is 3 GiB; a config.json is a few KB, so anything over 1 MiB is refused unread`,
    );
  });

  it('refuses a file one byte over 1 MiB and reads one of exactly 1 MiB', () => {
    const config = JSON.stringify(gpt2Config());
    const exact = writeConfig('exact.json', config.padEnd(MAX_CONFIG_BYTES, ' '));
    const result = calc(exact, '--json');
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as { params: { total: number } }).params.total).toBe(124_439_808);
    const over = writeConfig('over.json', config.padEnd(MAX_CONFIG_BYTES + 1, ' '));
    expectRefused(
      calc(over),
      `${over}: the file is 1,048,577 bytes; a config.json is a few KB, so anything over 1 MiB is refused unread`,
    );
  });

  it('stops reading one byte past the limit, however much the file holds', () => {
    const path = join(scratch, 'three-mib.bin');
    writeFileSync(path, Buffer.alloc(3 * 1024 * 1024, 0x20));
    const fd = openSync(path, 'r');
    try {
      expect(readAtMost(fd, MAX_CONFIG_BYTES + 1)).toHaveLength(MAX_CONFIG_BYTES + 1);
      // the descriptor has moved on by exactly that much: nothing more was read
      expect(readAtMost(fd, 3 * 1024 * 1024)).toHaveLength(3 * 1024 * 1024 - MAX_CONFIG_BYTES - 1);
    } finally {
      closeSync(fd);
    }
  });

  it.skipIf(!existsSync('/proc/self/status'))('refuses a file that holds more than its size says', () => {
    // /proc files say they are empty and are not: the read is counted, not the size believed
    expect(() => readConfigFile('/proc/self/status', 100)).toThrow(
      new ConfigFileError(
        'the file holds more than 100 bytes though its size said 0 bytes; a config.json is a few KB, so anything over 100 bytes is refused',
      ),
    );
  });
});

describe('calc says what a path is when it is not a config file', () => {
  // a folder of their own: the names must not meet the configs other tests write into scratch
  const place = join(scratch, 'paths');
  let server: Server | undefined;

  beforeAll(async () => {
    mkdirSync(place);
    execFileSync('mkfifo', [join(place, 'fifo.json')]);
    mkdirSync(join(place, 'empty-dir'));
    mkdirSync(join(place, 'fifo-dir'));
    execFileSync('mkfifo', [join(place, 'fifo-dir', 'config.json')]);
    symlinkSync('/dev/zero', join(place, 'zero.json'));
    symlinkSync('/dev/null', join(place, 'null.json'));
    symlinkSync('missing.json', join(place, 'dangling.json'));
    symlinkSync('loop-b.json', join(place, 'loop-a.json'));
    symlinkSync('loop-a.json', join(place, 'loop-b.json'));
    const listening = createServer();
    server = listening;
    await new Promise<void>((done) => listening.listen(join(place, 'calc.sock'), done));
  });
  afterAll(async () => {
    const listening = server;
    if (listening !== undefined) await new Promise((done) => listening.close(done));
  });

  const cases: [string, string, string][] = [
    ['a FIFO, without opening it (which would wait for a writer)', 'fifo.json', 'is a FIFO, not a file'],
    ['a directory with no config.json', 'empty-dir', 'is a directory with no config.json'],
    ['a directory whose config.json is a FIFO', 'fifo-dir', 'is a directory whose config.json is a FIFO, not a file'],
    ['a symbolic link to /dev/zero', 'zero.json', 'is a symbolic link to /dev/zero, a character device, not a file'],
    ['a symbolic link to /dev/null', 'null.json', 'is a symbolic link to /dev/null, a character device, not a file'],
    ['a socket', 'calc.sock', 'is a socket, not a file'],
    ['a dangling symbolic link', 'dangling.json', 'is a broken symbolic link: its target missing.json does not exist'],
    ['a symbolic link loop', 'loop-a.json', 'is a symbolic link in a loop (it points to loop-b.json)'],
  ];

  it.each(cases)('%s', (_label, name, problem) => {
    const path = join(place, name);
    expectRefused(calc(path), `${path}: ${problem}`);
  });

  it('a character device named directly', () => {
    expectRefused(calc('/dev/null', '--json'), '/dev/null: is a character device, not a file');
  });

  it('finds all of this with stat alone, opening nothing', () => {
    expect(classifyConfigPath(join(place, 'fifo.json'))).toEqual({
      kind: 'unusable',
      problem: 'is a FIFO, not a file',
    });
    expect(classifyConfigPath(join(place, 'nothing-here.json'))).toEqual({ kind: 'missing' });
    expect(classifyConfigPath(join(root, 'content/configs/openai-community/gpt2'))).toEqual({
      kind: 'file',
      path: join(root, 'content/configs/openai-community/gpt2/config.json'),
    });
  });
});

describe('calc reads UTF-8 with or without a byte order mark', () => {
  it('accepts a leading UTF-8 byte order mark', () => {
    const path = writeConfig('bom.json', `\uFEFF${JSON.stringify(gpt2Config())}`);
    const result = calc(path, '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { params: { total: number } }).params.total).toBe(124_439_808);
  });

  it('says a UTF-16 file is UTF-16', () => {
    const path = join(scratch, 'utf16.json');
    writeFileSync(path, Buffer.from(`\uFEFF${JSON.stringify(gpt2Config())}`, 'utf16le'));
    expectRefused(
      calc(path),
      `${path}: is UTF-16 text (it starts with a UTF-16 byte order mark); a config.json is UTF-8`,
    );
  });
});

describe('calc shows control characters from a config instead of sending them to the terminal', () => {
  const hostile = llamaConfig({
    hidden_act: 'silu\u001b]0;pwned\u0007\u009b2J',
    architectures: ['Llama\u202eForCausalLM\u2028x\u007f\u2066'],
  });

  it('escapes them in the summary', () => {
    const path = writeConfig('hostile.json', JSON.stringify(hostile));
    const { status, stdout, stderr } = calc(path);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(terminalControls(stdout)).toEqual([]);
    expect(stdout).toContain(`${path}  (llama, Llama\\u202eForCausalLM\\u2028x\\x7f\\u2066)\n`);
    expect(stdout).toContain('  MLP: silu\\x1b]0;pwned\\x07\\x9b2J GLU (silu\\x1b]0;pwned\\x07\\x9b2J), 14,336 wide\n');
  });

  it('escapes them in --json, which still parses to the same values', () => {
    const path = writeConfig('hostile.json', JSON.stringify(hostile));
    const { status, stdout, stderr } = calc(path, '--json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(terminalControls(stdout)).toEqual([]);
    expect(stdout).toContain('"architectureClass": "Llama\\u202eForCausalLM\\u2028x\\u007f\\u2066",\n');
    expect(stdout).toContain('"name": "silu\\u001b]0;pwned\\u0007\\u009b2J",\n');
    expect(JSON.parse(stdout)).toEqual(
      JSON.parse(JSON.stringify(analyzeWithMemory(path, parseConfig(hostile), runOptions()))),
    );
  });

  it('escapes them in the error line', () => {
    const path = writeConfig('hostile-type.json', JSON.stringify({ ...hostile, model_type: '\u009b31mbert\u202e' }));
    expectRefused(
      calc(path),
      `${path}: model_type: "\\x9b31mbert\\u202e" is not a supported architecture; supported: gpt2, llama, mistral, mixtral, gemma, gemma2, qwen2, qwen2_moe, qwen3, qwen3_moe, gemma3_text, gemma3, deepseek_v2, deepseek_v3, gpt_oss, phi3`,
    );
  });

  it('escapes them in a path, keeping the error on one line', () => {
    const path = join(scratch, 'nope\u001b[2J\n.json');
    expectRefused(calc(path), `${join(scratch, 'nope\\x1b[2J\\x0a.json')}: no such file`);
  });
});

describe('escapeForTerminal and escapeJsonForTerminal', () => {
  it('write every control character visibly and leave the rest alone', () => {
    expect(escapeForTerminal('a\u0000\t\n\u001b\u007f\u0080\u009f\u2028\u2029\u202a\u202e\u2066\u2069b')).toBe(
      'a\\x00\\x09\\x0a\\x1b\\x7f\\x80\\x9f\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069b',
    );
    const plain = 'model.layers.[0–31] × 32, θ 500,000, \\x1b, 😀, \u00a0\u202f';
    expect(escapeForTerminal(plain)).toBe(plain);
  });

  it('keep JSON the same JSON', () => {
    const value = { text: 'a\u001b\u007f\u009b\u2028\u202e\u2069\n"\\', list: ['\u0085'] };
    const json = JSON.stringify(value, null, 2);
    const escaped = escapeJsonForTerminal(json);
    expect(terminalControls(escaped)).toEqual([]);
    expect(JSON.parse(escaped)).toEqual(value);
    expect(escaped).toBe(
      json
        .replace('\u007f\u009b\u2028\u202e\u2069', '\\u007f\\u009b\\u2028\\u202e\\u2069')
        .replace('\u0085', '\\u0085'),
    );
  });
});
