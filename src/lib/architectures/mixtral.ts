/**
 * Mixtral 8x7B, 8x22B (`model_type: "mixtral"`): Mistral's attention with a sparse MoE MLP in
 * every layer. Defaults are transformers' MixtralConfig (8 experts, top-2, 8 KV heads, no window,
 * θ = 10⁶, ε = 10⁻⁵). Checkpoint names keep Mixtral's own `block_sparse_moe.experts.E.w1/w2/w3`
 * (w1 = gate, w3 = up, w2 = down); transformers 5 fuses the experts in memory, the checkpoints do not.
 */
import * as z from 'zod/mini';
import { ConfigError } from '../errors.ts';
import type { MlpSpec } from '../types.ts';
import { decoderFields, decoderModule, reachFromLayerTypes, uniformReach } from './base.ts';
import { layerCount, requiredCount, slidingWindow } from './fields.ts';
import { NO_BIAS } from './mistral.ts';

export const mixtral = decoderModule({
  modelType: 'mixtral',
  configClass: 'MixtralConfig',
  causalLmClass: 'MixtralForCausalLM',
  schema: z.looseObject({
    ...decoderFields({
      num_key_value_heads: 8,
      head_dim: null,
      hidden_act: 'silu',
      max_position_embeddings: 4096 * 32,
      rms_norm_eps: 1e-5,
      tie_word_embeddings: false,
      rope_theta: 1_000_000,
    }),
    sliding_window: slidingWindow(null),
    /** Routed experts per layer. */
    num_local_experts: z._default(layerCount(), 8),
    /** Experts each token uses. */
    num_experts_per_tok: z._default(requiredCount(), 2),
  }),
  describe(parsed) {
    checkTopK(parsed.num_experts_per_tok, parsed.num_local_experts);
    const moe: MlpSpec = {
      kind: 'moe',
      experts: parsed.num_local_experts,
      topK: parsed.num_experts_per_tok,
      expertFfnSize: parsed.intermediate_size,
      sharedExperts: 0,
      sharedExpertFfnSize: null,
      sharedExpertGate: false,
      routerBias: false,
      // MixtralSparseMoeBlock renormalises the top-k softmax weights.
      normalizeTopK: true,
    };
    return {
      bias: NO_BIAS,
      reach: parsed.layer_types
        ? reachFromLayerTypes(parsed.layer_types, parsed.num_hidden_layers, parsed.sliding_window)
        : uniformReach(parsed.num_hidden_layers, parsed.sliding_window),
      mlp: () => moe,
      // MixtralBlockSparseTop2MLP registers w1 (gate), w2 (down), w3 (up), in that order.
      moeNaming: {
        block: 'block_sparse_moe',
        projections: [
          ['gate', 'w1'],
          ['down', 'w2'],
          ['up', 'w3'],
        ],
        sharedExpert: 'shared_expert',
      },
    };
  },
});

/** A router cannot pick more experts than a layer has. */
export function checkTopK(topK: number, experts: number): void {
  if (topK > experts) {
    throw new ConfigError('num_experts_per_tok', `routes each token to ${topK} experts but there are only ${experts}`);
  }
}
