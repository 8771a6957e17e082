import { describe, expect, it } from 'vitest';
import { architectureSummary, parseConfig, parseConfigText, SUPPORTED_MODEL_TYPES } from '../../src/lib/index.ts';
import { gpt2Config, llamaConfig, qwen2MoeConfig, snapshotSpec, without, configError } from '../fixtures.ts';

/** The flat `architecture` view (calc --json) of a parsed config: layers, kvHeads, headDim, layerWindows, moe. */
function summaryOf(config: Record<string, unknown>) {
  return architectureSummary(parseConfig(config));
}

/** A minimal config of each architecture, without the keys whose defaults are under test. */
function minimal(modelType: string): Record<string, unknown> {
  return {
    model_type: modelType,
    hidden_size: 1024,
    num_hidden_layers: 2,
    num_attention_heads: 64,
    intermediate_size: 2048,
    vocab_size: 1000,
  };
}

describe('defaults of absent keys follow each transformers config class', () => {
  it.each([
    ['llama', 64],
    ['mistral', 8],
    ['mixtral', 8],
    ['gemma', 16],
    ['gemma2', 4],
    ['qwen2', 32],
    ['qwen2_moe', 16],
  ])('%s: absent num_key_value_heads means %i', (modelType, kvHeads) => {
    expect(summaryOf(minimal(modelType)).kvHeads).toBe(kvHeads);
    // the summary's kvHeads is every layer's: both layers of the minimal config carry it
    const layers = parseConfig(minimal(modelType)).decoderLayers;
    expect(layers.map((layer) => layer.attention)).toEqual([
      expect.objectContaining({ kind: 'gqa', kvHeads }),
      expect.objectContaining({ kind: 'gqa', kvHeads }),
    ]);
  });

  it.each([
    ['gpt2', true],
    ['llama', false],
    ['mistral', false],
    ['mixtral', false],
    ['gemma', true],
    ['gemma2', true],
    ['qwen2', false],
    ['qwen2_moe', false],
  ])('%s: absent tie_word_embeddings means %s', (modelType, tied) => {
    const config = modelType === 'gpt2' ? gpt2Config() : minimal(modelType);
    expect(parseConfig(config).tiedEmbeddings).toBe(tied);
  });

  it('an explicit null num_key_value_heads means one per query head', () => {
    expect(summaryOf({ ...minimal('mistral'), num_key_value_heads: null }).kvHeads).toBe(64);
  });

  it('Gemma head_dim defaults to 256 whatever hidden / heads is; null falls back to hidden / heads', () => {
    expect(summaryOf(minimal('gemma')).headDim).toBe(256);
    expect(summaryOf({ ...minimal('gemma'), head_dim: null }).headDim).toBe(16);
    expect(summaryOf(minimal('gemma2')).headDim).toBe(256);
  });

  it("lets the config's head_dim win over hidden / heads (Mistral NeMo: 128, not 5120 / 32 = 160)", () => {
    expect(architectureSummary(snapshotSpec('mistralai/Mistral-Nemo-Base-2407')).headDim).toBe(128);
    expect(summaryOf(llamaConfig({ head_dim: null })).headDim).toBe(128);
  });

  it('GPT-2 MLP width is 4 × n_embd unless n_inner is set', () => {
    expect(parseConfig(gpt2Config()).ffnSize).toBe(3072);
    expect(parseConfig(gpt2Config({ n_inner: 1000 })).ffnSize).toBe(1000);
  });

  it('Mistral slides 4,096 tokens when sliding_window is absent, not at all when it is null', () => {
    expect(summaryOf(minimal('mistral')).layerWindows).toEqual([4096, 4096]);
    expect(summaryOf({ ...minimal('mistral'), sliding_window: null }).layerWindows).toEqual([null, null]);
    expect(summaryOf(minimal('mixtral')).layerWindows).toEqual([null, null]);
  });

  it('Gemma 2 defaults its soft-capping to 50 (attention) and 30 (final logits)', () => {
    expect(parseConfig(minimal('gemma2')).softCapping).toEqual({ attentionLogits: 50, finalLogits: 30 });
    expect(parseConfig(minimal('gemma2')).queryPreAttnScalar).toBe(256);
  });

  it('Qwen2-MoE defaults to 60 experts, top-4, width 1,408, shared expert 5,632', () => {
    const moe = summaryOf(minimal('qwen2_moe')).moe;
    expect(moe).toMatchObject({ experts: 60, topK: 4, expertFfnSize: 1408, sharedExpertFfnSize: 5632 });
  });
});

describe('normalised architecture', () => {
  it('reads Llama 3.1 rope_scaling as llama3 ×8 from 8,192 tokens, θ 500,000', () => {
    expect(snapshotSpec('meta-llama/Llama-3.1-8B').position).toEqual({
      kind: 'rope',
      theta: 500_000,
      scaling: {
        type: 'llama3',
        factor: 8,
        originalMaxPositionEmbeddings: 8192,
        parameters: { factor: 8, high_freq_factor: 4, low_freq_factor: 1, original_max_position_embeddings: 8192 },
      },
    });
    expect(snapshotSpec('meta-llama/Meta-Llama-3-8B').position).toEqual({
      kind: 'rope',
      theta: 500_000,
      scaling: null,
    });
  });

  it('reads transformers 5 rope_parameters', () => {
    const spec = parseConfig(llamaConfig({ rope_parameters: { rope_type: 'default', rope_theta: 123 } }));
    expect(spec.position).toEqual({ kind: 'rope', theta: 123, scaling: null });
  });

  it('describes GPT-2 as LayerNorm with biases, learned positions, plain GELU', () => {
    const spec = parseConfig(gpt2Config());
    expect(spec.norm).toMatchObject({ kind: 'layernorm', hasBias: true });
    expect(spec.position).toEqual({ kind: 'learned', maxPositions: 1024 });
    expect(spec.activation).toEqual({ name: 'gelu_new', gated: false, label: 'GELU' });
  });

  it('labels gated MLPs SwiGLU and GeGLU', () => {
    expect(snapshotSpec('meta-llama/Llama-3.1-8B').activation.label).toBe('SwiGLU');
    expect(snapshotSpec('google/gemma-2b').activation).toEqual({
      name: 'gelu_pytorch_tanh',
      gated: true,
      label: 'GeGLU',
    });
  });

  it('uses layer_types, when present, over the architecture rule', () => {
    const summary = summaryOf({
      ...minimal('qwen2'),
      use_sliding_window: true,
      sliding_window: 512,
      layer_types: ['sliding_attention', 'full_attention'],
    });
    expect(summary.layerWindows).toEqual([512, null]);
  });
});

describe('bad configs are clear errors naming the key', () => {
  it.each([
    ['llama', 'hidden_size'],
    ['llama', 'num_hidden_layers'],
    ['llama', 'num_attention_heads'],
    ['llama', 'intermediate_size'],
    ['llama', 'vocab_size'],
    ['gpt2', 'n_embd'],
    ['gpt2', 'n_layer'],
    ['gpt2', 'n_head'],
    ['gpt2', 'n_positions'],
  ])('%s without %s', (modelType, key) => {
    const config = modelType === 'gpt2' ? gpt2Config() : llamaConfig();
    const error = configError(() => parseConfig(without(config, key)));
    expect(error.key).toBe(key);
    expect(error.message).toContain('is missing');
  });

  it.each([
    ['a string', '4096', 'must be a positive whole number, got "4096"'],
    ['zero', 0, 'must be a positive whole number, got 0'],
    ['negative', -8, 'must be a positive whole number, got -8'],
    ['fractional', 4096.5, 'must be a positive whole number, got 4096.5'],
    ['infinite', Infinity, 'got Infinity'],
    ['beyond 2^53', 2 ** 60, 'hidden_size'],
  ])('hidden_size %s', (_label, value, message) => {
    const error = configError(() => parseConfig(llamaConfig({ hidden_size: value })));
    expect(error.key).toBe('hidden_size');
    expect(error.message).toContain(message);
  });

  it('rejects 1e999, which JSON.parse reads as Infinity', () => {
    const config = parseConfigText('{"model_type":"llama","hidden_size":1e999}');
    expect(configError(() => parseConfig(config)).message).toBe(
      'hidden_size: must be a positive whole number, got Infinity',
    );
  });

  it('rejects heads that KV heads do not divide', () => {
    const error = configError(() => parseConfig(llamaConfig({ num_key_value_heads: 5 })));
    expect(error.key).toBe('num_key_value_heads');
    expect(error.message).toContain('32 attention heads cannot be split evenly over 5 key/value heads');
  });

  it('rejects a hidden size that heads do not divide when there is no head_dim', () => {
    const error = configError(() =>
      parseConfig(llamaConfig({ hidden_size: 4000, num_attention_heads: 48, num_key_value_heads: 8 })),
    );
    expect(error.key).toBe('num_attention_heads');
    expect(configError(() => parseConfig(gpt2Config({ n_head: 7 }))).key).toBe('n_head');
  });

  it('rejects an unknown model_type, listing the supported ones', () => {
    const error = configError(() => parseConfig({ ...llamaConfig(), model_type: 'bert' }));
    expect(error.message).toBe(
      `model_type: "bert" is not a supported architecture; supported: ${SUPPORTED_MODEL_TYPES.join(', ')}`,
    );
    expect(configError(() => parseConfig(without(llamaConfig(), 'model_type'))).key).toBe('model_type');
  });

  it('rejects what is not a JSON object', () => {
    expect(configError(() => parseConfig([1, 2])).message).toBe('a config must be a JSON object, got an array');
    expect(configError(() => parseConfig(null)).message).toBe('a config must be a JSON object, got null');
    expect(configError(() => parseConfigText('{"model_type": ')).message).toMatch(/^not valid JSON/);
  });

  it('rejects wrong types of optional keys', () => {
    expect(configError(() => parseConfig(llamaConfig({ tie_word_embeddings: 'yes' }))).message).toBe(
      'tie_word_embeddings: must be true or false, got "yes"',
    );
    expect(configError(() => parseConfig(llamaConfig({ rope_scaling: { factor: 8 } }))).key).toBe(
      'rope_scaling.rope_type',
    );
    expect(configError(() => parseConfig(qwen2MoeConfig({ num_experts_per_tok: 9 }))).key).toBe('num_experts_per_tok');
  });

  it('rejects a layer_types list of the wrong length or with an unknown kind', () => {
    const base = { ...minimal('gemma2') };
    expect(configError(() => parseConfig({ ...base, layer_types: ['full_attention'] })).key).toBe('layer_types');
    expect(configError(() => parseConfig({ ...base, layer_types: ['full_attention', 'chunked'] })).key).toBe(
      'layer_types.1',
    );
  });
});

describe('implausible sizes', () => {
  it('refuses a config whose tensor list would be absurdly long, before building it', () => {
    const error = configError(() => parseConfig(llamaConfig({ num_hidden_layers: 1_000_000 })));
    expect(error.message).toBe('num_hidden_layers: 1000000 is more than any real model has (at most 10,000)');
    const moe = configError(() => parseConfig(qwen2MoeConfig({ num_hidden_layers: 2000, num_experts: 512 })));
    expect(moe.key).toBe('num_hidden_layers');
    expect(moe.message).toContain('more than any real model (limit 250,000)');
  });
});
