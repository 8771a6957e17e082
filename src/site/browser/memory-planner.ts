/**
 * The memory planner's state, plan, fits-on table and stacked bar, shared by the build
 * (`<MemoryPlanner>`), its island (`<atlas-memory>`), the embed (`<llm-memory>`) and /try/: one
 * reading of the controls, one plan (the library's planWithWeights), one SVG.
 *
 * A model arrives as its spec, matmul parameters and, per weight format, the resident and
 * per-decode-step weight bytes the build summed with the library (weightsBytes, decodeWeightBytes),
 * so the browser never walks a tensor list.
 */
import type { Gpu } from '../../lib/gpus.ts';
import { GPUS } from '../../lib/gpus.ts';
import type { MemoryPlan } from '../../lib/memory.ts';
import {
  decodeWeightBytes,
  FITS_ON_COUNTS,
  fitsOn,
  planWithWeights,
  resolveMemoryOptions,
  weightsBytes,
} from '../../lib/memory.ts';
import type { KvDtype } from '../../lib/options.ts';
import { resolveRunOptions } from '../../lib/options.ts';
import type { ModelSpec, TensorInfo } from '../../lib/types.ts';
import type { WeightFormat } from '../../lib/weight-formats.ts';
import { WEIGHT_FORMATS } from '../../lib/weight-formats.ts';

export interface PlannerModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
  /** Per format: [resident weight bytes, weight bytes one decode step reads]. */
  weights: Record<WeightFormat, [number, number]>;
}

export interface PlannerState {
  format: WeightFormat;
  kvDtype: KvDtype;
  contextTokens: number;
  batch: number;
  gpu: Gpu;
  gpus: number;
  reserveFraction: number;
}

/**
 * The planner's view of a model: the library's resident and per-decode-step weight bytes in every
 * format (at build time for the site's pages, in the browser for the embed and /try/).
 */
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

import type { BrowserLang } from './messages.ts';
import { tb } from './messages.ts';
export { PLANNER_FIELDS } from './memory-fields.ts';
export type { PlannerField } from './memory-fields.ts';

import type { PlannerField } from './memory-fields.ts';

/**
 * Checks raw control values (strings from fields, attributes or a URL; absent ones take the
 * defaults) with the library's validators. Throws ConfigError naming the field.
 */
export function resolvePlannerState(raw: Partial<Record<PlannerField, unknown>>): PlannerState {
  const run = resolveRunOptions({ context: raw.context, batch: raw.batch, dtype: raw.dtype });
  const memory = resolveMemoryOptions({ weights: raw.weights, gpu: raw.gpu, gpus: raw.gpus, reserve: raw.reserve });
  return {
    format: memory.format,
    kvDtype: run.dtype,
    contextTokens: run.contextTokens,
    batch: run.batch,
    gpu: memory.gpu,
    gpus: memory.gpus,
    reserveFraction: memory.reserveFraction,
  };
}

/** The plan at a state: the library's planWithWeights with the model's bytes in the chosen format. */
export function plannerPlan(model: PlannerModel, state: PlannerState): MemoryPlan {
  const [weightsBytes, decodeWeightBytes] = model.weights[state.format];
  return planWithWeights(
    { spec: model.spec, matmulParams: model.matmulParams, weightsBytes, decodeWeightBytes },
    { ...state, attention: 'causal' },
  );
}

/** Every catalogue GPU with whether the model fits on 1, 2, 4 and 8 of it at the state's format, context and batch. */
export function fitsTable(model: PlannerModel, state: PlannerState): { gpu: Gpu; fits: boolean[] }[] {
  const [weightsBytes] = model.weights[state.format];
  return GPUS.map((gpu) => ({
    gpu,
    fits: FITS_ON_COUNTS.map((gpus) => fitsOn(model.spec, weightsBytes, { ...state, gpu, gpus })),
  }));
}

const WIDTH = 640;
const BAR_Y = 8;
const BAR_HEIGHT = 28;

function rect(x: number, width: number, className: string, label: string): string {
  if (width <= 0) return '';
  return `<rect class="${className}" x="${x.toFixed(2)}" y="${BAR_Y}" width="${width.toFixed(2)}" height="${BAR_HEIGHT}"><title>${label}</title></rect>`;
}

/**
 * One GPU's memory as a stacked bar: its share of the weights, its KV cache, the reserve, and
 * what is free, drawn against the GPU's memory (a marked line when the stack overflows it).
 * Numbers are in the legend beside it, not in the SVG.
 */
export function memoryBarSvg(plan: MemoryPlan, lang: BrowserLang = 'en'): string {
  const memory = plan.gpu.memoryBytes;
  const reserve = memory - plan.usableBytesPerGpu;
  const used = plan.perGpuWeightsBytes + plan.perGpuKvCacheBytes;
  const scale = WIDTH / Math.max(memory, used + reserve);
  const weights = plan.perGpuWeightsBytes * scale;
  const kv = plan.perGpuKvCacheBytes * scale;
  const free = Math.max(0, plan.usableBytesPerGpu - used) * scale;
  const reserveX = weights + kv + free;
  const memoryX = memory * scale;
  const over = used > plan.usableBytesPerGpu;
  const description = tb(lang, over ? 'memory.barOver' : 'memory.bar');
  return [
    `<svg class="memory-bar" viewBox="0 0 ${WIDTH} ${BAR_Y * 2 + BAR_HEIGHT}" role="img" aria-label="${description}">`,
    rect(0, weights, 'memory-bar-weights', tb(lang, 'memory.barWeights')),
    rect(weights, kv, 'memory-bar-kv', tb(lang, 'memory.barKv')),
    rect(weights + kv, free, 'memory-bar-free', tb(lang, 'memory.barFree')),
    rect(reserveX, reserve * scale, 'memory-bar-reserve', tb(lang, 'memory.barReserve')),
    `<line class="memory-bar-limit${over ? ' memory-bar-over' : ''}" x1="${memoryX.toFixed(2)}" x2="${memoryX.toFixed(2)}" y1="2" y2="${BAR_Y * 2 + BAR_HEIGHT - 2}"/>`,
    '</svg>',
  ].join('');
}
