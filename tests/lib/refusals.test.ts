/**
 * Config shapes the library does not understand are refused with a ConfigError naming the key,
 * or, where only the checkpoint's count is affected, leave that count undetermined with the
 * reason: never a silent default.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSpec, architectureSummary, DEFAULT_RUN_OPTIONS, parseConfig } from '../../src/lib/index.ts';
import { configError, gpt2Config, llamaConfig } from '../fixtures.ts';

const SMALL = {
  hidden_size: 256,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  intermediate_size: 512,
};

function mistralConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { model_type: 'mistral', ...SMALL, vocab_size: 1000, sliding_window: 4096, ...overrides };
}

describe('RoPE stated twice or half-stated', () => {
  it('refuses rope_scaling next to rope_parameters, where the scaling would be dropped', () => {
    const error = configError(() =>
      parseConfig(
        llamaConfig({
          rope_parameters: { rope_type: 'default', rope_theta: 500_000 },
          rope_scaling: { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 8192 },
        }),
      ),
    );
    expect(error.key).toBe('rope_scaling');
  });

  it('refuses a scaling factor in rope_parameters that names no rope_type', () => {
    const error = configError(() => parseConfig(llamaConfig({ rope_parameters: { rope_theta: 500_000, factor: 8 } })));
    expect(error.key).toBe('rope_parameters.factor');
  });

  it('still reads rope_scaling alone, and rope_parameters alone', () => {
    const old = architectureSummary(parseConfig(llamaConfig({ rope_scaling: { rope_type: 'llama3', factor: 8 } })));
    const v5 = architectureSummary(
      parseConfig(llamaConfig({ rope_parameters: { rope_type: 'llama3', factor: 8, rope_theta: 500_000 } })),
    );
    expect(old.position.kind === 'rope' ? old.position.scaling?.factor : null).toBe(8);
    expect(v5.position.kind === 'rope' ? [v5.position.theta, v5.position.scaling?.factor] : null).toEqual([500_000, 8]);
  });
});

describe('layer types an architecture does not run', () => {
  it('refuses a Mistral layer_types list that mixes global and sliding layers', () => {
    const error = configError(() =>
      parseConfig(mistralConfig({ layer_types: ['sliding_attention', 'full_attention'] })),
    );
    expect(error.key).toBe('layer_types.1');
    expect(error.message).toContain('every layer alike');
  });

  it('accepts a Mistral layer_types list that says what sliding_window says', () => {
    const spec = parseConfig(mistralConfig({ layer_types: ['sliding_attention', 'sliding_attention'] }));
    expect(spec.decoderLayers.map((layer) => layer.reach)).toEqual([
      { kind: 'sliding', windowTokens: 4096 },
      { kind: 'sliding', windowTokens: 4096 },
    ]);
  });

  it('refuses chunked layers where the architecture has none', () => {
    expect(
      configError(() => parseConfig(mistralConfig({ layer_types: ['chunked_attention', 'sliding_attention'] }))).key,
    ).toBe('layer_types.0');
  });

  it('says use_sliding_window is off when a Qwen2 config lists sliding layers', () => {
    const error = configError(() =>
      parseConfig({
        model_type: 'qwen2',
        ...SMALL,
        vocab_size: 1000,
        use_sliding_window: false,
        sliding_window: 131_072,
        layer_types: ['full_attention', 'sliding_attention'],
      }),
    );
    expect(error.message).toBe('layer_types.1: is sliding_attention but use_sliding_window is false');
  });
});

describe('quantization the checkpoint count cannot follow', () => {
  const fp8 = (extra: Record<string, unknown>) =>
    analyzeSpec(
      'x',
      parseConfig(
        llamaConfig({
          ...SMALL,
          quantization_config: { quant_method: 'fp8', weight_block_size: [128, 128], ...extra },
        }),
      ),
      DEFAULT_RUN_OPTIONS,
    );

  it('counts block scales for dynamic FP8 with every module converted', () => {
    expect(fp8({ activation_scheme: 'dynamic' }).checkpoint.undetermined).toBeNull();
  });

  it('leaves the count undetermined when modules are left unconverted', () => {
    const analysis = fp8({ modules_to_not_convert: ['model.layers.0.mlp'] });
    expect(analysis.params.checkpoint).toBeNull();
    expect(analysis.checkpoint.undetermined).toContain('modules_to_not_convert');
  });

  it('leaves the count undetermined for static activation scales', () => {
    expect(fp8({ activation_scheme: 'static' }).checkpoint.undetermined).toContain('"static"');
  });

  it('reads GPT-2\u2019s quantization_config like every other architecture', () => {
    const analysis = analyzeSpec(
      'x',
      parseConfig(gpt2Config({ quantization_config: { quant_method: 'gptq', bits: 4 } })),
      DEFAULT_RUN_OPTIONS,
    );
    expect(analysis.params.total).toBe(124_439_808);
    expect(analysis.params.checkpoint).toBeNull();
    expect(configError(() => parseConfig(gpt2Config({ quantization_config: {} }))).key).toBe(
      'quantization_config.quant_method',
    );
  });

  it('names the key of a quantization_config that is not an object', () => {
    const error = configError(() => parseConfig(llamaConfig({ quantization_config: 'fp8' })));
    expect(error.message).toBe('quantization_config: must be an object, got "fp8"');
  });
});
