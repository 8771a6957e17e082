/**
 * The per-layer attention formulas, by kind and by reach. Every KV-cache size, attention FLOP
 * count and the prose formulas the site prints come from these functions.
 *
 * Conventions (stated on the site's "How we count" page too):
 * - KV elements per token per layer: GQA stores a key and a value per KV head, 2·kvHeads·headDim.
 *   MLA stores its compressed latent and the shared rotary key, kv_lora_rank + qk_rope_head_dim:
 *   the cache vLLM and SGLang allocate. transformers' eager cache stores the decompressed K and V
 *   instead, heads·(qk_nope + qk_rope) + heads·v_head_dim, shown beside it as "without MLA's compression".
 * - Attention FLOPs per attended key: GQA 4·heads·headDim (2·heads·headDim for q·kᵀ, as many for the
 *   weighted sum of values); MLA 2·heads·(qk_nope + qk_rope) + 2·heads·v_head_dim, the non-absorbed
 *   form transformers computes.
 * - Keys seen by the query at 0-based position i: global i + 1; sliding window w: min(i + 1, w);
 *   chunked c: (i mod c) + 1, the keys of its own chunk.
 * - Tokens cached at context T: global T; sliding min(T, w) (a rolling buffer); chunked min(T, c)
 *   (one chunk's buffer, what an engine allocates for the current chunk).
 */
import type { AttentionReach, AttentionSpec } from './types.ts';

/** Elements one layer caches per token. */
export function kvElementsPerToken(attention: AttentionSpec): number {
  return attention.kind === 'gqa'
    ? 2 * attention.kvHeads * attention.headDim
    : attention.kvLoraRank + attention.qkRopeHeadDim;
}

/** Elements per token the same layer would cache with its keys and values decompressed (equal for GQA). */
export function decompressedKvElementsPerToken(attention: AttentionSpec): number {
  return attention.kind === 'gqa'
    ? kvElementsPerToken(attention)
    : attention.heads * (attention.qkNopeHeadDim + attention.qkRopeHeadDim) + attention.heads * attention.vHeadDim;
}

/** Attention FLOPs one query spends per key it attends to, in one layer. */
export function attentionFlopsPerKey(attention: AttentionSpec): number {
  return attention.kind === 'gqa'
    ? 4 * attention.heads * attention.headDim
    : 2 * attention.heads * (attention.qkNopeHeadDim + attention.qkRopeHeadDim) +
        2 * attention.heads * attention.vHeadDim;
}

/** Tokens a layer holds in its cache at a context of `contextTokens`. */
export function cachedTokens(contextTokens: number, reach: AttentionReach): number {
  if (reach.kind === 'global') return contextTokens;
  return Math.min(contextTokens, reach.kind === 'sliding' ? reach.windowTokens : reach.chunkTokens);
}

/** Keys the token at 0-based position `position` attends to. */
export function keysAt(position: number, reach: AttentionReach): number {
  if (reach.kind === 'global') return position + 1;
  if (reach.kind === 'sliding') return Math.min(position + 1, reach.windowTokens);
  return (position % reach.chunkTokens) + 1;
}

/** Σ 1..n, exact for every n this library accepts (n ≤ 10⁸). */
function triangle(n: number): number {
  return (n * (n + 1)) / 2;
}

/**
 * Keys seen by all T causal queries of one layer: Σ_{i=0..T−1} keysAt(i).
 * Global T(T+1)/2; sliding w(w+1)/2 + (T − w)·w once T passes w; chunked q·c(c+1)/2 + r(r+1)/2 with
 * T = q·c + r.
 */
export function causalKeySum(contextTokens: number, reach: AttentionReach): number {
  const T = contextTokens;
  if (reach.kind === 'global') return triangle(T);
  if (reach.kind === 'sliding') {
    const w = reach.windowTokens;
    return T <= w ? triangle(T) : triangle(w) + (T - w) * w;
  }
  const c = reach.chunkTokens;
  return Math.floor(T / c) * triangle(c) + triangle(T % c);
}

/**
 * Keys charged to all T queries when the whole score block is counted (`full`): every query is
 * charged every key of its block: T for global, min(T, w) for sliding, its chunk's length for chunked.
 */
export function fullKeySum(contextTokens: number, reach: AttentionReach): number {
  const T = contextTokens;
  if (reach.kind === 'chunked') {
    const c = reach.chunkTokens;
    const r = T % c;
    return Math.floor(T / c) * c * c + r * r;
  }
  return T * cachedTokens(T, reach);
}
