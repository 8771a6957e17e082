/**
 * Decoder Atlas model math: pure functions from a Hugging Face config.json to parameter counts,
 * tensor shapes, KV-cache bytes and FLOPs. No DOM, no network, no file system: the build, the CLI,
 * the browser islands and the tests all import this one implementation.
 */
export { analyzeConfig, analyzeSpec } from './analyze.ts';
export { analyzeWithMemory } from './analyze-memory.ts';
export type { MemoryAnalysis, MemoryExtras } from './analyze-memory.ts';
export type { AnalyzeExtras, ModelAnalysis, TensorGroupSummary } from './analyze.ts';
export { ARCHITECTURES, SUPPORTED_MODEL_TYPES, architectureFor } from './architectures/index.ts';
export {
  attentionFlopsPerKey,
  cachedTokens,
  causalKeySum,
  decompressedKvElementsPerToken,
  fullKeySum,
  keysAt,
  kvElementsPerToken,
} from './attention.ts';
export { bufferElements, checkpointAccount, knownBufferSets, reconcileHubCount, storedExtras } from './checkpoint.ts';
export type { CheckpointAccount } from './checkpoint.ts';
export { CONFIG_KEY_METRICS, changedConfigKeys } from './config/diff.ts';
export { asConfigObject, parseConfig, parseConfigText } from './config/parse.ts';
export { jsonDepth, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, parseUntrustedConfigText } from './config/untrusted.ts';
export {
  attentionKind,
  attentionKindOf,
  describeReach,
  describeReachParts,
  isPastContext,
  reachCounts,
  reachPeriod,
  reachRuns,
  uniformAttention,
  uniformGqa,
  windowOf,
} from './describe.ts';
export type { AttentionKind, ReachCounts, ReachRun, TextLang } from './describe.ts';
export { ConfigError } from './errors.ts';
export { FEATURE_COLUMNS, featureRow } from './features.ts';
export type {
  AttentionFeature,
  FeatureCell,
  FeatureKey,
  FeatureRow,
  MlpFeature,
  NormFeature,
  PositionFeature,
  ReachFeature,
} from './features.ts';
export { flops } from './flops.ts';
export type { FlopsResult } from './flops.ts';
export { hubRecordSchema, manifestSchema } from './hub-record.ts';
export type { CheckpointBuffer, HubRecord, Manifest, ManifestEntry } from './hub-record.ts';
export { kvBytesPerTokenPerLayer, kvCache, kvCacheAtMaxContext } from './kv-cache.ts';
export type { KvCacheResult } from './kv-cache.ts';
export { attentionFlopsFormula, flopsPerKeyParts, formulaText, kvElementsParts, kvFormula } from './formulas.ts';
export type { FormulaFactor, FormulaPart, FormulaTerm } from './formulas.ts';
export { formatMetric, metricDefinition, metricValue, METRICS, runAnalysis } from './metrics.ts';
export type { MetricDefinition, MetricUnit, RunAnalysis } from './metrics.ts';
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
export { countParams, instances, matmulParamsPerToken, parameterBreakdown } from './params.ts';
export type { ParamBreakdown, ParamCounts } from './params.ts';
export { nameSegments } from './names.ts';
export { packSpec, unpackSpec } from './spec-json.ts';
export type { PackedSpec } from './spec-json.ts';
export { closestMatches, editDistance } from './suggest.ts';
export { architectureSummary } from './summary.ts';
export type { ArchitectureSummary, MoeSummary } from './summary.ts';
export {
  expandTensors,
  formatIndexRanges,
  groupRowName,
  groupTensorsByLayer,
  tensorCount,
  tensorList,
} from './tensors.ts';
export type { TensorGroupRow } from './tensors.ts';
export type * from './types.ts';
export {
  formatBytes,
  formatCount,
  formatFlops,
  formatInteger,
  formatRate,
  formatSeconds,
  formatTokensPerSecond,
} from './units.ts';
export { customGpu, GPU_IDS, GPUS, gpuById } from './gpus.ts';
export type { Gpu } from './gpus.ts';
export {
  activationBytesPerTokenPerLayer,
  ADAMW_BYTES_PER_PARAMETER,
  DEFAULT_LORA_RANK,
  DEFAULT_RESERVE_FRACTION,
  decodeWeightBytes,
  fitsOn,
  FITS_ON_COUNTS,
  planWithWeights,
  kvBytesPerGpu,
  MAX_GPUS,
  maxBatchThatFits,
  maxContextThatFits,
  memoryPlan,
  perGpuKvSpec,
  resolveMemoryOptions,
  resolveTrainingOptions,
  TRAINING_MODES,
  trainingMemory,
  usableBytes,
  weightsBytes,
} from './memory.ts';
export type {
  MemoryModel,
  MemoryOptions,
  MemoryPlan,
  TrainingMemory,
  TrainingMode,
  TrainingOptions,
} from './memory.ts';
export {
  bitsPerWeight,
  ggufType,
  isDecoderLinearWeight,
  resolveWeightFormat,
  useMoreBits,
  WEIGHT_FORMAT_LABELS,
  WEIGHT_FORMATS,
} from './weight-formats.ts';
export type { GgufType, WeightFormat } from './weight-formats.ts';
export { attentionVariants, withKvHeads } from './variants.ts';
export type { AttentionVariant } from './variants.ts';
export {
  allGlobal,
  COUNTERFACTUAL_FEATURES,
  counterfactual,
  compareMetric,
  counterfactualId,
  formatDifference,
  formatRatio,
  variantSpec,
  withoutMla,
  withoutMtp,
  withoutQkNorm,
  withoutSinks,
} from './counterfactual.ts';
export type { ComparedMetric, Counterfactual, CounterfactualFeature } from './counterfactual.ts';
