/**
 * What changed between two configs, key by key: the lineage notes, the config diff component and
 * the Hub sync's report all ask this one function.
 */

/**
 * Top-level keys whose values differ between two configs (absent on one side counts), sorted.
 * Values compare by their JSON, so key order inside nested objects matters, as it does on disk.
 *
 * @example changedConfigKeys({ rope_theta: 500000 }, { rope_theta: 500000, rope_scaling: {} }) //=> ['rope_scaling']
 */
export function changedConfigKeys(before: unknown, after: unknown): string[] {
  const left = asRecord(before);
  const right = asRecord(after);
  return [...new Set([...Object.keys(left), ...Object.keys(right)])]
    .filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key]))
    .sort();
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The `calc --json` path that holds the number a top-level config key sets, for keys whose value
 * is one model-wide number (both spellings where GPT-2 names a key its own way). A page shows a
 * key's value as that metric only where the two agree: a dormant key, such as Qwen2's
 * `sliding_window` while `use_sliding_window` is false, is shown as the config value it is.
 */
export const CONFIG_KEY_METRICS: Readonly<Record<string, string>> = {
  hidden_size: 'architecture.hiddenSize',
  n_embd: 'architecture.hiddenSize',
  num_hidden_layers: 'architecture.layers',
  n_layer: 'architecture.layers',
  num_attention_heads: 'architecture.heads',
  n_head: 'architecture.heads',
  num_key_value_heads: 'architecture.kvHeads',
  head_dim: 'architecture.headDim',
  intermediate_size: 'architecture.ffnSize',
  vocab_size: 'architecture.vocabSize',
  max_position_embeddings: 'architecture.maxContextTokens',
  n_positions: 'architecture.maxContextTokens',
  rope_theta: 'architecture.position.theta',
  sliding_window: 'architecture.slidingWindow',
  rms_norm_eps: 'architecture.norm.epsilon',
  layer_norm_epsilon: 'architecture.norm.epsilon',
  layer_norm_eps: 'architecture.norm.epsilon',
  attn_logit_softcapping: 'architecture.softCapping.attentionLogits',
  final_logit_softcapping: 'architecture.softCapping.finalLogits',
  query_pre_attn_scalar: 'architecture.queryPreAttnScalar',
  num_local_experts: 'architecture.moe.experts',
  num_experts: 'architecture.moe.experts',
  n_routed_experts: 'architecture.moe.experts',
  num_experts_per_tok: 'architecture.moe.topK',
  moe_intermediate_size: 'architecture.moe.expertFfnSize',
  kv_lora_rank: 'architecture.mla.kvLoraRank',
  q_lora_rank: 'architecture.mla.qLoraRank',
  qk_rope_head_dim: 'architecture.mla.qkRopeHeadDim',
  qk_nope_head_dim: 'architecture.mla.qkNopeHeadDim',
  v_head_dim: 'architecture.mla.vHeadDim',
};
