import { describe, expect, it } from 'vitest';
import { architectureSummary, kvCache, parseConfig } from '../../src/lib/index.ts';
import { llamaConfig, snapshotSpec } from '../fixtures.ts';

const GiB = 2 ** 30;

describe('KV cache', () => {
  it('Llama 3.1 8B stores 128 KiB per token in bf16 and 16 GiB at 131,072 tokens', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-8B');
    // 32 layers × 2 (K and V) × 8 KV heads × 128 head_dim × 2 bytes
    expect(32 * 2 * 8 * 128 * 2).toBe(128 * 1024);
    const result = kvCache(spec, { contextTokens: 131_072, batch: 1, dtype: 'bf16' });
    expect(result).toEqual({
      dtype: 'bf16',
      batch: 1,
      context: 131_072,
      bytesPerToken: 131_072,
      bytes: 16 * GiB,
      // no MLA layer, so there is no decompressed alternative
      withoutMlaCompression: null,
      // one term: 32 global layers × 2 · 8 · 128 = 2,048 elements × 131,072 tokens × 2 bytes = 16 GiB
      terms: [
        {
          firstLayer: 0,
          layers: 32,
          elementsPerToken: 2 * 8 * 128,
          reach: { kind: 'global' },
          cachedTokens: 131_072,
          bytes: 32 * 2048 * 131_072 * 2,
        },
      ],
    });
    expect(32 * 2048 * 131_072 * 2).toBe(17_179_869_184);
  });

  it('scales with batch and the element size of each dtype', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-8B');
    const at = (dtype: 'fp32' | 'fp16' | 'fp8' | 'int8' | 'int4', batch = 1) =>
      kvCache(spec, { contextTokens: 1000, batch, dtype }).bytes;
    expect(at('fp32')).toBe(1000 * 32 * 2 * 8 * 128 * 4);
    expect(at('fp16')).toBe(1000 * 32 * 2 * 8 * 128 * 2);
    expect(at('fp8')).toBe(1000 * 32 * 2 * 8 * 128);
    expect(at('int8', 3)).toBe(3 * 1000 * 32 * 2 * 8 * 128);
    expect(at('int4')).toBe(1000 * 32 * 8 * 128);
  });

  it('Mistral 7B v0.1 stops growing at its 4,096-token window', () => {
    const spec = snapshotSpec('mistralai/Mistral-7B-v0.1');
    const bytes = (context: number) => kvCache(spec, { contextTokens: context, batch: 1, dtype: 'bf16' }).bytes;
    expect(bytes(4095)).toBeLessThan(bytes(4096));
    expect(bytes(4096)).toBe(4096 * 131_072);
    expect(bytes(32_768)).toBe(bytes(4096));
    // v0.3 dropped the window: it keeps growing
    const v03 = snapshotSpec('mistralai/Mistral-7B-v0.3');
    expect(kvCache(v03, { contextTokens: 32_768, batch: 1, dtype: 'bf16' }).bytes).toBe(32_768 * 131_072);
  });

  it('Gemma 2 9B: only its 21 even (sliding) layers stop growing at 4,096', () => {
    const spec = snapshotSpec('google/gemma-2-9b');
    const layerWindows = architectureSummary(spec).layerWindows;
    expect(layerWindows.filter((window) => window === 4096)).toHaveLength(21);
    expect(layerWindows.slice(0, 4)).toEqual([4096, null, 4096, null]);
    expect(spec.decoderLayers.slice(0, 2).map((layer) => layer.reach)).toEqual([
      { kind: 'sliding', windowTokens: 4096 },
      { kind: 'global' },
    ]);
    const perLayerPerToken = 2 * 8 * 256 * 2;
    const bytes = (context: number) => kvCache(spec, { contextTokens: context, batch: 1, dtype: 'bf16' }).bytes;
    expect(bytes(8192)).toBe(perLayerPerToken * (21 * 4096 + 21 * 8192));
    expect(bytes(8192) - bytes(8191)).toBe(21 * perLayerPerToken);
    // two terms, 21 sliding layers capped at 4,096 tokens and 21 global ones at 8,192, adding up to the total
    const result = kvCache(spec, { contextTokens: 8192, batch: 1, dtype: 'bf16' });
    expect(
      result.terms.map((term) => [term.firstLayer, term.layers, term.elementsPerToken, term.cachedTokens]),
    ).toEqual([
      [0, 21, 2 * 8 * 256, 4096],
      [1, 21, 2 * 8 * 256, 8192],
    ]);
    expect(result.terms.reduce((sum, term) => sum + term.bytes, 0)).toBe(bytes(8192));
  });

  it('Qwen2 configs with use_sliding_window: false never window, whatever sliding_window says', () => {
    for (const id of ['Qwen/Qwen2-7B', 'Qwen/Qwen2.5-72B', 'Qwen/Qwen2.5-3B-Instruct', 'Qwen/Qwen2-0.5B']) {
      expect(architectureSummary(snapshotSpec(id)).layerWindows.every((window) => window === null)).toBe(true);
      expect(snapshotSpec(id).decoderLayers.every((layer) => layer.reach.kind === 'global')).toBe(true);
    }
  });

  it('Qwen2 with use_sliding_window: true windows only layers at index >= max_window_layers', () => {
    const spec = parseConfig({
      ...llamaConfig({ num_hidden_layers: 4 }),
      model_type: 'qwen2',
      use_sliding_window: true,
      sliding_window: 1024,
      max_window_layers: 2,
    });
    expect(architectureSummary(spec).layerWindows).toEqual([null, null, 1024, 1024]);
  });
});
