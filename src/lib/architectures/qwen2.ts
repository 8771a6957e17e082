/**
 * Qwen2 and Qwen2.5 (`model_type: "qwen2"`): the common decoder with a bias on q, k and v (not o),
 * which Qwen2Attention hard-codes whatever the config says. Defaults are transformers'
 * Qwen2Config: 32 KV heads, untied embeddings. The configs carry `sliding_window` and
 * `max_window_layers`, but the window only applies when `use_sliding_window` is true, and then
 * only on layers at index >= max_window_layers.
 */
import * as z from 'zod/mini';
import type { AttentionReach } from '../types.ts';
import type { DecoderDefaults } from './base.ts';
import { decoderFields, decoderModule, reachFromLayerTypes } from './base.ts';
import { flag, layerIndex, slidingWindow } from './fields.ts';

/** The sliding-window keys Qwen2, Qwen2-MoE and Qwen3 share, with Qwen2Config's defaults. */
export const qwenWindowFields = {
  use_sliding_window: z._default(flag(), false),
  sliding_window: slidingWindow(4096),
  /** Layers below this index attend globally even when the window is on. */
  max_window_layers: z._default(layerIndex(), 28),
};

/** q, k and v biased, o not: Qwen2Attention's hard-coded choice. */
export const QWEN_BIAS = { qkv: true, attentionOutput: false, mlp: false };

/**
 * Per-layer reach under Qwen2's rule (transformers Qwen2Config.layer_types): a layer slides when
 * use_sliding_window is on, sliding_window is set and its index is >= max_window_layers.
 */
export function qwenReach(parsed: {
  num_hidden_layers: number;
  use_sliding_window: boolean;
  sliding_window: number | null;
  max_window_layers: number;
  layer_types?: string[] | undefined;
}): AttentionReach[] {
  const layers = parsed.num_hidden_layers;
  const window = parsed.use_sliding_window ? parsed.sliding_window : null;
  if (parsed.layer_types) {
    const reason = parsed.use_sliding_window ? 'the config sets no sliding_window' : 'use_sliding_window is false';
    return reachFromLayerTypes(parsed.layer_types, layers, window, null, reason);
  }
  return Array.from({ length: layers }, (_, layer) =>
    window !== null && layer >= parsed.max_window_layers
      ? { kind: 'sliding', windowTokens: window }
      : { kind: 'global' },
  );
}

/** Qwen2Config's defaults (Qwen2-MoE and Qwen3 start from them). */
export const QWEN2_DEFAULTS: DecoderDefaults = {
  num_key_value_heads: 32,
  head_dim: null,
  hidden_act: 'silu',
  max_position_embeddings: 32_768,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  rope_theta: 10_000,
};

export const qwen2 = decoderModule({
  modelType: 'qwen2',
  configClass: 'Qwen2Config',
  causalLmClass: 'Qwen2ForCausalLM',
  schema: z.looseObject({ ...decoderFields(QWEN2_DEFAULTS), ...qwenWindowFields }),
  describe: (parsed) => ({ bias: QWEN_BIAS, reach: qwenReach(parsed) }),
});
