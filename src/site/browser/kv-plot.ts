/**
 * The KV-cache-versus-context chart, drawn with Observable Plot. The same function renders the
 * SVG at build time (with a server-side DOM) and again in the browser when a control changes,
 * so the static chart and the live one cannot disagree.
 */
import * as Plot from '@observablehq/plot';
import { kvCache } from '../../lib/kv-cache.ts';
import type { RunOptions } from '../../lib/options.ts';
import type { ModelSpec } from '../../lib/types.ts';

export interface PlotModel {
  id: string;
  spec: ModelSpec;
}

/** Context lengths to sample: powers of two from 256 to the longest context, plus every window edge. */
export function contextSamples(models: readonly PlotModel[]): number[] {
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

/** Draws KV-cache GiB against context (log axis) for one or more models. */
export function kvCachePlot(
  models: readonly PlotModel[],
  options: Pick<RunOptions, 'batch' | 'dtype'> & { contextTokens?: number },
  document: Document,
): SVGSVGElement | HTMLElement {
  const rows = models.flatMap((model) =>
    contextSamples([model])
      .filter((tokens) => tokens <= model.spec.maxContextTokens)
      .map((tokens) => ({
        model: model.id,
        context: tokens,
        gib: kvCache(model.spec, { contextTokens: tokens, batch: options.batch, dtype: options.dtype }).bytes / 2 ** 30,
      })),
  );
  const marker =
    options.contextTokens === undefined
      ? []
      : [Plot.ruleX([options.contextTokens], { stroke: 'currentColor', strokeDasharray: '3,3', strokeOpacity: 0.6 })];
  const chart = Plot.plot({
    document,
    className: 'kv-plot',
    width: 640,
    height: 320,
    marginLeft: 56,
    style: { background: 'transparent', fontSize: '12px' },
    x: {
      type: 'log',
      base: 2,
      label: 'Context (tokens, log scale) →',
      tickFormat: (tokens: number) => compactTokens(tokens),
    },
    y: { label: `↑ KV cache (GiB, ${options.dtype}, batch ${options.batch})`, grid: true, zero: true },
    color: models.length > 1 ? { legend: true, scheme: 'observable10' } : { range: ['currentColor'] },
    marks: [
      ...marker,
      Plot.line(rows, { x: 'context', y: 'gib', stroke: 'model', strokeWidth: 2 }),
      Plot.dot(rows, {
        x: 'context',
        y: 'gib',
        fill: 'model',
        r: 2.5,
        title: (row: { model: string; context: number; gib: number }) =>
          `${row.model}\n${row.context.toLocaleString('en-US')} tokens: ${row.gib.toPrecision(3)} GiB`,
      }),
    ],
  });
  // One accessible image with a text alternative, rather than Plot's aria-labels on bare <g>
  // elements (which ARIA does not allow without a role).
  for (const group of chart.querySelectorAll('[aria-label]')) group.removeAttribute('aria-label');
  for (const group of chart.querySelectorAll('[aria-description]')) group.removeAttribute('aria-description');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', describe(models, rows, options));
  return chart;
}

/** The text alternative of the chart: what it shows and where each line ends. */
function describe(
  models: readonly PlotModel[],
  rows: { model: string; context: number; gib: number }[],
  options: Pick<RunOptions, 'batch' | 'dtype'>,
): string {
  const ends = models.map((model) => {
    const last = rows.filter((row) => row.model === model.id).at(-1);
    return last === undefined
      ? model.id
      : `${model.id} reaches ${last.gib.toPrecision(3)} GiB at ${last.context.toLocaleString('en-US')} tokens`;
  });
  return `KV cache in GiB against context length on a log scale (${options.dtype}, batch ${options.batch}): ${ends.join('; ')}.`;
}

function compactTokens(tokens: number): string {
  if (tokens >= 1024 * 1024) return `${tokens / (1024 * 1024)}M`;
  if (tokens >= 1024) return `${tokens / 1024}K`;
  return String(tokens);
}
