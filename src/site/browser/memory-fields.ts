/**
 * The memory planner's controls, their URL keys, embed attributes and defaults: light enough for
 * the island that loads the planner only when a control moves or the URL carries a state.
 */

/** The planner's controls: form field name → URL query key → embed attribute. */
export const PLANNER_FIELDS = [
  { field: 'context', urlKey: 'mem.context', attribute: 'context' },
  { field: 'batch', urlKey: 'mem.batch', attribute: 'batch' },
  { field: 'weights', urlKey: 'mem.weights', attribute: 'weights' },
  { field: 'dtype', urlKey: 'mem.kvDtype', attribute: 'dtype' },
  { field: 'gpu', urlKey: 'mem.gpu', attribute: 'gpu' },
  { field: 'gpus', urlKey: 'mem.gpus', attribute: 'gpus' },
  { field: 'reserve', urlKey: 'mem.reserve', attribute: 'reserve' },
] as const;

export type PlannerField = (typeof PLANNER_FIELDS)[number]['field'];

/** Each control's default as its field shows it (left out of URLs). */
export const PLANNER_DEFAULTS: Record<PlannerField, string> = {
  context: '4096',
  batch: '1',
  weights: 'bf16',
  dtype: 'bf16',
  gpu: 'h100-sxm',
  gpus: '1',
  reserve: '0.1',
};
