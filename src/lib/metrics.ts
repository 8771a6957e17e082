/**
 * One metric vocabulary. A number the site shows is addressed by its `calc --json` path
 * (`kvCache.bytes`, `architecture.moe.experts`, `tensorGroups.3.count`), and that path is its
 * `data-metric`, its `<Value metric>`, its compare-row key and its embed attribute. This registry
 * lists the paths that name numbers, each with its unit, which decides how it is written. The value
 * of a path is read off the analysis itself, so a registered path cannot name a number the JSON
 * lacks. Imports no zod: the browser's calculators use it too.
 */
import { flops } from './flops.ts';
import { kvCache } from './kv-cache.ts';
import type { RunOptions } from './options.ts';
import type { ModelSpec } from './types.ts';
import {
  formatBytes,
  formatCount,
  formatFlops,
  formatInteger,
  formatRate,
  formatSeconds,
  formatTokensPerSecond,
} from './units.ts';

/** How a metric's number is written. */
export type MetricUnit =
  /** A parameter count: 8.03 B. */
  | 'parameters'
  /** Bytes, binary units: 16 GiB. */
  | 'bytes'
  /** FLOPs, decimal prefixes: 16.1 GFLOP. */
  | 'flops'
  /** A fraction shown as a percentage: 12.5%. */
  | 'share'
  /** An exact whole number (layers, heads, widths, tokens): 4,096. */
  | 'integer'
  /** A real number from a config (θ, a scaling factor, a cap): as written, with separators when whole. */
  | 'real'
  /** A small real number: 1e-6. */
  | 'epsilon'
  /** Bytes per second, decimal prefixes: 3.35 TB/s. */
  | 'bytesPerSecond'
  /** FLOP per second, decimal prefixes: 990 TFLOP/s. */
  | 'flopsPerSecond'
  /** A speed bound: 1,190 tokens/s. */
  | 'tokensPerSecond'
  /** A duration: 817 ms, 5.15 s. */
  | 'seconds';

export interface MetricDefinition {
  /** The `calc --json` path; `*` stands for an array index. */
  path: string;
  unit: MetricUnit;
  /** What the number is, for docs and error messages. */
  label: string;
  /** Whether the number depends on the run options (context, batch, dtype, attention counting). */
  run: boolean;
}

const metric = (path: string, unit: MetricUnit, label: string, run = false): MetricDefinition => ({
  path,
  unit,
  label,
  run,
});

/** Every path that names a number, in the order the docs list them. */
export const METRICS: readonly MetricDefinition[] = [
  metric('architecture.layers', 'integer', 'decoder layers'),
  metric('architecture.hiddenSize', 'integer', 'width of the residual stream'),
  metric('architecture.heads', 'integer', 'query heads'),
  metric('architecture.kvHeads', 'integer', 'key/value heads'),
  metric('architecture.headDim', 'integer', 'features per head'),
  metric('architecture.queriesPerKvHead', 'real', 'query heads per KV head'),
  metric('architecture.attentionWidth', 'integer', 'heads × head_dim'),
  metric('architecture.ffnSize', 'integer', 'intermediate_size'),
  metric('architecture.vocabSize', 'integer', 'vocabulary'),
  metric('architecture.maxContextTokens', 'integer', 'longest context the config declares'),
  metric('architecture.norm.epsilon', 'epsilon', 'norm epsilon'),
  metric('architecture.norm.perLayer', 'integer', 'norms per layer'),
  metric('architecture.position.theta', 'real', 'RoPE base θ'),
  metric('architecture.position.maxPositions', 'integer', 'rows of the learned position table'),
  metric('architecture.position.rotaryFraction', 'real', 'fraction of each head that rotates (partial_rotary_factor)'),
  metric('architecture.position.scaling.factor', 'real', 'RoPE scaling factor'),
  metric('architecture.position.scaling.originalMaxPositionEmbeddings', 'integer', 'context before RoPE scaling'),
  metric('architecture.slidingWindow', 'integer', 'sliding window (tokens)'),
  metric('architecture.slidingLayers', 'integer', 'sliding-window layers'),
  metric('architecture.globalLayers', 'integer', 'global layers'),
  metric('architecture.chunkedLayers', 'integer', 'chunked layers'),
  metric('architecture.attentionChunk', 'integer', 'attention chunk (tokens)'),
  metric('architecture.softCapping.attentionLogits', 'real', 'attention-score soft cap'),
  metric('architecture.softCapping.finalLogits', 'real', 'final-logit soft cap'),
  metric('architecture.queryPreAttnScalar', 'real', 'query_pre_attn_scalar'),
  metric('architecture.moe.experts', 'integer', 'routed experts per MoE layer'),
  metric('architecture.moe.topK', 'integer', 'experts per token'),
  metric('architecture.moe.expertFfnSize', 'integer', 'width of one routed expert'),
  metric('architecture.moe.sharedExperts', 'integer', 'shared experts'),
  metric('architecture.moe.sharedExpertFfnSize', 'integer', 'width of the shared expert'),
  metric('architecture.moe.layerCount', 'integer', 'MoE layers'),
  metric('architecture.vision.hiddenSize', 'integer', 'vision encoder width'),
  metric('architecture.vision.ffnSize', 'integer', 'vision encoder MLP width'),
  metric('architecture.vision.layers', 'integer', 'vision encoder layers'),
  metric('architecture.vision.heads', 'integer', 'vision encoder heads'),
  metric('architecture.vision.imageSize', 'integer', 'image side (pixels)'),
  metric('architecture.vision.patchSize', 'integer', 'patch side (pixels)'),
  metric('architecture.vision.tokensPerImage', 'integer', 'tokens per image'),
  metric('architecture.multiTokenPredictionLayers', 'integer', 'multi-token-prediction layers'),
  metric('architecture.sinkLayers', 'integer', 'layers with attention sinks'),
  metric('architecture.mla.kvLoraRank', 'integer', 'kv_lora_rank'),
  metric('architecture.mla.qkRopeHeadDim', 'integer', 'qk_rope_head_dim'),
  metric('architecture.mla.qkNopeHeadDim', 'integer', 'qk_nope_head_dim'),
  metric('architecture.mla.vHeadDim', 'integer', 'v_head_dim'),
  metric('architecture.mla.qLoraRank', 'integer', 'q_lora_rank'),
  metric('architecture.decoderLayers.*.reach.windowTokens', 'integer', "a layer's window"),
  metric('architecture.decoderLayers.*.reach.chunkTokens', 'integer', "a layer's chunk"),
  metric('architecture.decoderLayers.*.position.theta', 'real', "a layer's RoPE θ"),
  metric('architecture.decoderLayers.*.attention.heads', 'integer', "a layer's query heads"),
  metric('architecture.decoderLayers.*.attention.kvHeads', 'integer', "a layer's KV heads"),
  metric('architecture.decoderLayers.*.attention.headDim', 'integer', "a layer's head_dim"),
  metric('architecture.decoderLayers.*.attention.kvLoraRank', 'integer', "a layer's kv_lora_rank"),
  metric('architecture.decoderLayers.*.attention.qkRopeHeadDim', 'integer', "a layer's qk_rope_head_dim"),
  metric('architecture.decoderLayers.*.attention.qkNopeHeadDim', 'integer', "a layer's qk_nope_head_dim"),
  metric('architecture.decoderLayers.*.attention.vHeadDim', 'integer', "a layer's v_head_dim"),
  metric('architecture.decoderLayers.*.attention.qLoraRank', 'integer', "a layer's q_lora_rank"),
  metric('architecture.decoderLayers.*.mlp.ffnSize', 'integer', "a layer's MLP width"),
  metric('params.total', 'parameters', 'parameters'),
  metric('params.embedding', 'parameters', 'embedding parameters'),
  metric('params.nonEmbedding', 'parameters', 'non-embedding parameters'),
  metric('params.activePerToken', 'parameters', 'parameters active per token'),
  metric('params.activeNonEmbedding', 'parameters', 'active parameters per token, embeddings excluded'),
  metric('params.vision', 'parameters', 'vision tower and projector parameters'),
  metric('params.checkpoint', 'parameters', 'elements the checkpoint stores (the Hub count)'),
  metric('params.matmulPerToken', 'parameters', 'weight-matrix elements each token is multiplied by'),
  metric('params.breakdown.embedding', 'parameters', 'embedding parameters'),
  metric('params.breakdown.attention', 'parameters', 'attention parameters'),
  metric('params.breakdown.mlp', 'parameters', 'MLP parameters'),
  metric('params.breakdown.norm', 'parameters', 'norm parameters'),
  metric('params.breakdown.lmHead', 'parameters', 'untied output head'),
  metric('params.breakdown.vision', 'parameters', 'vision tower and projector'),
  metric('params.breakdown.denseMlp', 'parameters', 'dense MLP parameters'),
  metric('params.breakdown.routedExperts', 'parameters', 'routed experts and router'),
  metric('params.breakdown.sharedExperts', 'parameters', 'shared experts and their gates'),
  metric('params.breakdown.embeddingShare', 'share', 'embedding share'),
  metric('params.breakdown.attentionShare', 'share', 'attention share'),
  metric('params.breakdown.mlpShare', 'share', 'MLP share'),
  metric('params.breakdown.normShare', 'share', 'norm share'),
  metric('params.breakdown.lmHeadShare', 'share', 'output head share'),
  metric('params.breakdown.visionShare', 'share', 'vision share'),
  metric('params.breakdown.denseMlpShare', 'share', 'dense MLP share'),
  metric('params.breakdown.routedExpertsShare', 'share', 'routed experts share'),
  metric('params.breakdown.sharedExpertsShare', 'share', 'shared experts share'),
  metric('checkpoint.terms.*.elements', 'parameters', 'elements of one checkpoint term'),
  metric('checkpoint.terms.*.count', 'integer', 'tensors of one checkpoint term'),
  metric('kvCache.bytesPerToken', 'bytes', 'KV bytes per token', true),
  metric('kvCache.bytes', 'bytes', 'KV cache', true),
  metric('kvCache.withoutMlaCompression.bytesPerToken', 'bytes', 'KV bytes per token without MLA compression', true),
  metric('kvCache.withoutMlaCompression.bytes', 'bytes', 'KV cache without MLA compression', true),
  metric('kvCache.terms.*.layers', 'integer', 'layers of one KV term', true),
  metric('kvCache.terms.*.elementsPerToken', 'integer', 'KV elements per token of one layer', true),
  metric('kvCache.terms.*.cachedTokens', 'integer', 'tokens a layer caches', true),
  metric('kvCache.terms.*.bytes', 'bytes', 'KV bytes of one term', true),
  metric('flops.prefill', 'flops', 'prefill FLOPs', true),
  metric('flops.decode', 'flops', 'decode FLOPs per token', true),
  metric('flops.training', 'flops', 'training FLOPs per sequence', true),
  metric('flops.weightsPerToken', 'flops', 'weight FLOPs per token', true),
  metric('flops.prefillAttention', 'flops', 'attention FLOPs of prefill', true),
  metric('flops.decodeAttention', 'flops', 'attention FLOPs of decode', true),
  metric('flops.prefillAttentionShare', 'share', 'attention share of prefill', true),
  metric('flops.decodeAttentionShare', 'share', 'attention share of decode', true),
  metric('flops.attentionTerms.*.layers', 'integer', 'layers of one attention term', true),
  metric('flops.attentionTerms.*.flopsPerKey', 'integer', 'attention FLOPs per key in one layer', true),
  metric('memory.weights.bytes', 'bytes', 'weights in the chosen format', true),
  metric('memory.kvCacheBytes', 'bytes', 'KV cache of the whole batch', true),
  metric('memory.totalBytes', 'bytes', 'weights and KV cache', true),
  metric('memory.perGpuBytes', 'bytes', 'bytes each GPU holds', true),
  metric('memory.perGpuWeightsBytes', 'bytes', 'weights each GPU holds', true),
  metric('memory.perGpuKvCacheBytes', 'bytes', 'KV cache each GPU holds', true),
  metric('memory.usableBytesPerGpu', 'bytes', 'what a GPU offers after the reserve', true),
  metric('memory.gpu.memoryBytes', 'bytes', 'GPU memory as the device reports it', true),
  metric('memory.gpu.bandwidthBytesPerSecond', 'bytesPerSecond', 'GPU memory bandwidth', true),
  metric('memory.gpu.bf16FlopsPerSecond', 'flopsPerSecond', 'GPU dense BF16 peak', true),
  metric('memory.gpus', 'integer', 'GPUs (tensor parallelism)', true),
  metric('memory.reserveFraction', 'share', 'GPU memory kept free', true),
  metric('memory.maxContext', 'integer', 'longest context that fits', true),
  metric('memory.maxBatch', 'integer', 'largest batch that fits', true),
  metric('memory.decodeTokensPerSecond', 'tokensPerSecond', 'decode roofline (upper bound)', true),
  metric('memory.prefillSeconds', 'seconds', 'prefill time (lower bound)', true),
  metric('training.loraRank', 'integer', 'LoRA rank', true),
  metric('training.trainableParameters', 'parameters', 'trainable parameters', true),
  metric('training.frozenWeightsBytes', 'bytes', 'frozen base weights', true),
  metric(
    'training.trainableStateBytes',
    'bytes',
    'weights, gradients and AdamW state of the trainable parameters',
    true,
  ),
  metric('training.activationBytes', 'bytes', 'activations without recomputation', true),
  metric('training.activationBytesWithRecomputation', 'bytes', 'activations with full recomputation', true),
  metric('training.bytes', 'bytes', 'fine-tuning memory without recomputation', true),
  metric('training.bytesWithRecomputation', 'bytes', 'fine-tuning memory with full recomputation', true),
  metric('tensorCount', 'integer', 'tensors in the checkpoint'),
  metric('tensorGroups.*.parameters', 'parameters', 'parameters of one tensor'),
  metric('tensorGroups.*.count', 'integer', 'tensors in a group'),
  metric('tensorGroups.*.total', 'parameters', 'parameters of a group'),
  metric('tensorGroups.*.share', 'share', "a group's share of the parameters"),
];

function patternOf(path: string): string {
  return path
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('.');
}

const byPattern = new Map(METRICS.map((definition) => [definition.path, definition]));

/** The registry entry of a path (array indices match `*`), or undefined. */
export function metricDefinition(path: string): MetricDefinition | undefined {
  return byPattern.get(patternOf(path));
}

/**
 * The value at a path of an analysis object (`calc --json`), or null when the path names no
 * number there (an MoE metric of a dense model). Only own keys are followed.
 *
 * @example metricValue({ params: { total: 8 } }, 'params.total') //=> 8
 */
export function metricValue(analysis: unknown, path: string): number | null {
  let node: unknown = analysis;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return null;
    node = (node as Record<string, unknown>)[segment];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

function formatReal(value: number): string {
  return Number.isInteger(value) ? formatInteger(value) : String(value);
}

/**
 * The human text of a metric, by its unit: parameter counts with B/M suffixes, bytes in binary
 * units, FLOPs with decimal prefixes, shares as percentages, counts as exact integers.
 *
 * @example formatMetric('kvCache.bytes', 17_179_869_184) //=> '16 GiB'
 * @example formatMetric('architecture.norm.epsilon', 0.000001) //=> '1e-6'
 */
export function formatMetric(path: string, value: number): string {
  switch (metricDefinition(path)?.unit) {
    case 'parameters':
      return formatCount(value);
    case 'bytes':
      return formatBytes(value);
    case 'flops':
      return formatFlops(value);
    case 'share':
      return `${(value * 100).toFixed(value < 0.001 ? 2 : 1)}%`;
    case 'epsilon':
      return value.toExponential();
    case 'bytesPerSecond':
      return formatRate(value, 'B/s');
    case 'flopsPerSecond':
      return formatRate(value, 'FLOP/s');
    case 'tokensPerSecond':
      return formatTokensPerSecond(value);
    case 'seconds':
      return formatSeconds(value);
    case 'real':
      return formatReal(value);
    default:
      return formatInteger(value);
  }
}

/** The run-dependent part of an analysis (KV cache and FLOPs), which the browser recomputes as controls move. */
export interface RunAnalysis {
  kvCache: ReturnType<typeof kvCache>;
  flops: ReturnType<typeof flops>;
}

/** KV cache and FLOPs of one model at one set of options, addressable by metric path. */
export function runAnalysis(spec: ModelSpec, matmulParams: number, options: RunOptions): RunAnalysis {
  return { kvCache: kvCache(spec, options), flops: flops(spec, matmulParams, options) };
}
