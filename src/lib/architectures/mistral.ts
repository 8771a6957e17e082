/**
 * Mistral 7B, NeMo, Large (`model_type: "mistral"`): the common decoder with one sliding window
 * on every layer. Defaults are transformers' MistralConfig: 8 KV heads and a 4,096-token window
 * when the keys are absent; `sliding_window: null` (v0.2 and later) turns the window off.
 * MistralAttention has no biases, whatever the config says.
 */
import * as z from 'zod/mini';
import { ConfigError } from '../errors.ts';
import type { DecoderDefaults, DecoderParsed } from './base.ts';
import { decoderFields, decoderModule, reachFromLayerTypes, uniformReach } from './base.ts';
import { slidingWindow } from './fields.ts';

/** MistralConfig's defaults (Mixtral starts from them). */
export const MISTRAL_DEFAULTS: DecoderDefaults = {
  num_key_value_heads: 8,
  head_dim: null,
  hidden_act: 'silu',
  max_position_embeddings: 4096 * 32,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  rope_theta: 10_000,
};

export const NO_BIAS = { qkv: false, attentionOutput: false, mlp: false };

/**
 * MistralAttention passes config.sliding_window to every layer (MistralConfig has no per-layer
 * types). A `layer_types` list that says the same is accepted; one that mixes kinds describes a
 * model MistralModel does not run, and is refused.
 */
export function mistralReach(parsed: DecoderParsed & { sliding_window: number | null }) {
  const uniform = uniformReach(parsed.num_hidden_layers, parsed.sliding_window);
  if (parsed.layer_types) {
    const listed = reachFromLayerTypes(parsed.layer_types, parsed.num_hidden_layers, parsed.sliding_window);
    const differs = listed.findIndex((reach, layer) => reach.kind !== uniform[layer]?.kind);
    if (differs >= 0) {
      throw new ConfigError(
        `layer_types.${differs}`,
        `is ${parsed.layer_types[differs] ?? ''}, but this architecture applies sliding_window (${parsed.sliding_window ?? 'null'}) to every layer alike`,
      );
    }
  }
  return uniform;
}

export const mistral = decoderModule({
  modelType: 'mistral',
  configClass: 'MistralConfig',
  causalLmClass: 'MistralForCausalLM',
  schema: z.looseObject({ ...decoderFields(MISTRAL_DEFAULTS), sliding_window: slidingWindow(4096) }),
  describe: (parsed) => ({ bias: NO_BIAS, reach: mistralReach(parsed) }),
});
