/**
 * DeepSeek-V2 and V3 (`deepseek_v2`, `deepseek_v3`): multi-head latent attention and a
 * fine-grained MoE after a dense prefix.
 * - MLA: queries through `q_a_proj → q_a_layernorm → q_b_proj` (a plain `q_proj` when
 *   `q_lora_rank` is null, V2-Lite); keys and values through `kv_a_proj_with_mqa` (the
 *   `kv_lora_rank` latent plus one shared `qk_rope_head_dim` rotary key), `kv_a_layernorm` and
 *   `kv_b_proj`, which decompresses the latent into every head's key and value.
 * - The first `first_k_dense_replace` layers have a dense MLP of `intermediate_size`; the rest route
 *   each token to `num_experts_per_tok` of `n_routed_experts` experts of `moe_intermediate_size`,
 *   plus `n_shared_experts` shared experts fused into one MLP (`mlp.shared_experts`).
 * - V3's router (`topk_method: "noaux_tc"`) stores `e_score_correction_bias`: the
 *   auxiliary-loss-free balancing bias, added to the expert scores only to choose the top-k.
 * - V3 checkpoints also store `num_nextn_predict_layers` multi-token-prediction layers, which
 *   transformers does not load: see {@link mtpTensors}.
 * Defaults are transformers' DeepseekV3Config and DeepseekV2Config.
 */
import * as z from 'zod/mini';
import { ConfigError } from '../errors.ts';
import type { AttentionSpec, MlpSpec, ModelSpec, MoeNaming, TensorInfo } from '../types.ts';
import type { DecoderDefaults } from './base.ts';
import { decoderFields, decoderModule, routedMlp } from './base.ts';
import { decoderLayerTensors, normTensors, tensor } from './decoder.ts';
import { flag, layerIndex, optionalCount, requiredCount, text } from './fields.ts';

/** The keys V2 and V3 share, with each class's defaults. */
function deepseekFields(defaults: {
  decoder: DecoderDefaults;
  q_lora_rank: number | null;
  n_routed_experts: number;
  n_shared_experts: number;
  moe_intermediate_size: number;
  num_experts_per_tok: number | null;
  first_k_dense_replace: number;
  norm_topk_prob: boolean;
  topk_method: string;
}) {
  return {
    ...decoderFields(defaults.decoder),
    kv_lora_rank: z._default(requiredCount(), 512),
    q_lora_rank: z._default(z.nullable(optionalCount()), defaults.q_lora_rank),
    qk_rope_head_dim: z._default(requiredCount(), 64),
    qk_nope_head_dim: z._default(requiredCount(), 128),
    v_head_dim: z._default(requiredCount(), 128),
    n_routed_experts: z._default(requiredCount(), defaults.n_routed_experts),
    n_shared_experts: z._default(z.nullable(optionalCount()), defaults.n_shared_experts),
    moe_intermediate_size: z._default(requiredCount(), defaults.moe_intermediate_size),
    num_experts_per_tok: z._default(z.nullable(optionalCount()), defaults.num_experts_per_tok),
    first_k_dense_replace: z._default(layerIndex(), defaults.first_k_dense_replace),
    norm_topk_prob: z._default(flag(), defaults.norm_topk_prob),
    topk_method: z._default(text(), defaults.topk_method),
    /** Not a DeepseekV3Config key: the released configs carry it, and transformers leaves the layers unloaded. */
    num_nextn_predict_layers: z._default(layerIndex(), 0),
  };
}

type DeepseekParsed = z.output<z.ZodMiniObject<ReturnType<typeof deepseekFields>>>;

const DEEPSEEK_NAMING: MoeNaming = {
  block: 'mlp',
  router: 'gate',
  routerBias: 'e_score_correction_bias',
  experts: 'separate',
  projections: [
    ['gate', 'gate_proj'],
    ['up', 'up_proj'],
    ['down', 'down_proj'],
  ],
  sharedExpert: 'shared_experts',
};

function describeDeepseek(parsed: DeepseekParsed) {
  const attention: AttentionSpec = {
    kind: 'mla',
    heads: parsed.num_attention_heads,
    kvLoraRank: parsed.kv_lora_rank,
    qkRopeHeadDim: parsed.qk_rope_head_dim,
    qkNopeHeadDim: parsed.qk_nope_head_dim,
    vHeadDim: parsed.v_head_dim,
    qLoraRank: parsed.q_lora_rank ?? null,
  };
  const dense: MlpSpec = { kind: 'dense', ffnSize: parsed.intermediate_size };
  const sparseLayers = parsed.num_hidden_layers - Math.min(parsed.first_k_dense_replace, parsed.num_hidden_layers);
  const topK = parsed.num_experts_per_tok ?? null;
  if (topK === null && sparseLayers > 0) {
    throw new ConfigError('num_experts_per_tok', 'is not set, so the router would pick no experts');
  }
  const shared = parsed.n_shared_experts ?? 0;
  const moe = routedMlp({
    experts: parsed.n_routed_experts,
    topK: topK ?? 1,
    expertFfnSize: parsed.moe_intermediate_size,
    sharedExperts: shared,
    sharedExpertFfnSize: shared > 0 ? shared * parsed.moe_intermediate_size : null,
    routerBias: parsed.topk_method === 'noaux_tc',
    normalizeTopK: parsed.norm_topk_prob,
  });
  return {
    attention: () => attention,
    // DeepseekV3DecoderLayer: MoE from layer first_k_dense_replace on (moe_layer_freq is not read).
    mlp: (layer: number) => (layer >= parsed.first_k_dense_replace ? moe : dense),
    moeNaming: DEEPSEEK_NAMING,
    multiTokenPredictionLayers: parsed.num_nextn_predict_layers,
  };
}

/**
 * The multi-token-prediction layers a checkpoint stores after the decoder (DeepSeek-V3 §2.2): each
 * is a full decoder layer of the last layer's kind, plus `enorm` and `hnorm` (RMSNorms of the next
 * token's embedding and of the previous depth's hidden state), `eh_proj` (the [hidden, 2·hidden]
 * matrix that merges them), and its own copies of the embedding (`embed_tokens`) and output head
 * (`shared_head.head`, after `shared_head.norm`), which the paper shares with the main model but
 * the checkpoint stores again.
 */
export function mtpTensors(spec: ModelSpec): TensorInfo[] {
  const last = spec.decoderLayers.at(-1);
  if (last === undefined) return [];
  const d = spec.hiddenSize;
  const tensors: TensorInfo[] = [];
  for (let depth = 0; depth < spec.multiTokenPredictionLayers; depth += 1) {
    const layer = spec.decoderLayers.length + depth;
    const prefix = `model.layers.${layer}`;
    tensors.push(
      tensor(`${prefix}.embed_tokens.weight`, [spec.vocabSize, d], 'tokenEmbedding', layer),
      ...normTensors(`${prefix}.enorm`, spec, layer),
      ...normTensors(`${prefix}.hnorm`, spec, layer),
      // Not part of any forward pass transformers runs, and kept in BF16 by the FP8 checkpoint: no block scales.
      tensor(`${prefix}.eh_proj.weight`, [d, 2 * d], 'mlp', layer),
      ...decoderLayerTensors(prefix, spec, last, layer),
      ...normTensors(`${prefix}.shared_head.norm`, spec, layer),
      tensor(`${prefix}.shared_head.head.weight`, [spec.vocabSize, d], 'lmHead', layer, { isMatmul: true }),
    );
  }
  return tensors;
}

export const deepseekV3 = decoderModule({
  modelType: 'deepseek_v3',
  configClass: 'DeepseekV3Config',
  causalLmClass: 'DeepseekV3ForCausalLM',
  schema: z.looseObject(
    deepseekFields({
      decoder: {
        num_key_value_heads: 128,
        head_dim: null,
        hidden_act: 'silu',
        max_position_embeddings: 4096,
        rms_norm_eps: 1e-6,
        tie_word_embeddings: false,
        rope_theta: 10_000,
      },
      q_lora_rank: 1536,
      n_routed_experts: 256,
      n_shared_experts: 1,
      moe_intermediate_size: 2048,
      num_experts_per_tok: 8,
      first_k_dense_replace: 3,
      norm_topk_prob: true,
      // DeepseekV3Config has no topk_method: transformers always builds the correction bias.
      topk_method: 'noaux_tc',
    }),
  ),
  describe: describeDeepseek,
  checkpointOnlyTensors: mtpTensors,
});

export const deepseekV2 = decoderModule({
  modelType: 'deepseek_v2',
  configClass: 'DeepseekV2Config',
  causalLmClass: 'DeepseekV2ForCausalLM',
  schema: z.looseObject(
    deepseekFields({
      decoder: {
        num_key_value_heads: null,
        head_dim: null,
        hidden_act: 'silu',
        max_position_embeddings: 2048,
        rms_norm_eps: 1e-6,
        tie_word_embeddings: false,
        rope_theta: 10_000,
      },
      q_lora_rank: 1536,
      n_routed_experts: 64,
      n_shared_experts: 2,
      moe_intermediate_size: 1407,
      num_experts_per_tok: null,
      first_k_dense_replace: 0,
      norm_topk_prob: false,
      topk_method: 'greedy',
    }),
  ),
  describe: describeDeepseek,
  checkpointOnlyTensors: mtpTensors,
});
