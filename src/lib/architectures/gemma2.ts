/**
 * Gemma 2 (`model_type: "gemma2"`). Defaults are transformers' Gemma2Config: 4 KV heads, head_dim
 * 256, tied embeddings, a 4,096-token window on every even-indexed layer (0, 2, …) and global
 * attention on the odd ones, tanh soft-capping of attention scores (50) and final logits (30),
 * and queries scaled by 1/√query_pre_attn_scalar. Each layer has four RMSNorms: before and after
 * attention, before and after the MLP.
 */
import * as z from 'zod/mini';
import type { ModelSpec } from '../types.ts';
import {
  activationSpec,
  attentionTensors,
  checkKvGroups,
  decoderModelTensors,
  gatedMlpTensors,
  normTensors,
  resolveHeadDim,
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

const gemma2Config = z.looseObject({
  architectures: architectures(),
  hidden_size: requiredCount(),
  num_hidden_layers: layerCount(),
  num_attention_heads: requiredCount(),
  intermediate_size: requiredCount(),
  vocab_size: requiredCount(),
  num_key_value_heads: z._default(z.nullable(optionalCount()), 4),
  head_dim: z._default(z.nullable(optionalCount()), 256),
  hidden_activation: z._default(text(), 'gelu_pytorch_tanh'),
  max_position_embeddings: z._default(requiredCount(), 8192),
  rms_norm_eps: z._default(positiveNumber(), 1e-6),
  tie_word_embeddings: z._default(flag(), true),
  attention_bias: z._default(flag(), false),
  /** Window of the local (sliding) layers; null would make every layer global. */
  sliding_window: z._default(z.nullable(requiredCount()), 4096),
  layer_types: layerTypes(),
  query_pre_attn_scalar: z._default(positiveNumber(), 256),
  attn_logit_softcapping: z._default(z.nullable(positiveNumber()), 50),
  final_logit_softcapping: z._default(z.nullable(positiveNumber()), 30),
  ...ropeFields(10_000),
});

export const gemma2: ArchitectureModule = {
  modelType: 'gemma2',
  configClass: 'Gemma2Config',
  causalLmClass: 'Gemma2ForCausalLM',
  parse(config) {
    const parsed = parseWith(gemma2Config, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    const layers = parsed.num_hidden_layers;
    const window = parsed.sliding_window;
    const spec: ModelSpec = {
      modelType: 'gemma2',
      architectureClass: parsed.architectures?.[0] ?? 'Gemma2ForCausalLM',
      layers,
      hiddenSize: parsed.hidden_size,
      heads,
      kvHeads,
      headDim: resolveHeadDim(parsed.head_dim, parsed.hidden_size, heads),
      ffnSize: parsed.intermediate_size,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.max_position_embeddings,
      norm: { kind: 'rmsnorm', epsilon: parsed.rms_norm_eps, hasBias: false, unitOffset: true, perLayer: 4 },
      activation: activationSpec(parsed.hidden_activation, true),
      bias: { qkv: parsed.attention_bias, attentionOutput: parsed.attention_bias, mlp: false },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: ropeFromConfig(parsed),
      // Gemma2Config.layer_types: "sliding_attention" when (i + 1) % 2 is 1, i.e. on even i.
      layerWindows: parsed.layer_types
        ? windowsFromLayerTypes(parsed.layer_types, layers, window)
        : Array.from({ length: layers }, (_, layer) => (layer % 2 === 0 ? window : null)),
      moe: null,
      softCapping: {
        attentionLogits: parsed.attn_logit_softcapping,
        finalLogits: parsed.final_logit_softcapping,
      },
      queryPreAttnScalar: parsed.query_pre_attn_scalar,
    };
    return spec;
  },
  tensors(spec) {
    return decoderModelTensors(spec, (prefix, layer) => [
      ...attentionTensors(`${prefix}.self_attn`, spec, layer),
      ...gatedMlpTensors(`${prefix}.mlp`, spec, spec.ffnSize, 'mlp', layer),
      ...normTensors(`${prefix}.input_layernorm`, spec, layer),
      ...normTensors(`${prefix}.post_attention_layernorm`, spec, layer),
      ...normTensors(`${prefix}.pre_feedforward_layernorm`, spec, layer),
      ...normTensors(`${prefix}.post_feedforward_layernorm`, spec, layer),
    ]);
  },
};
