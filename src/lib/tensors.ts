/**
 * The tensor list: every parameter tensor of a checkpoint, with its Hugging Face name and shape.
 * Counts and FLOPs are derived from this list, so there is one source of truth for "what is in
 * the model". Buffers (rotary `inv_freq`, GPT-2's `attn.bias` mask) are not parameters and never
 * appear here.
 */
import { architectureFor } from './architectures/index.ts';
import { ConfigError } from './errors.ts';
import type { ModelSpec, TensorInfo } from './types.ts';

/**
 * Every parameter tensor of the model, in state-dict order.
 *
 * @example
 * tensorList(llama31_8b).at(-2) //=> { name: 'model.norm.weight', shape: [4096], … }
 */
export function tensorList(spec: ModelSpec): TensorInfo[] {
  const module = architectureFor(spec.modelType);
  if (module === undefined) throw new ConfigError('model_type', `${spec.modelType} is not a supported architecture`);
  return module.tensors(spec);
}

/** One row of a grouped tensor table: a tensor name with the layer index replaced by `{layer}`. */
export interface TensorGroupRow {
  /** The name with the layer index as `{layer}` (or the full name outside the layer stack). */
  pattern: string;
  shape: number[];
  /** Parameters in one instance. */
  parameters: number;
  /** How many layers hold this tensor with this shape (1 outside the layer stack). */
  count: number;
  /** The layers that hold it, ascending. Empty outside the layer stack. */
  layers: number[];
}

/**
 * Collapses identical layers: `model.layers.0.mlp.up_proj.weight` … `model.layers.31.…` become one
 * row `model.layers.{layer}.mlp.up_proj.weight` with count 32. Rows keep first-appearance order;
 * tensors whose shape differs between layers (a dense layer among MoE layers) get their own row.
 */
export function groupTensorsByLayer(tensors: readonly TensorInfo[]): TensorGroupRow[] {
  const rows = new Map<string, TensorGroupRow>();
  for (const info of tensors) {
    const pattern = info.layer === null ? info.name : info.name.replace(`.${info.layer}.`, '.{layer}.');
    const key = `${pattern} ${info.shape.join('x')}`;
    const row = rows.get(key);
    if (row === undefined) {
      rows.set(key, {
        pattern,
        shape: info.shape,
        parameters: info.parameters,
        count: 1,
        layers: info.layer === null ? [] : [info.layer],
      });
    } else {
      row.count += 1;
      if (info.layer !== null) row.layers.push(info.layer);
    }
  }
  return [...rows.values()];
}
