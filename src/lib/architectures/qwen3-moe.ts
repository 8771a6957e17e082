/**
 * Qwen3-MoE (`model_type: "qwen3_moe"`): Qwen3's attention (q/k norms, explicit head_dim) with
 * Qwen2-MoE's layer rule, but no shared expert and no router bias: a router (`mlp.gate`, no bias)
 * picks `num_experts_per_tok` of `num_experts` experts of width `moe_intermediate_size`. A layer
 * is sparse unless listed in `mlp_only_layers` or (index + 1) is not a multiple of
 * `decoder_sparse_step`. Qwen3MoeConfig has no `max_window_layers`: with `use_sliding_window` on,
 * every layer slides. Its defaults: 4 KV heads, no head_dim (so hidden / heads), 128 experts, top-8.
 */
import * as z from 'zod/mini';
import type { MlpSpec } from '../types.ts';
import { decoderFields, decoderModule, reachFromLayerTypes, routedMlp, uniformReach } from './base.ts';
import { flag, layerCount, requiredCount, slidingWindow } from './fields.ts';
import { QWEN2_DEFAULTS } from './qwen2.ts';
import { isSparseLayer, mlpOnlyLayers } from './qwen2-moe.ts';

export const qwen3Moe = decoderModule({
  modelType: 'qwen3_moe',
  configClass: 'Qwen3MoeConfig',
  causalLmClass: 'Qwen3MoeForCausalLM',
  schema: z.looseObject({
    ...decoderFields({ ...QWEN2_DEFAULTS, num_key_value_heads: 4 }),
    use_sliding_window: z._default(flag(), false),
    sliding_window: slidingWindow(4096),
    decoder_sparse_step: z._default(requiredCount(), 1),
    moe_intermediate_size: z._default(requiredCount(), 768),
    num_experts_per_tok: z._default(requiredCount(), 8),
    num_experts: z._default(layerCount(), 128),
    norm_topk_prob: z._default(flag(), false),
    mlp_only_layers: mlpOnlyLayers(),
  }),
  describe(parsed) {
    const layers = parsed.num_hidden_layers;
    const window = parsed.use_sliding_window ? parsed.sliding_window : null;
    const moe = routedMlp({
      experts: parsed.num_experts,
      topK: parsed.num_experts_per_tok,
      expertFfnSize: parsed.moe_intermediate_size,
      normalizeTopK: parsed.norm_topk_prob,
    });
    const dense: MlpSpec = { kind: 'dense', ffnSize: parsed.intermediate_size };
    return {
      qkNorm: true,
      reach: parsed.layer_types
        ? reachFromLayerTypes(
            parsed.layer_types,
            layers,
            window,
            null,
            'use_sliding_window is false or sliding_window is null',
          )
        : uniformReach(layers, window),
      mlp: (layer) => (isSparseLayer(layer, parsed) ? moe : dense),
    };
  },
});
