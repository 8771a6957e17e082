/**
 * Forward-pass FLOPs, counted the way this site states on every page:
 *
 * - A multiply-add is 2 FLOPs. Norms, softmax, activations, rotary embedding, the embedding
 *   lookup and bias additions are not counted (they are O(hidden) per token, not O(hidden²)).
 * - Weights: a token costs 2 × (elements of every weight matrix it is multiplied by), see
 *   {@link matmulParamsPerToken}; the output head counts for every token, tied or not.
 * - Attention: in a layer, the token at 0-based position i costs (FLOPs per key) × keys, where the
 *   FLOPs per key depend on the layer's attention kind (GQA: 4 · heads · headDim, 2·heads·headDim
 *   for the scores q·kᵀ and as many for the weighted sum of values) and the keys on its reach
 *   (global i + 1, sliding min(i + 1, w), chunked (i mod c) + 1); see attention.ts.
 * - `decode` at context T is one forward pass for the token at position T − 1 (it sees T keys).
 * - `prefill` at context T processes all T tokens: under `causal` counting it is exactly
 *   Σ decode(t) for t = 1..T; under `full` counting every query is charged every key of its block (min(T, window) keys).
 * - Training is 3 × forward (backward costs twice the forward pass).
 *
 * Results are per sequence. Values above 2^53 are floating point (relative error below 1e-12).
 */
import { attentionFlopsPerKey, causalKeySum, fullKeySum, keysAt } from './attention.ts';
import { attentionFlopsFormula } from './formulas.ts';
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
  /** The attention cost per key written out: one term per distinct geometry, with its layers (attentionFlopsFormula). */
  attentionTerms: { firstLayer: number; layers: number; flopsPerKey: number }[];
}

/**
 * FLOPs of decode and prefill at a context, given the model's matmul parameters per token.
 * Attention is summed layer by layer: each layer's FLOPs per key (by its attention kind) times
 * the keys its reach lets the queries see.
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
  const weightsPerToken = 2 * matmulParams;
  // Keys are summed per distinct FLOPs-per-key and multiplied once: key counts stay exact integers,
  // so the one rounding (past 2^53) happens in the product, whatever the order of the layers.
  const keysByCost = new Map<number, { decode: number; prefill: number }>();
  for (const { attention, reach } of spec.decoderLayers) {
    const perKey = attentionFlopsPerKey(attention);
    const keys = keysByCost.get(perKey) ?? { decode: 0, prefill: 0 };
    keys.decode += keysAt(T - 1, reach);
    keys.prefill += options.attention === 'causal' ? causalKeySum(T, reach) : fullKeySum(T, reach);
    keysByCost.set(perKey, keys);
  }
  let decodeAttention = 0;
  let prefillAttention = 0;
  for (const [perKey, keys] of keysByCost) {
    decodeAttention += perKey * keys.decode;
    prefillAttention += perKey * keys.prefill;
  }
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
    attentionTerms: attentionFlopsFormula(spec).map(({ firstLayer, layers, value }) => ({
      firstLayer,
      layers,
      flopsPerKey: value,
    })),
  };
}
