/**
 * Forward-pass FLOPs, counted the way this site states on every page:
 *
 * - A multiply-add is 2 FLOPs. Norms, softmax, activations, rotary embedding, the embedding
 *   lookup and bias additions are not counted (they are O(hidden) per token, not O(hidden²)).
 * - Weights: a token costs 2 × (elements of every weight matrix it is multiplied by), see
 *   {@link matmulParamsPerToken}; the output head counts for every token, tied or not.
 * - Attention: in a layer, the token at 0-based position i costs 4 · heads · headDim · keys, where
 *   keys = min(i + 1, window): 2·heads·headDim for the scores q·kᵀ and as many for the weighted
 *   sum of values.
 * - `decode` at context T is one forward pass for the token at position T − 1 (it sees T keys).
 * - `prefill` at context T processes all T tokens: under `causal` counting it is exactly
 *   Σ decode(t) for t = 1..T; under `full` counting every query is charged min(T, window) keys.
 * - Training is 3 × forward (backward costs twice the forward pass).
 *
 * Results are per sequence. Values above 2^53 are floating point (relative error below 1e-12).
 */
import type { AttentionCounting } from './options.ts';
import type { ModelSpec } from './types.ts';

export interface FlopsResult {
  context: number;
  attention: AttentionCounting;
  /** FLOPs to process a prompt of `context` tokens. */
  prefill: number;
  /** FLOPs to produce the token at position context − 1 with a KV cache of the earlier ones. */
  decode: number;
  /** 3 × prefill: forward and backward over one sequence of `context` tokens. */
  training: number;
  /** The weight part of one token's forward pass: 2 × matmul parameters. */
  weightsPerToken: number;
  /** The attention (scores and values) part of `prefill`. */
  prefillAttention: number;
  /** The attention part of `decode`. */
  decodeAttention: number;
  /** prefillAttention / prefill: how much of a prompt's cost is attention rather than weights. */
  prefillAttentionShare: number;
  /** decodeAttention / decode. */
  decodeAttentionShare: number;
}

/** Attention FLOPs per key a query looks at, in one layer: 4 · heads · headDim. */
export function attentionFlopsPerKey(spec: ModelSpec): number {
  return 4 * spec.heads * spec.headDim;
}

/** Σ_{t=1..T} min(t, window): keys seen by all T causal queries of one layer. */
export function causalKeySum(contextTokens: number, window: number | null): number {
  const T = contextTokens;
  if (window === null || T <= window) return (T * (T + 1)) / 2;
  return (window * (window + 1)) / 2 + (T - window) * window;
}

function keysSeen(contextTokens: number, window: number | null): number {
  return window === null ? contextTokens : Math.min(contextTokens, window);
}

/**
 * FLOPs of decode and prefill at a context, given the model's matmul parameters per token.
 *
 * @example
 * // gpt2 at T = 1: weights 2 × 123,532,032, attention 12 layers × 4·12·64 × 1 key
 * flops(gpt2Spec, 123_532_032, { contextTokens: 1, attention: 'causal' }).decode //=> 247_100_928
 */
export function flops(
  spec: ModelSpec,
  matmulParams: number,
  options: { contextTokens: number; attention: AttentionCounting },
): FlopsResult {
  const T = options.contextTokens;
  const perKey = attentionFlopsPerKey(spec);
  const weightsPerToken = 2 * matmulParams;
  let decodeKeys = 0;
  let prefillKeys = 0;
  for (const window of spec.layerWindows) {
    decodeKeys += keysSeen(T, window);
    prefillKeys += options.attention === 'causal' ? causalKeySum(T, window) : T * keysSeen(T, window);
  }
  const decodeAttention = perKey * decodeKeys;
  const prefillAttention = perKey * prefillKeys;
  const prefill = T * weightsPerToken + prefillAttention;
  const decode = weightsPerToken + decodeAttention;
  return {
    context: T,
    attention: options.attention,
    prefill,
    decode,
    training: 3 * prefill,
    weightsPerToken,
    prefillAttention,
    decodeAttention,
    prefillAttentionShare: prefillAttention / prefill,
    decodeAttentionShare: decodeAttention / decode,
  };
}
