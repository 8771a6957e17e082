import type { ModelSpec, TensorInfo } from '../types.ts';

/**
 * What one architecture contributes: how to read its config.json and which tensors its
 * checkpoint holds. Adding an architecture is one module implementing this, registered in
 * `index.ts`, plus its test.
 */
export interface ArchitectureModule {
  /** The `model_type` its configs declare. */
  modelType: string;
  /** The transformers config class whose defaults apply to absent keys (cited in docs and errors). */
  configClass: string;
  /** The causal-LM class, used when a config has no `architectures` list. */
  causalLmClass: string;
  /** Validates a config object (keys as Hugging Face spells them) and normalises it. */
  parse(config: Record<string, unknown>): ModelSpec;
  /** Every parameter tensor of the checkpoint, in state-dict order. */
  tensors(spec: ModelSpec): TensorInfo[];
}
