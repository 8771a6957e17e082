/**
 * Gemma (`model_type: "gemma"`). Defaults are transformers' GemmaConfig: head_dim 256 whatever
 * hidden / heads is, 16 KV heads, tied embeddings, GeGLU with the tanh GELU.
 * Its RMSNorm multiplies by (1 + w), so checkpoints store w zero-centred.
 */
import * as z from 'zod/mini';
import type { DecoderDefaults } from './base.ts';
import { decoderFields, decoderModule } from './base.ts';
import { text } from './fields.ts';

/** GemmaConfig's defaults (Gemma 2 and 3 start from them). */
export const GEMMA_DEFAULTS: DecoderDefaults = {
  num_key_value_heads: 16,
  head_dim: 256,
  hidden_act: 'gelu_pytorch_tanh',
  max_position_embeddings: 8192,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: true,
  rope_theta: 10_000,
};

/** Gemma's attention takes one `attention_bias` flag for q, k, v and o; its MLP has no bias. */
export function gemmaBias(parsed: { attention_bias: boolean }) {
  return { qkv: parsed.attention_bias, attentionOutput: parsed.attention_bias, mlp: false };
}

export const gemma = decoderModule({
  modelType: 'gemma',
  configClass: 'GemmaConfig',
  causalLmClass: 'GemmaForCausalLM',
  schema: z.looseObject({
    ...decoderFields(GEMMA_DEFAULTS),
    /**
     * The activation GemmaMLP uses. The first Gemma configs say `hidden_act: "gelu"`, but
     * transformers runs the tanh approximation whenever `hidden_activation` is unset.
     */
    hidden_activation: z.optional(z.nullable(text())),
  }),
  describe: (parsed) => ({
    activation: parsed.hidden_activation ?? 'gelu_pytorch_tanh',
    unitOffset: true,
    bias: gemmaBias(parsed),
  }),
});
