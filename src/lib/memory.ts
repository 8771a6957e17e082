/**
 * Will it fit, and how fast: weights in a format, the exact KV cache, tensor parallelism over N
 * GPUs, roofline speed bounds and fine-tuning memory.
 *
 * Conventions (stated on the site's "Will it fit?" article too):
 * - Serving memory is weights + KV cache. Activations, CUDA graphs, the allocator's fragmentation
 *   and the framework are not modelled; a reserve (default 10% of the GPU's memory, vLLM's
 *   `gpu_memory_utilization` 0.9) is kept free for them instead. A GPU offers (1 − reserve) × memory.
 * - Tensor parallelism over N GPUs splits the weights evenly (weights / N per GPU) and gives each
 *   GPU ceil(kvHeads / N) KV heads of every GQA layer (heads are replicated once N > kvHeads); MLA's
 *   latent cache is not split by heads, so every GPU holds all of it.
 * - Speeds are rooflines, upper bounds no engine reaches. Decode: one step makes every GPU read its
 *   share of the weights a token uses plus its KV cache, so tokens/s ≤ batch × bandwidth / bytes read.
 *   A token uses the active parameters: for MoE, the top-k experts of each layer, as at batch 1;
 *   a larger batch routes its tokens to more experts and reads more. Embedding tables are looked
 *   up, not read whole, and are left out; the output head is read whole (tied or not).
 *   Prefill: time ≥ batch × prefill FLOPs / (N × peak BF16 FLOP/s).
 */
import { ConfigError, describeValue } from './errors.ts';
import { flops } from './flops.ts';
import type { Gpu } from './gpus.ts';
import { gpuById } from './gpus.ts';
import { kvCache } from './kv-cache.ts';
import type { AttentionCounting, KvDtype } from './options.ts';
import { MAX_BATCH, MAX_CONTEXT_TOKENS } from './options.ts';
import { instances } from './params.ts';
import type { ModelSpec, TensorInfo } from './types.ts';
import type { WeightFormat } from './weight-formats.ts';
import { bitsPerWeight, isDecoderLinearWeight, resolveWeightFormat } from './weight-formats.ts';

/** vLLM's default gpu_memory_utilization is 0.9: a tenth of the GPU is kept for what is not modelled. */
export const DEFAULT_RESERVE_FRACTION = 0.1;
/** The most GPUs a plan accepts. */
export const MAX_GPUS = 1024;

export interface MemoryOptions {
  format: WeightFormat;
  kvDtype: KvDtype;
  contextTokens: number;
  batch: number;
  gpu: Gpu;
  /** GPUs the model is split over by tensor parallelism. */
  gpus: number;
  /** Share of each GPU's memory kept free, from 0 to below 1. */
  reserveFraction: number;
  /** How prefill's attention FLOPs are counted (flops.ts). */
  attention: AttentionCounting;
}

/**
 * Checks the raw memory options (a flag's, a control's or an attribute's text) and fills defaults:
 * bf16 weights, one H100 SXM, a 10% reserve.
 */
export function resolveMemoryOptions(raw: { weights?: unknown; gpu?: unknown; gpus?: unknown; reserve?: unknown }): {
  format: WeightFormat;
  gpu: Gpu;
  gpus: number;
  reserveFraction: number;
} {
  const format = raw.weights === undefined ? 'bf16' : resolveWeightFormat(raw.weights);
  const gpu =
    raw.gpu === undefined ? gpuById('h100-sxm') : typeof raw.gpu === 'object' ? (raw.gpu as Gpu) : gpuById(raw.gpu);
  let gpus = 1;
  if (raw.gpus !== undefined) {
    const number = typeof raw.gpus === 'string' && raw.gpus.trim() !== '' ? Number(raw.gpus) : raw.gpus;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > MAX_GPUS) {
      throw new ConfigError(
        'gpus',
        `must be a whole number of GPUs from 1 to ${MAX_GPUS}, got ${describeValue(raw.gpus)}`,
      );
    }
    gpus = number;
  }
  let reserveFraction = DEFAULT_RESERVE_FRACTION;
  if (raw.reserve !== undefined) {
    const number = typeof raw.reserve === 'string' && raw.reserve.trim() !== '' ? Number(raw.reserve) : raw.reserve;
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number >= 1) {
      throw new ConfigError(
        'reserve',
        `must be a fraction of GPU memory from 0 to below 1 (0.1 keeps 10% free), got ${describeValue(raw.reserve)}`,
      );
    }
    reserveFraction = number;
  }
  return { format, gpu, gpus, reserveFraction };
}

/**
 * Bytes of every weight of the model in a format: Σ elements × bits per weight / 8, rounded up
 * to a whole byte once at the end.
 *
 * @example weightsBytes(llama31_70b, tensorList(llama31_70b), 'bf16') //=> 141_107_412_992 (2 × 70,553,706,496)
 */
export function weightsBytes(spec: ModelSpec, tensors: readonly TensorInfo[], format: WeightFormat): number {
  let bits = 0;
  for (const tensor of tensors) bits += tensor.parameters * instances(tensor) * bitsPerWeight(spec, tensor, format);
  return Math.ceil(bits / 8);
}

/** Routed-expert instances a token reads in a layer: the layer's top-k (batch 1). */
function activeInstances(spec: ModelSpec, tensor: TensorInfo): number {
  if (tensor.experts === null) return 1;
  const mlp = tensor.layer === null ? undefined : spec.decoderLayers[tensor.layer]?.mlp;
  return mlp?.kind === 'moe' ? Math.min(mlp.topK, tensor.experts) : tensor.experts;
}

/**
 * Weight bytes one decode step reads for one token (batch 1): every tensor a token uses at its
 * format's width, routed experts only top-k per layer, the output head whole; embedding tables
 * (a row is looked up) and a vision tower (text tokens skip it) are left out.
 */
export function decodeWeightBytes(spec: ModelSpec, tensors: readonly TensorInfo[], format: WeightFormat): number {
  let bits = 0;
  for (const tensor of tensors) {
    if (tensor.role === 'vision' || tensor.role === 'positionEmbedding') continue;
    // A tied embedding is also the output head, which every step multiplies by whole.
    if (tensor.role === 'tokenEmbedding' && !spec.tiedEmbeddings) continue;
    bits += tensor.parameters * activeInstances(spec, tensor) * bitsPerWeight(spec, tensor, format);
  }
  return Math.ceil(bits / 8);
}

/**
 * What one of N tensor-parallel GPUs caches: each GQA layer keeps ceil(kvHeads / N) of its KV
 * heads (whole heads, replicated when N > kvHeads); an MLA layer keeps its whole latent.
 */
export function perGpuKvSpec(spec: ModelSpec, gpus: number): ModelSpec {
  if (gpus === 1) return spec;
  return {
    ...spec,
    decoderLayers: spec.decoderLayers.map((layer) =>
      layer.attention.kind === 'gqa'
        ? { ...layer, attention: { ...layer.attention, kvHeads: Math.ceil(layer.attention.kvHeads / gpus) } }
        : layer,
    ),
  };
}

/**
 * KV-cache bytes on one of N tensor-parallel GPUs (the exact cache of kv-cache.ts, windows and
 * chunks applied, of the per-GPU heads).
 *
 * @example
 * // Llama 3.1 70B, 8 KV heads, N = 8: one head per GPU, 80 · 2 · 1 · 128 · 2 B = 40 KiB per token
 * kvBytesPerGpu(llama31_70b, 8, { contextTokens: 1, batch: 1, dtype: 'bf16' }) //=> 40_960
 */
export function kvBytesPerGpu(
  spec: ModelSpec,
  gpus: number,
  options: { contextTokens: number; batch: number; dtype: KvDtype },
): number {
  return kvCache(perGpuKvSpec(spec, gpus), options).bytes;
}

export interface MemoryPlan {
  weights: { format: WeightFormat; bytes: number };
  /** The whole KV cache, every GPU's share together as one GPU would hold it (kvCache.bytes). */
  kvCacheBytes: number;
  /** weights.bytes + kvCacheBytes. */
  totalBytes: number;
  /** weights.bytes / gpus + that GPU's KV bytes. */
  perGpuBytes: number;
  gpu: { id: string; memoryBytes: number; bandwidthBytesPerSecond: number; bf16FlopsPerSecond: number };
  gpus: number;
  reserveFraction: number;
  /** perGpuBytes ≤ (1 − reserveFraction) × gpu.memoryBytes. */
  fits: boolean;
  /** The longest context (tokens) that fits at this batch, up to the calculators' cap of 10^8; 0 when not even one token fits. */
  maxContext: number;
  /** The largest batch that fits at this context, up to the calculators' cap of 10^6; 0 when none does. */
  maxBatch: number;
  /** Decode roofline: batch × bandwidth / (active weight bytes / N + per-GPU KV bytes). An upper bound. */
  decodeTokensPerSecond: number;
  /** Prefill lower bound: batch × prefill FLOPs / (N × peak BF16 FLOP/s). */
  prefillSeconds: number;
  /** weights.bytes / gpus. */
  perGpuWeightsBytes: number;
  /** The KV cache one GPU holds. */
  perGpuKvCacheBytes: number;
  /** (1 − reserveFraction) × gpu.memoryBytes: what a GPU offers. */
  usableBytesPerGpu: number;
}

/** What a plan needs about a model, computed once per model (the tensor walk is the costly part). */
export interface MemoryModel {
  spec: ModelSpec;
  tensors: readonly TensorInfo[];
  /** Matmul parameters per token (params.matmulPerToken), for the prefill FLOPs. */
  matmulParams: number;
}

/** Usable bytes of one GPU at a reserve. */
export function usableBytes(gpu: Pick<Gpu, 'memoryBytes'>, reserveFraction: number): number {
  return (1 - reserveFraction) * gpu.memoryBytes;
}

/**
 * The largest context in 1 … 10^8 whose per-GPU bytes fit, by binary search over the exact KV
 * function (piecewise in the context: a sliding layer stops growing at its window), or 0.
 */
export function maxContextThatFits(
  spec: ModelSpec,
  perGpuWeightBytes: number,
  options: { batch: number; dtype: KvDtype; gpus: number; usableBytes: number },
): number {
  const kvSpec = perGpuKvSpec(spec, options.gpus);
  const fitsAt = (contextTokens: number) =>
    perGpuWeightBytes + kvCache(kvSpec, { contextTokens, batch: options.batch, dtype: options.dtype }).bytes <=
    options.usableBytes;
  if (!fitsAt(1)) return 0;
  if (fitsAt(MAX_CONTEXT_TOKENS)) return MAX_CONTEXT_TOKENS;
  let low = 1; // fits
  let high = MAX_CONTEXT_TOKENS; // does not fit
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fitsAt(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * The largest batch whose per-GPU bytes fit at a context: the KV cache is linear in the batch, so
 * ⌊(usable − weights per GPU) / KV per GPU of one sequence⌋, capped at 10^6, or 0.
 */
export function maxBatchThatFits(
  spec: ModelSpec,
  perGpuWeightBytes: number,
  options: { contextTokens: number; dtype: KvDtype; gpus: number; usableBytes: number },
): number {
  const free = options.usableBytes - perGpuWeightBytes;
  if (free < 0) return 0;
  const perSequence = kvBytesPerGpu(spec, options.gpus, {
    contextTokens: options.contextTokens,
    batch: 1,
    dtype: options.dtype,
  });
  return Math.min(MAX_BATCH, Math.floor(free / perSequence));
}

/**
 * A model as the planner needs it once its weights are summed: the spec (for the KV cache and
 * FLOPs), its matmul parameters, and its weight bytes in the chosen format, resident and read per
 * decode step. The browser receives this (computed at build time by {@link weightsBytes} and
 * {@link decodeWeightBytes}) instead of the tensor list.
 */
export interface PlannedWeights {
  spec: ModelSpec;
  matmulParams: number;
  weightsBytes: number;
  decodeWeightBytes: number;
}

/**
 * Serving memory and speed bounds of a model at one set of options.
 *
 * @example
 * // Llama 3.1 70B in bf16 on one H100: 141.1 GB of weights against 0.9 × 85,520,809,984 bytes
 * memoryPlan(llama31_70b, { format: 'bf16', gpu: h100, gpus: 1, … }).fits //=> false
 */
export function memoryPlan(model: MemoryModel, options: MemoryOptions): MemoryPlan {
  return planWithWeights(
    {
      spec: model.spec,
      matmulParams: model.matmulParams,
      weightsBytes: weightsBytes(model.spec, model.tensors, options.format),
      decodeWeightBytes: decodeWeightBytes(model.spec, model.tensors, options.format),
    },
    options,
  );
}

/** {@link memoryPlan} from weight bytes already summed in `options.format`. */
export function planWithWeights(model: PlannedWeights, options: MemoryOptions): MemoryPlan {
  const { spec } = model;
  const weights = model.weightsBytes;
  const run = { contextTokens: options.contextTokens, batch: options.batch, dtype: options.kvDtype };
  const kvTotal = kvCache(spec, run).bytes;
  const kvPerGpu = kvBytesPerGpu(spec, options.gpus, run);
  const perGpuWeights = weights / options.gpus;
  const perGpuBytes = perGpuWeights + kvPerGpu;
  const usable = usableBytes(options.gpu, options.reserveFraction);
  const limits = { dtype: options.kvDtype, gpus: options.gpus, usableBytes: usable };
  const readPerStep = model.decodeWeightBytes / options.gpus + kvPerGpu;
  const prefill = flops(spec, model.matmulParams, {
    contextTokens: options.contextTokens,
    attention: options.attention,
  }).prefill;
  return {
    weights: { format: options.format, bytes: weights },
    kvCacheBytes: kvTotal,
    totalBytes: weights + kvTotal,
    perGpuBytes,
    gpu: {
      id: options.gpu.id,
      memoryBytes: options.gpu.memoryBytes,
      bandwidthBytesPerSecond: options.gpu.bandwidthBytesPerSecond,
      bf16FlopsPerSecond: options.gpu.bf16FlopsPerSecond,
    },
    gpus: options.gpus,
    reserveFraction: options.reserveFraction,
    fits: perGpuBytes <= usable,
    maxContext: maxContextThatFits(spec, perGpuWeights, { ...limits, batch: options.batch }),
    maxBatch: maxBatchThatFits(spec, perGpuWeights, { ...limits, contextTokens: options.contextTokens }),
    decodeTokensPerSecond: (options.batch * options.gpu.bandwidthBytesPerSecond) / readPerStep,
    prefillSeconds: (options.batch * prefill) / (options.gpus * options.gpu.bf16FlopsPerSecond),
    perGpuWeightsBytes: perGpuWeights,
    perGpuKvCacheBytes: kvPerGpu,
    usableBytesPerGpu: usable,
  };
}

/** Whether a model fits on `gpus` of a GPU (the fits-on table): weights / N + per-GPU KV ≤ usable. */
export function fitsOn(
  spec: ModelSpec,
  weightBytes: number,
  options: { contextTokens: number; batch: number; kvDtype: KvDtype; gpu: Gpu; gpus: number; reserveFraction: number },
): boolean {
  const kv = kvBytesPerGpu(spec, options.gpus, {
    contextTokens: options.contextTokens,
    batch: options.batch,
    dtype: options.kvDtype,
  });
  return weightBytes / options.gpus + kv <= usableBytes(options.gpu, options.reserveFraction);
}

/** The GPU counts of the fits-on table. */
export const FITS_ON_COUNTS = [1, 2, 4, 8] as const;

// ---------------------------------------------------------------------------------------------
// Fine-tuning
// ---------------------------------------------------------------------------------------------

export type TrainingMode = 'full' | 'lora' | 'qlora';
export const TRAINING_MODES: readonly TrainingMode[] = ['full', 'lora', 'qlora'];
/** Bytes per trainable parameter with AdamW in mixed precision: bf16 weight and gradient, fp32 master weight and two moments (ZeRO's 16Ψ). */
export const ADAMW_BYTES_PER_PARAMETER = 16;
export const DEFAULT_LORA_RANK = 16;
export const MAX_LORA_RANK = 65_536;

export interface TrainingOptions {
  mode: TrainingMode;
  /** LoRA rank r (ignored for full fine-tuning). */
  loraRank: number;
  /** Base weights' format for LoRA (QLoRA always int4). */
  format: WeightFormat;
  contextTokens: number;
  batch: number;
}

export interface TrainingMemory {
  mode: TrainingMode;
  /** r, or null for full fine-tuning. */
  loraRank: number | null;
  /** Parameters the optimizer updates: all of them, or the adapters' r·(in + out) per adapted matrix. */
  trainableParameters: number;
  /** The frozen base weights (LoRA: in the chosen format; QLoRA: int4); 0 for full fine-tuning, whose weights are in the 16 bytes. */
  frozenWeightsBytes: number;
  /** 16 bytes per trainable parameter. */
  trainableStateBytes: number;
  /** Korthikanti et al. 2022 activations, stored for the backward pass without recomputation. */
  activationBytes: number;
  /** The same with full recomputation: only each layer's 16-bit input is kept. */
  activationBytesWithRecomputation: number;
  /** frozen weights + trainable state + activations (no recomputation). */
  bytes: number;
  /** frozen weights + trainable state + activations with full recomputation. */
  bytesWithRecomputation: number;
}

/** Checks --train and --lora-rank. */
export function resolveTrainingOptions(raw: { train?: unknown; loraRank?: unknown }): {
  mode: TrainingMode;
  loraRank: number;
} {
  if (typeof raw.train !== 'string' || !(TRAINING_MODES as readonly string[]).includes(raw.train)) {
    throw new ConfigError('train', `must be one of ${TRAINING_MODES.join(', ')}, got ${describeValue(raw.train)}`);
  }
  let loraRank = DEFAULT_LORA_RANK;
  if (raw.loraRank !== undefined) {
    const number = typeof raw.loraRank === 'string' && raw.loraRank.trim() !== '' ? Number(raw.loraRank) : raw.loraRank;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > MAX_LORA_RANK) {
      throw new ConfigError(
        'lora-rank',
        `must be a whole number from 1 to ${MAX_LORA_RANK.toLocaleString('en-US')}, got ${describeValue(raw.loraRank)}`,
      );
    }
    loraRank = number;
  }
  return { mode: raw.train as TrainingMode, loraRank };
}

/**
 * Activation bytes per token of one layer, Korthikanti et al. 2022 ("Reducing Activation
 * Recomputation in Large Transformer Models", §4.1, eq. 1 without parallelism):
 * s·b·h·(34 + 5·a·s/h) per layer, i.e. 34·h + 5·a·s bytes per token, for 16-bit activations of a
 * standard layer (MHA, a 4h two-matrix MLP, dropout masks), with the a·s² attention scores stored.
 * Left out: GQA's smaller K and V, a gated or wider MLP, MoE routing, FlashAttention (which never
 * stores the scores, dropping the 5·a·s term), the embedding, the output logits and the loss.
 */
export function activationBytesPerTokenPerLayer(hiddenSize: number, heads: number, contextTokens: number): number {
  return 34 * hiddenSize + 5 * heads * contextTokens;
}

/**
 * Fine-tuning memory: full (AdamW, 16 bytes per parameter), LoRA (base weights frozen in their
 * format; adapters of rank r on every decoder linear weight, experts included, at 16 bytes per
 * adapter parameter) or QLoRA (LoRA over int4 base weights). Activations by Korthikanti et al.
 */
export function trainingMemory(
  spec: ModelSpec,
  tensors: readonly TensorInfo[],
  options: TrainingOptions,
): TrainingMemory {
  let total = 0;
  let adapters = 0;
  for (const tensor of tensors) {
    total += tensor.parameters * instances(tensor);
    if (isDecoderLinearWeight(tensor)) {
      const [rows = 0, columns = 0] = tensor.shape;
      adapters += options.loraRank * (rows + columns) * instances(tensor);
    }
  }
  const full = options.mode === 'full';
  const trainableParameters = full ? total : adapters;
  const frozenWeightsBytes = full ? 0 : weightsBytes(spec, tensors, options.mode === 'qlora' ? 'int4' : options.format);
  const layers = spec.decoderLayers.length;
  const heads = spec.decoderLayers[0]?.attention.heads ?? 0;
  const tokens = options.contextTokens * options.batch;
  const activationBytes =
    layers * tokens * activationBytesPerTokenPerLayer(spec.hiddenSize, heads, options.contextTokens);
  const activationBytesWithRecomputation = layers * tokens * 2 * spec.hiddenSize;
  const trainableStateBytes = ADAMW_BYTES_PER_PARAMETER * trainableParameters;
  return {
    mode: options.mode,
    loraRank: full ? null : options.loraRank,
    trainableParameters,
    frozenWeightsBytes,
    trainableStateBytes,
    activationBytes,
    activationBytesWithRecomputation,
    bytes: frozenWeightsBytes + trainableStateBytes + activationBytes,
    bytesWithRecomputation: frozenWeightsBytes + trainableStateBytes + activationBytesWithRecomputation,
  };
}
