/**
 * The memory planner's controls: the names of its form fields, which are also the embed's
 * attributes and, under the `mem.` prefix, its URL keys (src/site/browser/url-state.ts keeps them).
 */
export const PLANNER_FIELDS = [
  { field: 'context' },
  { field: 'batch' },
  { field: 'weights' },
  { field: 'dtype' },
  { field: 'gpu' },
  { field: 'gpus' },
  { field: 'reserve' },
] as const;

export type PlannerField = (typeof PLANNER_FIELDS)[number]['field'];

/** The controls `<llm-memory>` has of its own (context, batch and dtype are every calculator's attributes). */
export const MEMORY_ELEMENT_FIELDS = ['weights', 'gpu', 'gpus', 'reserve'] as const;

/**
 * Their defaults as the element's fields show them (src/lib/memory.ts resolveMemoryOptions'), left
 * out of /try/'s link like every control at its default.
 */
export const MEMORY_ELEMENT_DEFAULTS: Record<(typeof MEMORY_ELEMENT_FIELDS)[number], string> = {
  weights: 'bf16',
  gpu: 'h100-sxm',
  gpus: '1',
  reserve: '0.1',
};

/** Where /try/'s link keeps them: `mem.gpu=h200`, the memory planner's URL prefix elsewhere. */
export const MEMORY_KEY_PREFIX = 'mem.';

/** Fired (bubbling) by `<llm-memory>` when the reader changed one of its own controls. */
export const MEMORY_STATE_EVENT = 'llm-memory-state';
