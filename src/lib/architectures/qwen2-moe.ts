/**
 * Qwen1.5-MoE and Qwen2-MoE (`model_type: "qwen2_moe"`): Qwen2's attention, and an MoE MLP with a
 * gated shared expert. Defaults are transformers' Qwen2MoeConfig: 60 routed experts of width
 * 1,408, top-4, a shared expert of width 5,632 behind a sigmoid gate, 16 KV heads. A layer is
 * sparse when it is not in `mlp_only_layers` and (index + 1) is a multiple of
 * `decoder_sparse_step`; other layers have a dense MLP of `intermediate_size`.
 */
import * as z from 'zod/mini';
import { describeValue } from '../errors.ts';
import type { MlpSpec } from '../types.ts';
import { decoderFields, decoderModule, routedMlp } from './base.ts';
import { flag, layerCount, layerIndex, requiredCount } from './fields.ts';
import { QWEN2_DEFAULTS, QWEN_BIAS, qwenReach, qwenWindowFields } from './qwen2.ts';

/** `mlp_only_layers`: layer indices that keep a dense MLP; null means none. */
export function mlpOnlyLayers() {
  return z._default(
    z.nullable(
      z.array(layerIndex(), { error: (issue) => `must be a list of layer indices, got ${describeValue(issue.input)}` }),
    ),
    null,
  );
}

/** Qwen's sparse-layer rule (Qwen2MoeDecoderLayer, Qwen3MoeDecoderLayer). */
export function isSparseLayer(
  layer: number,
  parsed: { mlp_only_layers: number[] | null; decoder_sparse_step: number },
): boolean {
  return !(parsed.mlp_only_layers ?? []).includes(layer) && (layer + 1) % parsed.decoder_sparse_step === 0;
}

export const qwen2Moe = decoderModule({
  modelType: 'qwen2_moe',
  configClass: 'Qwen2MoeConfig',
  causalLmClass: 'Qwen2MoeForCausalLM',
  schema: z.looseObject({
    ...decoderFields({ ...QWEN2_DEFAULTS, num_key_value_heads: 16 }),
    ...qwenWindowFields,
    decoder_sparse_step: z._default(requiredCount(), 1),
    moe_intermediate_size: z._default(requiredCount(), 1408),
    shared_expert_intermediate_size: z._default(requiredCount(), 5632),
    num_experts_per_tok: z._default(requiredCount(), 4),
    num_experts: z._default(layerCount(), 60),
    norm_topk_prob: z._default(flag(), false),
    mlp_only_layers: mlpOnlyLayers(),
  }),
  describe(parsed) {
    const moe = routedMlp({
      experts: parsed.num_experts,
      topK: parsed.num_experts_per_tok,
      expertFfnSize: parsed.moe_intermediate_size,
      sharedExperts: 1,
      sharedExpertFfnSize: parsed.shared_expert_intermediate_size,
      sharedExpertGate: true,
      normalizeTopK: parsed.norm_topk_prob,
    });
    const dense: MlpSpec = { kind: 'dense', ffnSize: parsed.intermediate_size };
    return {
      bias: QWEN_BIAS,
      reach: qwenReach(parsed),
      mlp: (layer) => (isSparseLayer(layer, parsed) ? moe : dense),
    };
  },
});
