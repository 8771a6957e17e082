import { describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { describeReach, formatInteger, parseConfig, reachCounts, reachPeriod, reachRuns } from '../../src/lib/index.ts';
import { llamaConfig, snapshotSpec, configError } from '../fixtures.ts';

/** Gemma 2 9B's own config.json, with overrides; keys set to undefined are removed. */
function gemma2Config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const config = { ...(loadSnapshotEntry('google/gemma-2-9b').config as Record<string, unknown>), ...overrides };
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

/** layer_types for `layers` layers where `slides(i)` says which slide. */
function layerTypes(layers: number, slides: (layer: number) => boolean): string[] {
  return Array.from({ length: layers }, (_, layer) => (slides(layer) ? 'sliding_attention' : 'full_attention'));
}

const PER_TYPE_ROPE = {
  full_attention: { rope_type: 'default', rope_theta: 1_000_000 },
  sliding_attention: { rope_type: 'default', rope_theta: 10_000 },
};

describe('per-layer position encoding', () => {
  it('reads transformers-5 rope_parameters keyed by layer type: local θ 10,000, global θ 1,000,000', () => {
    const spec = parseConfig(gemma2Config({ rope_parameters: PER_TYPE_ROPE }));
    expect(spec.decoderLayers).toHaveLength(42);
    spec.decoderLayers.forEach((layer, index) => {
      // Gemma 2: even layers slide, odd layers are global
      expect(layer.reach.kind).toBe(index % 2 === 0 ? 'sliding' : 'global');
      expect(layer.position).toEqual({ kind: 'rope', theta: index % 2 === 0 ? 10_000 : 1_000_000, scaling: null });
    });
    expect(spec.decoderLayers[0]?.position).toMatchObject({ theta: 10_000 });
    expect(spec.decoderLayers[1]?.position).toMatchObject({ theta: 1_000_000 });
    // the model-wide θ is the global layers'
    expect(spec.position).toEqual({ kind: 'rope', theta: 1_000_000, scaling: null });
  });

  it('follows layer_types for which layers take which θ', () => {
    const spec = parseConfig(
      gemma2Config({
        num_hidden_layers: 6,
        layer_types: layerTypes(6, (layer) => layer >= 4),
        rope_parameters: PER_TYPE_ROPE,
      }),
    );
    expect(spec.decoderLayers.map((layer) => (layer.position.kind === 'rope' ? layer.position.theta : null))).toEqual([
      1_000_000, 1_000_000, 1_000_000, 1_000_000, 10_000, 10_000,
    ]);
  });

  it('refuses a keyed rope_parameters with a key that is no layer type, naming rope_parameters', () => {
    const error = configError(() => parseConfig(gemma2Config({ rope_parameters: { foo: { rope_theta: 1 } } })));
    expect(error.message).toContain('rope_parameters');
    expect(error.key).toBe('rope_parameters.foo');
  });

  it('refuses a keyed rope_parameters missing a layer type the model uses, naming rope_parameters', () => {
    const error = configError(() =>
      parseConfig(
        gemma2Config({ rope_parameters: { full_attention: { rope_type: 'default', rope_theta: 1_000_000 } } }),
      ),
    );
    expect(error.message).toContain('rope_parameters');
    expect(error.message).toContain('sliding_attention');
  });

  it('refuses a keyed rope_parameters that mixes a block with a top-level field', () => {
    const error = configError(() =>
      parseConfig(gemma2Config({ rope_parameters: { ...PER_TYPE_ROPE, rope_theta: 5 } })),
    );
    expect(error.message).toContain('rope_parameters');
  });

  it('reads a flat rope_parameters with llama3 scaling: θ 500,000, ×8 from 8,192 tokens', () => {
    // llamaConfig sets no top-level rope_theta: θ comes from the block, not LlamaConfig's default 10,000
    const spec = parseConfig(
      llamaConfig({
        rope_parameters: {
          rope_type: 'llama3',
          factor: 8,
          rope_theta: 500_000,
          low_freq_factor: 1,
          high_freq_factor: 4,
          original_max_position_embeddings: 8192,
        },
      }),
    );
    const expected = {
      kind: 'rope',
      theta: 500_000,
      scaling: {
        type: 'llama3',
        factor: 8,
        originalMaxPositionEmbeddings: 8192,
        parameters: { factor: 8, high_freq_factor: 4, low_freq_factor: 1, original_max_position_embeddings: 8192 },
      },
    };
    expect(spec.position).toEqual(expected);
    expect(spec.decoderLayers.every((layer) => JSON.stringify(layer.position) === JSON.stringify(expected))).toBe(true);
    // the same as Llama 3.1 8B's transformers-4 rope_theta + rope_scaling
    expect(snapshotSpec('meta-llama/Llama-3.1-8B').position).toEqual(expected);
  });

  it('gives GPT-2 layers learned positions', () => {
    expect(
      snapshotSpec('openai-community/gpt2').decoderLayers.every((layer) => layer.position.kind === 'learned'),
    ).toBe(true);
  });
});

describe('describing the layer pattern', () => {
  it('says Gemma 2 9B slides on even layers', () => {
    const spec = snapshotSpec('google/gemma-2-9b');
    expect(describeReach(spec, formatInteger)).toBe(
      'window 4,096 on even layers (0, 2, …), global on odd layers (1, 3, …)',
    );
    expect(reachPeriod(spec)).toEqual([{ kind: 'sliding', windowTokens: 4096 }, { kind: 'global' }]);
    expect(reachCounts(spec)).toEqual({
      globalLayers: 21,
      slidingLayers: 21,
      chunkedLayers: 0,
      windows: [4096],
      chunks: [],
    });
  });

  it('says odd layers slide when layer_types makes the odd layers slide', () => {
    const spec = parseConfig(gemma2Config({ layer_types: layerTypes(42, (layer) => layer % 2 === 1) }));
    expect(spec.decoderLayers[1]?.reach).toEqual({ kind: 'sliding', windowTokens: 4096 });
    expect(describeReach(spec, formatInteger)).toBe(
      'global on even layers (0, 2, …), window 4,096 on odd layers (1, 3, …)',
    );
  });

  it('finds a period of 6 in a 5 sliding : 1 global pattern repeated 4 times', () => {
    const spec = parseConfig(
      gemma2Config({ num_hidden_layers: 24, layer_types: layerTypes(24, (layer) => layer % 6 !== 5) }),
    );
    const period = reachPeriod(spec);
    expect(period).toHaveLength(6);
    expect(period?.map((reach) => reach.kind)).toEqual([
      'sliding',
      'sliding',
      'sliding',
      'sliding',
      'sliding',
      'global',
    ]);
    expect(describeReach(spec, formatInteger)).toBe(
      '5 layers window 4,096 then 1 layer global, repeating every 6 layers',
    );
    expect(reachCounts(spec)).toMatchObject({ globalLayers: 4, slidingLayers: 20 });
  });

  it('says one kind on all layers when nothing differs', () => {
    expect(describeReach(snapshotSpec('meta-llama/Llama-3.1-8B'))).toBe('global on all 32 layers');
    expect(describeReach(snapshotSpec('mistralai/Mistral-7B-v0.1'), formatInteger)).toBe(
      'window 4,096 on all 32 layers',
    );
    expect(reachPeriod(snapshotSpec('meta-llama/Llama-3.1-8B'))).toBeNull();
  });

  it('lists runs when the stack does not repeat', () => {
    const spec = parseConfig({
      ...llamaConfig({ num_hidden_layers: 4 }),
      model_type: 'qwen2',
      use_sliding_window: true,
      sliding_window: 1024,
      max_window_layers: 2,
    });
    expect(reachRuns(spec)).toEqual([
      { from: 0, to: 1, reach: { kind: 'global' } },
      { from: 2, to: 3, reach: { kind: 'sliding', windowTokens: 1024 } },
    ]);
    expect(describeReach(spec, formatInteger)).toBe('layers 0–1: global; layers 2–3: window 1,024');
  });
});
