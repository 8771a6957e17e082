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
import type { BrowserLang } from './messages.ts';
import { numberLocale, tb } from './messages.ts';

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
  lang: BrowserLang = 'en',
): string {
  return chartSvg(chartLayout(kvChartInput(models, options, lang)));
}

/** What the chart plots: the library's exact byte counts at every sampled context and the chosen one. */
export function kvChartInput(
  models: readonly ChartModel[],
  options: Pick<RunOptions, 'batch' | 'dtype' | 'contextTokens'>,
  lang: BrowserLang = 'en',
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
    xTitle: tb(lang, 'chart.xTitle'),
    yTitle: (unit) => tb(lang, 'chart.yTitle', { unit, dtype: options.dtype, batch: options.batch }),
    title: tb(lang, 'chart.title', { dtype: options.dtype, batch: options.batch }),
    locale: numberLocale(lang),
    ...(lang === 'ko' ? { words: KOREAN_WORDS } : {}),
  };
}

const KOREAN_WORDS: NonNullable<ChartInput['words']> = {
  point: (label, tokens, bytes) => tb('ko', 'chart.point', { label, tokens, bytes }),
  line: (label, [fromTokens, fromBytes], [toTokens, toBytes]) =>
    `${label}: ${fromTokens} 토큰에서 ${fromBytes}, ${toTokens} 토큰에서 ${toBytes}`,
  marker: (tokens, bytes) => `, 선택한 ${tokens} 토큰에서 ${bytes}`,
};
