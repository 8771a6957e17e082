import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/lib/index.ts';
import { flops, matmulParamsPerToken, parseConfig, tensorList } from '../../src/lib/index.ts';
import { gpt2Config, snapshotSpec } from '../fixtures.ts';

function flopsAt(spec: ModelSpec, contextTokens: number, attention: 'causal' | 'full' = 'causal') {
  return flops(spec, matmulParamsPerToken(spec, tensorList(spec)), { contextTokens, attention });
}

describe('FLOPs', () => {
  it('GPT-2 small by hand: 2 × matmul weights (tied head counted) + 4·heads·headDim per key per layer', () => {
    const spec = parseConfig(gpt2Config());
    const perLayerWeights = 768 * 2304 + 768 * 768 + 768 * 3072 + 3072 * 768;
    const matmul = 12 * perLayerWeights + 50257 * 768;
    expect(matmulParamsPerToken(spec, tensorList(spec))).toBe(matmul);
    expect(matmul).toBe(123_532_032);
    const perKey = 4 * 12 * 64;
    // decode at T = 1024: the last token sees 1,024 keys in each of 12 layers
    expect(flopsAt(spec, 1024).decode).toBe(2 * matmul + 12 * perKey * 1024);
    // prefill at T = 1024, causal: Σ_{t=1..1024} t = 524,800 keys per layer
    expect(flopsAt(spec, 1024).prefill).toBe(1024 * 2 * matmul + 12 * perKey * 524_800);
    // full counting charges every query all 1,024 keys
    expect(flopsAt(spec, 1024, 'full').prefill).toBe(1024 * 2 * matmul + 12 * perKey * 1024 * 1024);
    expect(flopsAt(spec, 1024).training).toBe(3 * flopsAt(spec, 1024).prefill);
  });

  it('Llama 3.1 8B decode at 4,096 tokens: 17,156,800,512 FLOPs', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-8B');
    const matmul = 32 * (4096 * 4096 * 2 + 1024 * 4096 * 2 + 3 * 4096 * 14336) + 128256 * 4096;
    expect(2 * matmul + 32 * 4 * 32 * 128 * 4096).toBe(17_156_800_512);
    expect(flopsAt(spec, 4096).decode).toBe(17_156_800_512);
  });

  it('counts only the top-2 experts and the router for Mixtral', () => {
    const spec = snapshotSpec('mistralai/Mixtral-8x7B-v0.1');
    const perLayer = 4096 * 4096 * 2 + 1024 * 4096 * 2 + 8 * 4096 + 2 * 3 * 4096 * 14336;
    expect(matmulParamsPerToken(spec, tensorList(spec))).toBe(32 * perLayer + 32000 * 4096);
  });

  it.each([
    ['openai-community/gpt2', 700],
    ['mistralai/Mistral-7B-v0.1', 4200],
    ['google/gemma-2-2b-it', 4200],
    ['mistralai/Mixtral-8x7B-v0.1', 300],
  ])('%s: prefill(T) = Σ decode(t) for t = 1..T (T = %i)', (id, contextTokens) => {
    const spec = snapshotSpec(id);
    const matmul = matmulParamsPerToken(spec, tensorList(spec));
    let sum = 0;
    for (let t = 1; t <= contextTokens; t += 1)
      sum += flops(spec, matmul, { contextTokens: t, attention: 'causal' }).decode;
    const prefill = flops(spec, matmul, { contextTokens, attention: 'causal' }).prefill;
    expect(Number.isSafeInteger(prefill)).toBe(true);
    expect(prefill).toBe(sum);
  });

  it("stops a sliding layer's attention cost at its window: Mistral v0.1 decode is flat past 4,096", () => {
    const spec = snapshotSpec('mistralai/Mistral-7B-v0.1');
    expect(flopsAt(spec, 32_768).decode).toBe(flopsAt(spec, 4096).decode);
    expect(flopsAt(spec, 4097).prefill - flopsAt(spec, 4096).prefill).toBe(flopsAt(spec, 4097).decode);
  });

  it('gives the same decode under both countings (the last token sees every cached key either way)', () => {
    const spec = snapshotSpec('google/gemma-2-9b');
    expect(flopsAt(spec, 8192, 'full').decode).toBe(flopsAt(spec, 8192, 'causal').decode);
  });

  it('stays accurate beyond 2^53 (Llama 3.1 405B prefill at 131,072 tokens)', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-405B');
    const matmul = matmulParamsPerToken(spec, tensorList(spec));
    const T = 131_072;
    const exact = BigInt(T) * 2n * BigInt(matmul) + BigInt(126 * 4 * 128 * 128) * ((BigInt(T) * BigInt(T + 1)) / 2n);
    const computed = flopsAt(spec, T).prefill;
    expect(computed).toBeGreaterThan(2 ** 53);
    expect(Math.abs(computed - Number(exact)) / Number(exact)).toBeLessThan(1e-12);
  });
});
