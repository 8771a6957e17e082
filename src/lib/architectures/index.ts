/**
 * The registry of supported architectures, keyed by `model_type`. To add one: write its module
 * (a parser with its config class's defaults, and its tensor list), add it here, add its test.
 */
import { deepseekV2, deepseekV3 } from './deepseek.ts';
import { gemma } from './gemma.ts';
import { gemma2 } from './gemma2.ts';
import { gemma3, gemma3Text } from './gemma3.ts';
import { gptOss } from './gpt-oss.ts';
import { gpt2 } from './gpt2.ts';
import { llama } from './llama.ts';
import { mistral } from './mistral.ts';
import { mixtral } from './mixtral.ts';
import type { ArchitectureModule } from './module.ts';
import { qwen2 } from './qwen2.ts';
import { phi3 } from './phi3.ts';
import { qwen2Moe } from './qwen2-moe.ts';
import { qwen3 } from './qwen3.ts';
import { qwen3Moe } from './qwen3-moe.ts';

export type { ArchitectureModule } from './module.ts';

/** Every supported architecture, in the order the site introduces them. */
export const ARCHITECTURES: readonly ArchitectureModule[] = [
  gpt2,
  llama,
  mistral,
  mixtral,
  gemma,
  gemma2,
  qwen2,
  qwen2Moe,
  qwen3,
  qwen3Moe,
  gemma3Text,
  gemma3,
  deepseekV2,
  deepseekV3,
  gptOss,
  phi3,
];

const byModelType = new Map(ARCHITECTURES.map((module) => [module.modelType, module]));

/** The module for a `model_type`, or undefined when the library does not know it. */
export function architectureFor(modelType: string): ArchitectureModule | undefined {
  return byModelType.get(modelType);
}

/** The supported `model_type` values, for error messages and docs. */
export const SUPPORTED_MODEL_TYPES: readonly string[] = ARCHITECTURES.map((module) => module.modelType);
