/**
 * A spec in the page: the per-layer list written as runs of identical layers, so a 126-layer model
 * ships one layer description, not 126. Pages serialise specs for their calculators with
 * {@link packSpec}; the browser restores them with {@link unpackSpec}. Plain data both ways.
 */
import type { LayerSpec, ModelSpec } from './types.ts';

/** A spec with `decoderLayers` replaced by runs: [how many consecutive layers, the layer]. */
export type PackedSpec = Omit<ModelSpec, 'decoderLayers'> & { layerRuns: [number, LayerSpec][] };

/**
 * @example packSpec(llama31_8b).layerRuns.length //=> 1 (32 identical layers)
 */
export function packSpec(spec: ModelSpec): PackedSpec {
  const { decoderLayers, ...rest } = spec;
  const runs: [number, LayerSpec][] = [];
  let lastKey = '';
  for (const layer of decoderLayers) {
    const key = JSON.stringify(layer);
    const last = runs.at(-1);
    if (last !== undefined && key === lastKey) last[0] += 1;
    else runs.push([1, layer]);
    lastKey = key;
  }
  return { ...rest, layerRuns: runs };
}

/** The spec back, each run's layers sharing one object (specs are never mutated). */
export function unpackSpec(packed: PackedSpec): ModelSpec {
  const { layerRuns, ...rest } = packed;
  const decoderLayers: LayerSpec[] = [];
  for (const [count, layer] of layerRuns) for (let index = 0; index < count; index += 1) decoderLayers.push(layer);
  return { ...rest, decoderLayers };
}
