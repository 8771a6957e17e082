/**
 * Gemma (`model_type: "gemma"`). Defaults are transformers' GemmaConfig: head_dim 256 whatever
 * hidden / heads is, 16 KV heads, tied embeddings, GeGLU with the tanh GELU.
 * Its RMSNorm multiplies by (1 + w), so checkpoints store w zero-centred.
 */
import * as z from 'zod/mini';
import type { ModelSpec } from '../types.ts';
import { activationSpec, checkKvGroups, decoderModelTensors, denseLayerTensors, resolveHeadDim } from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  optionalCount,
  parseWith,
  positiveNumber,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';
import { ropeFields, ropeFromConfig } from './rope.ts';

const gemmaConfig = z.looseObject({
  architectures: architectures(),
  hidden_size: requiredCount(),
  num_hidden_layers: layerCount(),
  num_attention_heads: requiredCount(),
  intermediate_size: requiredCount(),
  vocab_size: requiredCount(),
  num_key_value_heads: z._default(z.nullable(optionalCount()), 16),
  /** GemmaConfig's default is 256; an explicit null falls back to hidden / heads. */
  head_dim: z._default(z.nullable(optionalCount()), 256),
  hidden_act: z._default(text(), 'gelu_pytorch_tanh'),
  /**
   * The activation GemmaMLP uses. The first Gemma configs say `hidden_act: "gelu"`, but
   * transformers runs the tanh approximation whenever `hidden_activation` is unset.
   */
  hidden_activation: z.optional(z.nullable(text())),
  max_position_embeddings: z._default(requiredCount(), 8192),
  rms_norm_eps: z._default(positiveNumber(), 1e-6),
  tie_word_embeddings: z._default(flag(), true),
  attention_bias: z._default(flag(), false),
  ...ropeFields(10_000),
});

export const gemma: ArchitectureModule = {
  modelType: 'gemma',
  configClass: 'GemmaConfig',
  causalLmClass: 'GemmaForCausalLM',
  parse(config) {
    const parsed = parseWith(gemmaConfig, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    const spec: ModelSpec = {
      modelType: 'gemma',
      architectureClass: parsed.architectures?.[0] ?? 'GemmaForCausalLM',
      layers: parsed.num_hidden_layers,
      hiddenSize: parsed.hidden_size,
      heads,
      kvHeads,
      headDim: resolveHeadDim(parsed.head_dim, parsed.hidden_size, heads),
      ffnSize: parsed.intermediate_size,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.max_position_embeddings,
      norm: { kind: 'rmsnorm', epsilon: parsed.rms_norm_eps, hasBias: false, unitOffset: true, perLayer: 2 },
      activation: activationSpec(parsed.hidden_activation ?? 'gelu_pytorch_tanh', true),
      bias: { qkv: parsed.attention_bias, attentionOutput: parsed.attention_bias, mlp: false },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: ropeFromConfig(parsed),
      layerWindows: Array.from({ length: parsed.num_hidden_layers }, () => null),
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
