/**
 * Parameter counts, all summed from the tensor list so they agree with it by construction.
 *
 * - `total`: every parameter tensor once (a tied lm_head is the embedding, counted once). This is
 *   what the Hub's safetensors count shows, buffers aside.
 * - `embedding`: token embedding + learned position embedding + an untied lm_head.
 * - `nonEmbedding`: total − embedding (the convention of the Gemma and Gemma 2 papers).
 * - `activePerToken`: parameters a token touches: for MoE, only top-k of the routed experts
 *   (shared experts always count); for dense models, the total.
 */
import type { ModelSpec, TensorInfo } from './types.ts';

export interface ParamCounts {
  total: number;
  embedding: number;
  nonEmbedding: number;
  activePerToken: number;
}

const embeddingRoles = new Set(['tokenEmbedding', 'positionEmbedding', 'lmHead']);

/**
 * Whether a tensor is used by a token: routed experts count only for the first topK indices,
 * which stand for whichever topK experts the router picks (all experts of a layer are the same size).
 */
function isActive(tensor: TensorInfo, spec: ModelSpec): boolean {
  return tensor.role !== 'routedExpert' || spec.moe === null || (tensor.expert ?? 0) < spec.moe.topK;
}

/**
 * The four headline counts of a model.
 *
 * @example
 * countParams(gpt2Spec, tensorList(gpt2Spec)).total //=> 124_439_808
 */
export function countParams(spec: ModelSpec, tensors: readonly TensorInfo[]): ParamCounts {
  let total = 0;
  let embedding = 0;
  let activePerToken = 0;
  for (const tensor of tensors) {
    total += tensor.parameters;
    if (embeddingRoles.has(tensor.role)) embedding += tensor.parameters;
    if (isActive(tensor, spec)) activePerToken += tensor.parameters;
  }
  return { total, embedding, nonEmbedding: total - embedding, activePerToken };
}

/**
 * Elements of the weight matrices one token is multiplied by in a forward pass: q/k/v/o, the MLP
 * (or router + top-k experts + shared expert and its gate), and the output head, which counts
 * even when it is tied to the embedding (the matrix is stored once but used twice).
 * Embedding lookups, norms and biases are not multiplications and are left out.
 *
 * @example
 * // gpt2: 12 layers × (768·2304 + 768·768 + 768·3072 + 3072·768) + 50257·768
 * matmulParamsPerToken(gpt2Spec, tensorList(gpt2Spec)) //=> 123_532_032
 */
export function matmulParamsPerToken(spec: ModelSpec, tensors: readonly TensorInfo[]): number {
  let elements = 0;
  for (const tensor of tensors) {
    if (tensor.isMatmul && isActive(tensor, spec)) elements += tensor.parameters;
  }
  if (spec.tiedEmbeddings) elements += spec.vocabSize * spec.hiddenSize;
  return elements;
}

/** Where the parameters are: totals by the part of the model they belong to. */
export interface ParamBreakdown {
  /** Token embedding and learned position embedding. */
  embedding: number;
  /** q, k, v and o projections, with their biases. */
  attention: number;
  /** The MLP: dense, or router + every expert + shared expert. */
  mlp: number;
  /** Every norm's weights (and biases). */
  norm: number;
  /** An untied output head (0 when tied). */
  lmHead: number;
}

/**
 * Sums the tensor list by part of the model; the parts add up to the total.
 *
 * @example parameterBreakdown(tensorList(gpt2Spec)).attention //=> 28_348_416 (12 × (768·2304 + 2304 + 768·768 + 768))
 */
export function parameterBreakdown(tensors: readonly TensorInfo[]): ParamBreakdown {
  const breakdown: ParamBreakdown = { embedding: 0, attention: 0, mlp: 0, norm: 0, lmHead: 0 };
  for (const tensor of tensors) {
    switch (tensor.role) {
      case 'tokenEmbedding':
      case 'positionEmbedding':
        breakdown.embedding += tensor.parameters;
        break;
      case 'attention':
        breakdown.attention += tensor.parameters;
        break;
      case 'norm':
        breakdown.norm += tensor.parameters;
        break;
      case 'lmHead':
        breakdown.lmHead += tensor.parameters;
        break;
      default:
        breakdown.mlp += tensor.parameters;
    }
  }
  return breakdown;
}
