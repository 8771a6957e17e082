/**
 * One call from a config to every number the site and the CLI show; its result is the
 * `calc --json` contract (the key names are stable: more may be added, none change meaning), and
 * its paths are the metric vocabulary (metrics.ts).
 */
import type { CheckpointAccount } from './checkpoint.ts';
import { checkpointAccount } from './checkpoint.ts';
import { parseConfig } from './config/parse.ts';
import type { FlopsResult } from './flops.ts';
import { flops } from './flops.ts';
import type { CheckpointBuffer } from './hub-record.ts';
import type { KvCacheResult } from './kv-cache.ts';
import { kvCache } from './kv-cache.ts';
import type { RunOptions } from './options.ts';
import type { ParamBreakdown, ParamCounts } from './params.ts';
import { countParams, matmulParamsPerToken, parameterBreakdown } from './params.ts';
import type { ArchitectureSummary } from './summary.ts';
import { architectureSummary } from './summary.ts';
import { expandTensors, groupRowName, groupTensorsByLayer, tensorCount, tensorList } from './tensors.ts';
import type { ModelSpec } from './types.ts';

export interface TensorGroupSummary {
  /** The name with layers and experts as ranges: `model.layers.[0–31].mlp.up_proj.weight`. */
  name: string;
  shape: number[];
  /** Parameters in one tensor. */
  parameters: number;
  /** Tensors in the group (layers × experts). */
  count: number;
  /** parameters × count. */
  total: number;
  /** total / params.total. */
  share: number;
}

export interface ModelAnalysis {
  /** What the numbers are about: a snapshot id (`org/name`) or a file path. */
  model: string;
  architecture: ArchitectureSummary;
  params: ParamCounts & {
    /**
     * What the checkpoint's files hold, the Hub's count: total plus every term of `checkpoint`; null
     * when a quantization scheme the library does not count makes it undetermined (`checkpoint.undetermined` says so).
     */
    checkpoint: number | null;
    /** Weight-matrix elements one token is multiplied by (the output head always): flops.weightsPerToken / 2. */
    matmulPerToken: number;
    breakdown: ParamBreakdown;
  };
  kvCache: KvCacheResult;
  flops: FlopsResult;
  /** Every tensor of the checkpoint by name and shape, in state-dict order. */
  tensors: { name: string; shape: number[] }[];
  /** From params.total to params.checkpoint, term by term. */
  checkpoint: CheckpointAccount;
  /** Tensors in the checkpoint (every expert's counted). */
  tensorCount: number;
  /** The tensor list with identical layers and experts collapsed. */
  tensorGroups: TensorGroupSummary[];
}

export interface AnalyzeExtras {
  /** Buffers the checkpoint is recorded to store (a snapshot model's hub.json), counted in params.checkpoint. */
  recordedBuffers?: readonly CheckpointBuffer[];
  /** Leave out the flat `tensors` list (the site and the browser use `tensorGroups`). */
  flatTensors?: boolean;
}

/** Everything derived from a parsed spec, computing the tensor list once. */
export function analyzeSpec(
  model: string,
  spec: ModelSpec,
  options: RunOptions,
  extras: AnalyzeExtras = {},
): ModelAnalysis {
  const tensors = tensorList(spec);
  const counts = countParams(spec, tensors);
  const matmulPerToken = matmulParamsPerToken(spec, tensors);
  const checkpoint = checkpointAccount(spec, tensors, counts.total, extras.recordedBuffers);
  const groups = groupTensorsByLayer(tensors).map((row) => ({
    name: groupRowName(row),
    shape: row.shape,
    parameters: row.parameters,
    count: row.count,
    total: row.parameters * row.count,
    share: (row.parameters * row.count) / counts.total,
  }));
  return {
    model,
    architecture: architectureSummary(spec),
    params: { ...counts, checkpoint: checkpoint.elements, matmulPerToken, breakdown: parameterBreakdown(tensors) },
    kvCache: kvCache(spec, options),
    flops: flops(spec, matmulPerToken, options),
    tensors: extras.flatTensors === false ? [] : [...expandTensors(tensors)],
    checkpoint,
    tensorCount: tensorCount(tensors),
    tensorGroups: groups,
  };
}

/** Parses and validates a config value, then analyses it. Throws ConfigError on bad input. */
export function analyzeConfig(
  model: string,
  config: unknown,
  options: RunOptions,
  extras: AnalyzeExtras = {},
): ModelAnalysis {
  return analyzeSpec(model, parseConfig(config), options, extras);
}
