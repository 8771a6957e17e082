/**
 * `calc --json` with its memory part: the analysis of analyze.ts plus `memory` (always) and
 * `training` (when a fine-tuning mode is asked for). Kept apart from analyzeSpec so the embed's
 * core bundle, which analyses configs but plans no memory, does not carry the planner.
 */
import type { AnalyzeExtras, ModelAnalysis } from './analyze.ts';
import { analyzeSpec } from './analyze.ts';
import type { Gpu } from './gpus.ts';
import type { MemoryPlan, TrainingMemory, TrainingMode } from './memory.ts';
import { DEFAULT_LORA_RANK, memoryPlan, resolveMemoryOptions, trainingMemory } from './memory.ts';
import type { RunOptions } from './options.ts';
import { tensorList } from './tensors.ts';
import type { ModelSpec } from './types.ts';
import type { WeightFormat } from './weight-formats.ts';

export interface MemoryAnalysis extends ModelAnalysis {
  /** Serving memory, fit and speed bounds at the run options and the memory options (memory.ts). */
  memory: MemoryPlan;
  /** Fine-tuning memory, when a training mode was asked for. */
  training?: TrainingMemory;
}

export interface MemoryExtras extends AnalyzeExtras {
  /** Weights format, GPU, GPU count and reserve (defaults: bf16, one H100 SXM, 10%). */
  memory?: { format?: WeightFormat; gpu?: Gpu; gpus?: number; reserveFraction?: number };
  /** Adds `training` for this fine-tuning mode (LoRA rank default 16). */
  training?: { mode: TrainingMode; loraRank?: number };
}

/** analyzeSpec, then the memory plan (and fine-tuning memory) at the same run options. */
export function analyzeWithMemory(
  model: string,
  spec: ModelSpec,
  options: RunOptions,
  extras: MemoryExtras = {},
): MemoryAnalysis {
  const analysis = analyzeSpec(model, spec, options, extras);
  const tensors = tensorList(spec);
  const memoryOptions = { ...resolveMemoryOptions({}), ...extras.memory };
  const result: MemoryAnalysis = {
    ...analysis,
    memory: memoryPlan(
      { spec, tensors, matmulParams: analysis.params.matmulPerToken },
      {
        ...memoryOptions,
        kvDtype: options.dtype,
        contextTokens: options.contextTokens,
        batch: options.batch,
        attention: options.attention,
      },
    ),
  };
  if (extras.training !== undefined) {
    result.training = trainingMemory(spec, tensors, {
      mode: extras.training.mode,
      loraRank: extras.training.loraRank ?? DEFAULT_LORA_RANK,
      format: memoryOptions.format,
      contextTokens: options.contextTokens,
      batch: options.batch,
    });
  }
  return result;
}
