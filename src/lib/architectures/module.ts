import type { CheckpointBuffer } from '../hub-record.ts';
import type { ModelSpec, TensorInfo } from '../types.ts';

/**
 * What one architecture contributes: how to read its config.json, which tensors its checkpoint
 * holds, and what a checkpoint stores beyond the parameters. Most modules are written with
 * `decoderModule` (base.ts) and state only what differs from the common decoder.
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
  /** Every parameter tensor of the checkpoint, in state-dict order (routed experts as one record each). */
  tensors(spec: ModelSpec): TensorInfo[];
  /**
   * What a checkpoint of this architecture always stores beyond the parameters, as far as the
   * config determines it (multi-token-prediction layers, packed-weight scales).
   */
  storedExtras?(spec: ModelSpec): CheckpointBuffer[];
  /**
   * Tensors the checkpoint stores that the model does not load (DeepSeek-V3's multi-token-prediction
   * layer), with the names and shapes they have in the files; each becomes a term of the checkpoint
   * account, and quantized ones get their scales like the model's own weights.
   */
  checkpointOnlyTensors?(spec: ModelSpec): TensorInfo[];
  /** Quantization methods whose stored extras `storedExtras` counts (gpt-oss: `mxfp4`). */
  quantizationMethods?: readonly string[];
  /**
   * Buffer sets that some checkpoints of this architecture store and others do not, each a
   * complete alternative (GPT-2's 2019 causal masks, Llama's pre-4.31 rotary `inv_freq`).
   * The config cannot tell which; a Hub record does.
   */
  optionalBufferSets?(spec: ModelSpec): CheckpointBuffer[][];
}
