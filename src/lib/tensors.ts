/**
 * The tensor list: every parameter tensor of a checkpoint, with its Hugging Face name and shape.
 * Counts and FLOPs are derived from this list, so there is one source of truth for "what is in
 * the model". Routed experts are one record per matrix and layer (`…experts.{expert}…`, with the
 * expert count), which keeps a 256-expert model's list a few thousand records long; the flat list
 * of every tensor is produced on demand by {@link expandTensors}. Buffers (rotary `inv_freq`,
 * GPT-2's `attn.bias` mask) are not parameters and never appear here (see checkpoint.ts).
 */
import { architectureFor } from './architectures/index.ts';
import { ConfigError } from './errors.ts';
import type { ModelSpec, TensorInfo } from './types.ts';

// A spec is immutable once parsed, so its tensor list is built once however many calculators ask.
const listed = new WeakMap<ModelSpec, TensorInfo[]>();

/**
 * Every parameter tensor of the model, in state-dict order (experts as one record per matrix).
 * The same spec object always gets the same (shared, not to be mutated) list.
 *
 * @example
 * tensorList(llama31_8b).at(-2) //=> { name: 'model.norm.weight', shape: [4096], … }
 */
export function tensorList(spec: ModelSpec): TensorInfo[] {
  const cached = listed.get(spec);
  if (cached !== undefined) return cached;
  const module = architectureFor(spec.modelType);
  if (module === undefined) throw new ConfigError('model_type', `${spec.modelType} is not a supported architecture`);
  const tensors = module.tensors(spec);
  listed.set(spec, tensors);
  return tensors;
}

/** Tensors in the checkpoint: records, with each routed-expert record counted once per expert (once when stacked). */
export function tensorCount(tensors: readonly TensorInfo[]): number {
  let count = 0;
  for (const tensor of tensors) count += tensor.stacked ? 1 : (tensor.experts ?? 1);
  return count;
}

/** The stored shape of a record: a stacked record's tensor holds every expert, [experts, …shape]. */
export function storedShape(tensor: TensorInfo): number[] {
  return tensor.stacked && tensor.experts !== null ? [tensor.experts, ...tensor.shape] : tensor.shape;
}

/**
 * Every tensor by its own name and shape, in state-dict order: a layer's expert records are
 * expanded expert by expert (expert 0's matrices, then expert 1's, …), as the checkpoint lists them.
 */
export function* expandTensors(tensors: readonly TensorInfo[]): Generator<{ name: string; shape: number[] }> {
  let index = 0;
  while (index < tensors.length) {
    const first = tensors[index];
    if (first === undefined) return;
    if (first.experts === null || first.stacked) {
      yield { name: first.name, shape: storedShape(first) };
      index += 1;
      continue;
    }
    // A run of consecutive expert records of one layer is one set of experts.
    const run: TensorInfo[] = [];
    for (
      let next = tensors[index];
      next?.experts === first.experts && !next.stacked && next.layer === first.layer;
      next = tensors[index]
    ) {
      run.push(next);
      index += 1;
    }
    for (let expert = 0; expert < first.experts; expert += 1) {
      for (const info of run) yield { name: info.name.replace('{expert}', String(expert)), shape: info.shape };
    }
  }
}

/** One row of a grouped tensor table: identical layers (and identical experts) collapsed. */
export interface TensorGroupRow {
  /** The name with the layer index as `{layer}` and an expert index as `{expert}` (or the full name outside the layer stack). */
  pattern: string;
  shape: number[];
  /** Parameters in one instance. */
  parameters: number;
  /** How many tensors the row stands for: layers × experts. */
  count: number;
  /** The layers that hold it, ascending. Empty outside the layer stack. */
  layers: number[];
  /** Experts per layer for a routed-expert row, else null. */
  experts: number | null;
}

/**
 * Collapses identical layers and experts: `model.layers.0.mlp.up_proj.weight` … `model.layers.31.…`
 * become one row `model.layers.{layer}.mlp.up_proj.weight` with count 32, and 256 experts × 58
 * layers one row of 14,848. Rows keep first-appearance order; tensors whose shape differs between
 * layers (a dense layer among MoE layers) get their own row.
 */
export function groupTensorsByLayer(tensors: readonly TensorInfo[]): TensorGroupRow[] {
  const rows = new Map<string, TensorGroupRow>();
  for (const info of tensors) {
    // Decoder layers and a vision encoder's layers both collapse; their patterns differ, so they never share a row.
    const layer = info.layer ?? info.encoderLayer;
    const pattern = layer === null ? info.name : info.name.replace(`.${layer}.`, '.{layer}.');
    // A stacked record is one tensor of [experts, …]: a plain row, not an expert row.
    const experts = info.stacked ? null : info.experts;
    const shape = storedShape(info);
    const parameters = info.stacked ? info.parameters * (info.experts ?? 1) : info.parameters;
    const key = `${pattern} ${shape.join('x')} ${experts ?? ''}`;
    const row = rows.get(key);
    if (row === undefined) {
      rows.set(key, {
        pattern,
        shape,
        parameters,
        count: experts ?? 1,
        layers: layer === null ? [] : [layer],
        experts,
      });
    } else {
      row.count += experts ?? 1;
      if (layer !== null) row.layers.push(layer);
    }
  }
  return [...rows.values()];
}

/** Ascending indices as ranges: [0, 1, 2, 5, 7, 8] → '0–2, 5, 7–8'. */
export function formatIndexRanges(indices: readonly number[]): string {
  const parts: string[] = [];
  let start = indices[0];
  let previous = start;
  for (let position = 1; position <= indices.length; position += 1) {
    const index = indices[position];
    if (index !== undefined && previous !== undefined && index === previous + 1) {
      previous = index;
      continue;
    }
    if (start !== undefined && previous !== undefined)
      parts.push(start === previous ? `${start}` : `${start}–${previous}`);
    start = index;
    previous = index;
  }
  return parts.join(', ');
}

/**
 * A row's name with its layers and experts spelt out as ranges:
 * `model.layers.[0–60].mlp.experts.[0–255].up_proj.weight`; a row of one layer keeps its real name
 * (`model.layers.61.enorm.weight`).
 */
export function groupRowName(row: TensorGroupRow): string {
  let name = row.pattern;
  if (row.layers.length === 1) name = name.replace('{layer}', String(row.layers[0]));
  else if (row.layers.length > 1) name = name.replace('{layer}', `[${formatIndexRanges(row.layers)}]`);
  if (row.experts !== null) name = name.replace('{expert}', row.experts === 1 ? '0' : `[0–${row.experts - 1}]`);
  return name;
}
