/**
 * Decoder Atlas model math: pure functions from a Hugging Face config.json to parameter counts,
 * tensor shapes, KV-cache bytes and FLOPs. No DOM, no network, no file system: the build, the CLI,
 * the browser islands and the tests all import this one implementation.
 */
export { analyzeConfig, analyzeSpec } from './analyze.ts';
export type { ModelAnalysis } from './analyze.ts';
export { ARCHITECTURES, SUPPORTED_MODEL_TYPES, architectureFor } from './architectures/index.ts';
export { asConfigObject, parseConfig, parseConfigText } from './config/parse.ts';
export { ConfigError } from './errors.ts';
export { attentionFlopsPerKey, causalKeySum, flops } from './flops.ts';
export type { FlopsResult } from './flops.ts';
export { cachedTokens, kvBytesPerTokenPerLayer, kvCache } from './kv-cache.ts';
export type { KvCacheResult } from './kv-cache.ts';
export {
  ATTENTION_COUNTINGS,
  DEFAULT_RUN_OPTIONS,
  KV_DTYPE_BYTES,
  KV_DTYPES,
  MAX_BATCH,
  MAX_CONTEXT_TOKENS,
  resolveRunOptions,
} from './options.ts';
export type { AttentionCounting, KvDtype, RunOptions } from './options.ts';
export { countParams, matmulParamsPerToken } from './params.ts';
export type { ParamCounts } from './params.ts';
export { groupTensorsByLayer, tensorList } from './tensors.ts';
export type { TensorGroupRow } from './tensors.ts';
export type * from './types.ts';
export { formatBytes, formatCount, formatFlops, formatInteger } from './units.ts';
export { attentionKind, windowCounts, windowRuns } from './describe.ts';
export type { AttentionKind, WindowRun } from './describe.ts';
export { closestMatches, editDistance } from './suggest.ts';
export { formatMetric, runMetrics } from './metrics.ts';
export type { RunMetric } from './metrics.ts';
export { bufferElements, knownBufferSets, reconcileHubCount } from './checkpoint-buffers.ts';
export { hubRecordSchema, manifestSchema } from './hub-record.ts';
export type { CheckpointBuffer, HubRecord, Manifest, ManifestEntry } from './hub-record.ts';
export { parameterBreakdown } from './params.ts';
export type { ParamBreakdown } from './params.ts';
export { attentionVariants, withKvHeads } from './variants.ts';
export type { AttentionVariant } from './variants.ts';
export { jsonDepth, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, parseUntrustedConfigText } from './config/untrusted.ts';
