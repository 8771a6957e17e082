/**
 * One call from a config to every number the site and the CLI show; its result is the
 * `calc --json` contract (the key names are stable: more may be added, none change meaning).
 */
import { parseConfig } from './config/parse.ts';
import { ConfigError } from './errors.ts';
import type { FlopsResult } from './flops.ts';
import { flops } from './flops.ts';
import type { KvCacheResult } from './kv-cache.ts';
import { kvCache } from './kv-cache.ts';
import type { RunOptions } from './options.ts';
import type { ParamCounts } from './params.ts';
import { countParams, matmulParamsPerToken } from './params.ts';
import { tensorList } from './tensors.ts';
import type { ModelSpec, TensorInfo } from './types.ts';

export interface ModelAnalysis {
  /** What the numbers are about: a snapshot id (`org/name`) or a file path. */
  model: string;
  architecture: ModelSpec;
  params: ParamCounts;
  kvCache: KvCacheResult;
  flops: FlopsResult;
  tensors: { name: string; shape: number[] }[];
}

/** Everything derived from a parsed spec, computing the tensor list once. */
export function analyzeSpec(model: string, spec: ModelSpec, options: RunOptions): ModelAnalysis {
  const tensors: TensorInfo[] = tensorList(spec);
  const params = countParams(spec, tensors);
  if (!Number.isSafeInteger(params.total)) {
    throw new ConfigError(null, `${params.total} parameters is beyond exact arithmetic: the sizes are not realistic`);
  }
  return {
    model,
    architecture: spec,
    params,
    kvCache: kvCache(spec, options),
    flops: flops(spec, matmulParamsPerToken(spec, tensors), options),
    tensors: tensors.map(({ name, shape }) => ({ name, shape })),
  };
}

/** Parses and validates a config value, then analyses it. Throws ConfigError on bad input. */
export function analyzeConfig(model: string, config: unknown, options: RunOptions): ModelAnalysis {
  return analyzeSpec(model, parseConfig(config), options);
}
