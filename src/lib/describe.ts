/**
 * Plain-language facts about a spec that several shells print (the CLI summary, model pages):
 * kept here so the wording and the rules behind it exist once.
 */
import type { ModelSpec } from './types.ts';

export interface AttentionKind {
  /** MHA: a KV head per query head; MQA: one KV head; GQA: groups of query heads share one. */
  kind: 'MHA' | 'MQA' | 'GQA';
  /** Query heads per KV head (1 for MHA, heads for MQA). */
  queriesPerKvHead: number;
}

/**
 * @example attentionKind(llama31_8b) //=> { kind: 'GQA', queriesPerKvHead: 4 }
 */
export function attentionKind(spec: ModelSpec): AttentionKind {
  const queriesPerKvHead = spec.heads / spec.kvHeads;
  const kind = spec.kvHeads === spec.heads ? 'MHA' : spec.kvHeads === 1 ? 'MQA' : 'GQA';
  return { kind, queriesPerKvHead };
}

/** Runs of equal windows, e.g. "layers 0–31: window 4,096" → [{ from: 0, to: 31, window: 4096 }]. */
export interface WindowRun {
  from: number;
  to: number;
  window: number | null;
}

/** Consecutive layers with the same window, merged. */
export function windowRuns(spec: ModelSpec): WindowRun[] {
  const runs: WindowRun[] = [];
  spec.layerWindows.forEach((window, layer) => {
    const last = runs.at(-1);
    if (last !== undefined && last.window === window && last.to === layer - 1) last.to = layer;
    else runs.push({ from: layer, to: layer, window });
  });
  return runs;
}

/** How many layers slide, and with which distinct windows. */
export function windowCounts(spec: ModelSpec): { slidingLayers: number; globalLayers: number; windows: number[] } {
  const windows = new Set<number>();
  let slidingLayers = 0;
  for (const window of spec.layerWindows) {
    if (window !== null) {
      slidingLayers += 1;
      windows.add(window);
    }
  }
  return { slidingLayers, globalLayers: spec.layers - slidingLayers, windows: [...windows].sort((a, b) => a - b) };
}
