/**
 * What the memory planner's islands need about a model, serialised at build time: the packed
 * spec, the matmul parameters and, per weight format, the resident and per-decode-step weight
 * bytes summed by the library, so the browser never walks the tensor list.
 */
import { decodeWeightBytes, weightsBytes } from '../../lib/memory.ts';
import { packSpec } from '../../lib/spec-json.ts';
import type { ModelSpec, TensorInfo } from '../../lib/types.ts';
import type { WeightFormat } from '../../lib/weight-formats.ts';
import { WEIGHT_FORMATS } from '../../lib/weight-formats.ts';
import type { PlannerModel } from '../browser/memory-planner.ts';
import { jsonForHtml } from './html-json.ts';

/** The planner's view of a model. */
export function plannerModel(model: {
  id: string;
  spec: ModelSpec;
  tensors: readonly TensorInfo[];
  matmulParams: number;
}): PlannerModel {
  const weights = Object.fromEntries(
    WEIGHT_FORMATS.map((format) => [
      format,
      [weightsBytes(model.spec, model.tensors, format), decodeWeightBytes(model.spec, model.tensors, format)],
    ]),
  ) as Record<WeightFormat, [number, number]>;
  return { id: model.id, spec: model.spec, matmulParams: model.matmulParams, weights };
}

/** JSON for the planner's `<script type="application/json" data-planner>` block, safe inside HTML. */
export function plannerModelJson(model: PlannerModel): string {
  return jsonForHtml({ ...model, spec: packSpec(model.spec) });
}
