/**
 * Mistral 7B, NeMo, Large (`model_type: "mistral"`).
 * Defaults are transformers' MistralConfig: 8 KV heads and a 4,096-token sliding window when the
 * keys are absent; `sliding_window: null` (v0.2 and later) turns the window off.
 * MistralAttention has no biases, whatever the config says.
 */
import * as z from 'zod/mini';
import type { ModelSpec } from '../types.ts';
import {
  activationSpec,
  checkKvGroups,
  decoderModelTensors,
  denseLayerTensors,
  resolveHeadDim,
  uniformWindows,
  windowsFromLayerTypes,
} from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  layerTypes,
  optionalCount,
  parseWith,
  positiveNumber,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';
import { ropeFields, ropeFromConfig } from './rope.ts';

const mistralConfig = z.looseObject({
  architectures: architectures(),
  hidden_size: requiredCount(),
  num_hidden_layers: layerCount(),
  num_attention_heads: requiredCount(),
  intermediate_size: requiredCount(),
  vocab_size: requiredCount(),
  /** KV heads; absent means MistralConfig's 8, null means one per query head. */
  num_key_value_heads: z._default(z.nullable(optionalCount()), 8),
  /** NeMo sets 128 with hidden 5120 and 32 heads: head_dim is not always hidden / heads. */
  head_dim: z.nullable(optionalCount()),
  hidden_act: z._default(text(), 'silu'),
  max_position_embeddings: z._default(requiredCount(), 4096 * 32),
  rms_norm_eps: z._default(positiveNumber(), 1e-6),
  tie_word_embeddings: z._default(flag(), false),
  /** Tokens each layer attends to; absent means 4,096, null means full attention. */
  sliding_window: z._default(z.nullable(requiredCount()), 4096),
  layer_types: layerTypes(),
  ...ropeFields(10_000),
});

export const mistral: ArchitectureModule = {
  modelType: 'mistral',
  configClass: 'MistralConfig',
  causalLmClass: 'MistralForCausalLM',
  parse(config) {
    const parsed = parseWith(mistralConfig, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    const layers = parsed.num_hidden_layers;
    const spec: ModelSpec = {
      modelType: 'mistral',
      architectureClass: parsed.architectures?.[0] ?? 'MistralForCausalLM',
      layers,
      hiddenSize: parsed.hidden_size,
      heads,
      kvHeads,
      headDim: resolveHeadDim(parsed.head_dim, parsed.hidden_size, heads),
      ffnSize: parsed.intermediate_size,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.max_position_embeddings,
      norm: { kind: 'rmsnorm', epsilon: parsed.rms_norm_eps, hasBias: false, unitOffset: false, perLayer: 2 },
      activation: activationSpec(parsed.hidden_act, true),
      bias: { qkv: false, attentionOutput: false, mlp: false },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: ropeFromConfig(parsed),
      // MistralAttention passes config.sliding_window to every layer.
      layerWindows: parsed.layer_types
        ? windowsFromLayerTypes(parsed.layer_types, layers, parsed.sliding_window)
        : uniformWindows(layers, parsed.sliding_window),
      moe: null,
      softCapping: { attentionLogits: null, finalLogits: null },
      queryPreAttnScalar: null,
    };
    return spec;
  },
  tensors(spec) {
    return decoderModelTensors(spec, (prefix, layer) => denseLayerTensors(prefix, spec, layer));
  },
};
