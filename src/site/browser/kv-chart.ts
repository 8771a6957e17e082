/**
 * The KV-cache-versus-context chart as SVG markup, from the library's own numbers: the build
 * writes it into the HTML (so it shows with JavaScript off) and `<atlas-calc>` writes it again
 * when a control moves, with the same function.
 */
import type { ChartInput } from '../../lib/chart.ts';
import { chartLayout, chartSvg } from '../../lib/chart.ts';
import { kvCache } from '../../lib/kv-cache.ts';
import type { RunOptions } from '../../lib/options.ts';
import type { ModelSpec } from '../../lib/types.ts';

export interface ChartModel {
  id: string;
  spec: ModelSpec;
}

/** Context lengths to sample: powers of two from 256 to the longest context, plus every window edge. */
export function contextSamples(models: readonly ChartModel[]): number[] {
  const longest = Math.max(...models.map((model) => model.spec.maxContextTokens));
  const samples = new Set<number>([longest]);
  for (let tokens = 256; tokens < longest; tokens *= 2) samples.add(tokens);
  for (const model of models) {
    // Every window and chunk edge, where a layer's cache stops growing.
    for (const { reach } of model.spec.decoderLayers) {
      const edge = reach.kind === 'sliding' ? reach.windowTokens : reach.kind === 'chunked' ? reach.chunkTokens : null;
      if (edge !== null && edge < longest) samples.add(edge);
    }
  }
  return [...samples].sort((a, b) => a - b);
}

/** KV cache against context (log 2 axis) for one or more models, the chosen context marked. */
export function kvChartSvg(
  models: readonly ChartModel[],
  options: Pick<RunOptions, 'batch' | 'dtype' | 'contextTokens'>,
): string {
  return chartSvg(chartLayout(kvChartInput(models, options)));
}

/** What the chart plots: the library's exact byte counts at every sampled context and the chosen one. */
export function kvChartInput(
  models: readonly ChartModel[],
  options: Pick<RunOptions, 'batch' | 'dtype' | 'contextTokens'>,
): ChartInput {
  const run = (spec: ModelSpec, contextTokens: number) =>
    kvCache(spec, { contextTokens, batch: options.batch, dtype: options.dtype }).bytes;
  const samples = contextSamples(models);
  const series = models.map((model) => ({
    label: model.id,
    points: samples
      .filter((tokens) => tokens <= model.spec.maxContextTokens)
      .map((tokens) => ({ x: tokens, y: run(model.spec, tokens) })),
    // No dot where the line does not reach: past the model's context there is nothing to mark.
    ...(options.contextTokens <= model.spec.maxContextTokens
      ? { marker: { x: options.contextTokens, y: run(model.spec, options.contextTokens) } }
      : {}),
  }));
  return {
    series,
    markerX: options.contextTokens,
    xTitle: 'Context (tokens, log scale) →',
    yTitle: (unit) => `↑ KV cache (${unit}, ${options.dtype}, batch ${options.batch})`,
    title: `KV cache against context length on a log scale (${options.dtype}, batch ${options.batch})`,
  };
}
