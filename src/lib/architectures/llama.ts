/**
 * Llama 2, 3, 3.1, 3.2 (`model_type: "llama"`).
 * Defaults are transformers' LlamaConfig: absent `num_key_value_heads` means MHA (= heads),
 * untied embeddings, no biases unless `attention_bias` / `mlp_bias` say so.
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

const llamaConfig = z.looseObject({
  architectures: architectures(),
  /** Width of the residual stream. Required. */
  hidden_size: requiredCount(),
  /** Decoder layers. Required. */
  num_hidden_layers: layerCount(),
  /** Query heads. Required. */
  num_attention_heads: requiredCount(),
  /** SwiGLU hidden width. Required. */
  intermediate_size: requiredCount(),
  /** Token vocabulary. Required. */
  vocab_size: requiredCount(),
  /** KV heads; absent or null means one per query head (MHA), as LlamaConfig does. */
  num_key_value_heads: z.nullable(optionalCount()),
  /** Per-head width; absent or null means hidden_size / num_attention_heads. */
  head_dim: z.nullable(optionalCount()),
  hidden_act: z._default(text(), 'silu'),
  max_position_embeddings: z._default(requiredCount(), 2048),
  rms_norm_eps: z._default(positiveNumber(), 1e-6),
  tie_word_embeddings: z._default(flag(), false),
  /** Bias on q, k, v and o (LlamaAttention uses one flag for all four). */
  attention_bias: z._default(flag(), false),
  /** Bias on gate, up and down. */
  mlp_bias: z._default(flag(), false),
  ...ropeFields(10_000),
});

export const llama: ArchitectureModule = {
  modelType: 'llama',
  configClass: 'LlamaConfig',
  causalLmClass: 'LlamaForCausalLM',
  parse(config) {
    const parsed = parseWith(llamaConfig, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    const spec: ModelSpec = {
      modelType: 'llama',
      architectureClass: parsed.architectures?.[0] ?? 'LlamaForCausalLM',
      layers: parsed.num_hidden_layers,
      hiddenSize: parsed.hidden_size,
      heads,
      kvHeads,
      headDim: resolveHeadDim(parsed.head_dim, parsed.hidden_size, heads),
      ffnSize: parsed.intermediate_size,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.max_position_embeddings,
      norm: { kind: 'rmsnorm', epsilon: parsed.rms_norm_eps, hasBias: false, unitOffset: false, perLayer: 2 },
      activation: activationSpec(parsed.hidden_act, true),
      bias: { qkv: parsed.attention_bias, attentionOutput: parsed.attention_bias, mlp: parsed.mlp_bias },
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
