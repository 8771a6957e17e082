/**
 * Parameter counts, all summed from the tensor list so they agree with it by construction.
 *
 * - `total`: every parameter tensor once (a tied lm_head is the embedding, counted once). This is
 *   what the Hub's safetensors count shows, buffers and packing aside (see checkpoint.ts).
 * - `embedding`: token embedding + learned position embedding + an untied lm_head.
 * - `nonEmbedding`: total − embedding (the convention of the Gemma and Gemma 2 papers).
 * - `activePerToken`: parameters a token touches: for MoE, only top-k of each layer's routed
 *   experts (shared experts always count); for dense models, the total. Embeddings count (a token
 *   reads its row and the head's whole matrix), so model cards that quote active parameters
 *   without the embedding table (gpt-oss-120b's "5.1B") give embedding less than this.
 *   A vision tower never counts: text tokens do not pass through it.
 * - `vision`: a multimodal checkpoint's vision tower and projector, part of `total`.
 */
import { ConfigError } from './errors.ts';
import type { ModelSpec, TensorInfo } from './types.ts';

export interface ParamCounts {
  total: number;
  embedding: number;
  nonEmbedding: number;
  activePerToken: number;
  /**
   * activePerToken less the embedding tables (token and learned position tables; an untied output
   * head stays, since every token is multiplied by it): the figure model cards usually quote as
   * "active parameters", e.g. gpt-oss-120b's 5.1 B = 5,711,982,912 − 579,133,440.
   */
  activeNonEmbedding: number;
  /** The vision tower and its projector (multimodal checkpoints), part of total; 0 for text-only models. */
  vision: number;
}

const embeddingRoles = new Set(['tokenEmbedding', 'positionEmbedding', 'lmHead']);

/** Tensors one record stands for: one, or one per routed expert. */
export function instances(tensor: TensorInfo): number {
  return tensor.experts ?? 1;
}

/**
 * How many of a record's instances a token uses: all of a plain tensor; of a routed-expert
 * record, the layer's top-k (all experts of a layer are the same size, so which k does not matter).
 */
function activeInstances(tensor: TensorInfo, spec: ModelSpec): number {
  // A text token never passes through the vision tower.
  if (tensor.role === 'vision') return 0;
  if (tensor.experts === null) return 1;
  const mlp = tensor.layer === null ? undefined : spec.decoderLayers[tensor.layer]?.mlp;
  return mlp?.kind === 'moe' ? Math.min(mlp.topK, tensor.experts) : tensor.experts;
}

/**
 * The four headline counts of a model. Refuses (ConfigError) a total past 2^53, where integer
 * arithmetic stops being exact: no real model comes near, so such a config is a typo or an attack.
 *
 * @example
 * countParams(gpt2Spec, tensorList(gpt2Spec)).total //=> 124_439_808
 */
export function countParams(spec: ModelSpec, tensors: readonly TensorInfo[]): ParamCounts {
  let total = 0;
  let embedding = 0;
  let activePerToken = 0;
  let vision = 0;
  let tables = 0;
  for (const tensor of tensors) {
    const elements = tensor.parameters * instances(tensor);
    total += elements;
    if (embeddingRoles.has(tensor.role)) embedding += elements;
    if (tensor.role === 'tokenEmbedding' || tensor.role === 'positionEmbedding') tables += elements;
    if (tensor.role === 'vision') vision += elements;
    activePerToken += tensor.parameters * activeInstances(tensor, spec);
  }
  if (!Number.isSafeInteger(total)) {
    throw new ConfigError(null, `${total} parameters is beyond exact arithmetic: the sizes are not realistic`);
  }
  return {
    total,
    embedding,
    nonEmbedding: total - embedding,
    activePerToken,
    activeNonEmbedding: activePerToken - tables,
    vision,
  };
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
    if (tensor.isMatmul) elements += tensor.parameters * activeInstances(tensor, spec);
  }
  if (spec.tiedEmbeddings) elements += spec.vocabSize * spec.hiddenSize;
  return elements;
}

/** Where the parameters are: totals by the part of the model they belong to, and each part's share of the total. */
export interface ParamBreakdown {
  /** Token embedding and learned position embedding. */
  embedding: number;
  /** q, k, v and o projections (or MLA's), with their biases. */
  attention: number;
  /** The MLP: dense, or router + every expert + shared expert. */
  mlp: number;
  /** Every norm's weights (and biases). */
  norm: number;
  /** An untied output head (0 when tied). */
  lmHead: number;
  /** The vision tower and projector of a multimodal checkpoint (0 for text-only models). */
  vision: number;
  /** The parts of `mlp`: the dense MLPs (every layer of a dense model, the dense layers of an MoE). */
  denseMlp: number;
  /** The routed experts, every one of them, with the router that picks them. */
  routedExperts: number;
  /** The shared experts, which every token passes through, with their gates. */
  sharedExperts: number;
  embeddingShare: number;
  attentionShare: number;
  mlpShare: number;
  normShare: number;
  lmHeadShare: number;
  visionShare: number;
  denseMlpShare: number;
  routedExpertsShare: number;
  sharedExpertsShare: number;
}

/**
 * Sums the tensor list by part of the model; the parts add up to the total.
 *
 * @example parameterBreakdown(tensorList(gpt2Spec)).attention //=> 28_348_416 (12 × (768·2304 + 2304 + 768·768 + 768))
 */
export function parameterBreakdown(tensors: readonly TensorInfo[]): ParamBreakdown {
  const parts = { embedding: 0, attention: 0, mlp: 0, norm: 0, lmHead: 0, vision: 0 };
  const mlpParts = { denseMlp: 0, routedExperts: 0, sharedExperts: 0 };
  for (const tensor of tensors) {
    const elements = tensor.parameters * instances(tensor);
    switch (tensor.role) {
      case 'tokenEmbedding':
      case 'positionEmbedding':
        parts.embedding += elements;
        break;
      case 'attention':
        parts.attention += elements;
        break;
      case 'norm':
        parts.norm += elements;
        break;
      case 'lmHead':
        parts.lmHead += elements;
        break;
      case 'vision':
        parts.vision += elements;
        break;
      case 'router':
      case 'routedExpert':
        parts.mlp += elements;
        mlpParts.routedExperts += elements;
        break;
      case 'sharedExpert':
      case 'sharedExpertGate':
        parts.mlp += elements;
        mlpParts.sharedExperts += elements;
        break;
      default:
        parts.mlp += elements;
        mlpParts.denseMlp += elements;
    }
  }
  const total = parts.embedding + parts.attention + parts.mlp + parts.norm + parts.lmHead + parts.vision;
  return {
    ...parts,
    embeddingShare: parts.embedding / total,
    attentionShare: parts.attention / total,
    mlpShare: parts.mlp / total,
    normShare: parts.norm / total,
    lmHeadShare: parts.lmHead / total,
    visionShare: parts.vision / total,
    ...mlpParts,
    denseMlpShare: mlpParts.denseMlp / total,
    routedExpertsShare: mlpParts.routedExperts / total,
    sharedExpertsShare: mlpParts.sharedExperts / total,
  };
}
