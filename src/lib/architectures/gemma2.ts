/**
 * Gemma 2 (`model_type: "gemma2"`): Gemma plus local/global attention, soft-capping and a norm on
 * each side of attention and MLP. Defaults are transformers' Gemma2Config: 4 KV heads, head_dim
 * 256, tied embeddings, a 4,096-token window on every even-indexed layer (0, 2, …) and global
 * attention on the odd ones, tanh soft-capping of attention scores (50) and final logits (30),
 * and queries scaled by 1/√query_pre_attn_scalar.
 */
import * as z from 'zod/mini';
import { decoderFields, decoderModule, reachFromLayerTypes, windowReach } from './base.ts';
import { positiveNumber, slidingWindow, text } from './fields.ts';
import { GEMMA_DEFAULTS, gemmaBias } from './gemma.ts';

/** Gemma 2's (and Gemma 3's) four norms per layer: one before and one after each sub-layer, in registration order. */
export const SANDWICH_NORMS = [
  'input_layernorm',
  'post_attention_layernorm',
  'pre_feedforward_layernorm',
  'post_feedforward_layernorm',
];

export const gemma2 = decoderModule({
  modelType: 'gemma2',
  configClass: 'Gemma2Config',
  causalLmClass: 'Gemma2ForCausalLM',
  schema: z.looseObject({
    ...decoderFields({ ...GEMMA_DEFAULTS, num_key_value_heads: 4 }),
    hidden_activation: z._default(text(), 'gelu_pytorch_tanh'),
    /** Window of the local (sliding) layers; null would make every layer global. */
    sliding_window: slidingWindow(4096),
    query_pre_attn_scalar: z._default(positiveNumber(), 256),
    attn_logit_softcapping: z._default(z.nullable(positiveNumber()), 50),
    final_logit_softcapping: z._default(z.nullable(positiveNumber()), 30),
  }),
  describe(parsed) {
    const layers = parsed.num_hidden_layers;
    const window = parsed.sliding_window;
    const local = windowReach(window);
    return {
      activation: parsed.hidden_activation,
      unitOffset: true,
      bias: gemmaBias(parsed),
      layerNorms: SANDWICH_NORMS,
      // Gemma2Config.layer_types: "sliding_attention" when (i + 1) % 2 is 1, i.e. on even i.
      reach: parsed.layer_types
        ? reachFromLayerTypes(parsed.layer_types, layers, window)
        : Array.from({ length: layers }, (_, layer) => (layer % 2 === 0 ? local : { kind: 'global' })),
      softCapping: { attentionLogits: parsed.attn_logit_softcapping, finalLogits: parsed.final_logit_softcapping },
      queryPreAttnScalar: parsed.query_pre_attn_scalar,
    };
  },
});
