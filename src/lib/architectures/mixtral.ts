/**
 * Mixtral 8x7B, 8x22B (`model_type: "mixtral"`): Mistral's attention with a sparse MoE MLP in
 * every layer. Defaults are transformers' MixtralConfig: Mistral's, plus 8 experts, top-2, no
 * window, θ = 10⁶, ε = 10⁻⁵. Checkpoint names keep Mixtral's own `block_sparse_moe.experts.E.w1/w2/w3`
 * (w1 = gate, w3 = up, w2 = down); transformers 5 fuses the experts in memory, the checkpoints do not.
 */
import * as z from 'zod/mini';
import { decoderFields, decoderModule, routedMlp } from './base.ts';
import { layerCount, requiredCount, slidingWindow } from './fields.ts';
import { MISTRAL_DEFAULTS, mistralReach, NO_BIAS } from './mistral.ts';

export const mixtral = decoderModule({
  modelType: 'mixtral',
  configClass: 'MixtralConfig',
  causalLmClass: 'MixtralForCausalLM',
  schema: z.looseObject({
    ...decoderFields({ ...MISTRAL_DEFAULTS, rms_norm_eps: 1e-5, rope_theta: 1_000_000 }),
    sliding_window: slidingWindow(null),
    /** Routed experts per layer. */
    num_local_experts: z._default(layerCount(), 8),
    /** Experts each token uses. */
    num_experts_per_tok: z._default(requiredCount(), 2),
  }),
  describe(parsed) {
    const moe = routedMlp({
      experts: parsed.num_local_experts,
      topK: parsed.num_experts_per_tok,
      expertFfnSize: parsed.intermediate_size,
      // MixtralSparseMoeBlock renormalises the top-k softmax weights.
      normalizeTopK: true,
    });
    return {
      bias: NO_BIAS,
      reach: mistralReach(parsed),
      mlp: () => moe,
      // MixtralBlockSparseTop2MLP registers w1 (gate), w2 (down), w3 (up), in that order.
      moeNaming: {
        block: 'block_sparse_moe',
        router: 'gate',
        routerBias: 'bias',
        experts: 'separate',
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
