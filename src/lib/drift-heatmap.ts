/**
 * The weight-drift heatmap as SVG markup: `<WeightDrift>` writes it into the HTML at build time and
 * the browser tool writes the same markup as results arrive, with the same function.
 *
 * Layout, after seed 002: one row per tensor kind (input to output of a layer), one column per layer,
 * each cell coloured by the tensor's median relative change (linear from 0 to the largest median) and
 * labelled with it in percent. Tensors outside the layers (embeddings, final norm, lm_head) get a row
 * each below, in the first column. Each cell's `<title>` gives the exact values, the intervals and
 * the rows read.
 */
import type { DriftReport, TensorDrift } from './drift.ts';
import { BOOTSTRAP_RESAMPLES, compareKinds, EPSILON, INTERVAL_LEVEL, rowLayout, tensorPlace } from './drift.ts';

/** A percentage for a cell: whole percent from 10 up, one decimal below. */
export function cellPercent(value: number): string {
  const percent = value * 100;
  return percent >= 9.95 ? percent.toFixed(0) : percent.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The colour ramp, light to dark (ColorBrewer YlOrRd), interpolated in sRGB. */
const RAMP = [
  [255, 255, 204],
  [254, 217, 118],
  [253, 141, 60],
  [227, 26, 28],
  [128, 0, 38],
] as const;

/** Fill and text colour for a position in [0, 1] along the ramp. */
export function rampColor(t: number): { fill: string; text: string } {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const from = RAMP[i] as readonly number[];
  const to = RAMP[i + 1] as readonly number[];
  const [r, g, b] = [0, 1, 2].map((c) => Math.round((from[c] ?? 0) + ((to[c] ?? 0) - (from[c] ?? 0)) * f)) as [
    number,
    number,
    number,
  ];
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return { fill: `rgb(${r} ${g} ${b})`, text: luminance > 0.55 ? '#111' : '#fff' };
}

const exact = (value: number | null) => (value === null ? 'undefined (‖a‖ = 0)' : String(value));

/** A cell's tooltip: exact values, both intervals, rows read. */
export function cellTitle(tensorDrift: TensorDrift, report: Pick<DriftReport, 'mode' | 'seed'>): string {
  const level = `${Math.round(INTERVAL_LEVEL * 100)} %`;
  const { rowCount } = rowLayout(tensorDrift.shape);
  const exactRows = tensorDrift.rows >= rowCount;
  const interval = (range: readonly [number | null, number | null]) =>
    exactRows ? 'exact: every row read' : `${level} bootstrap interval ${exact(range[0])} to ${exact(range[1])}`;
  return [
    `${tensorDrift.name} [${tensorDrift.shape.join(', ')}]`,
    `median |b − a| / (|a| + ${EPSILON}): ${tensorDrift.median} (${cellPercent(tensorDrift.median)} %); ${interval(tensorDrift.ci)}`,
    `‖b − a‖ / ‖a‖: ${exact(tensorDrift.relFrobenius)}; ${interval(tensorDrift.ciRelFrobenius)}`,
    `rows read: ${tensorDrift.rows} of ${rowCount}${report.mode === 'sampled' && !exactRows ? ` (seed ${report.seed}, ${BOOTSTRAP_RESAMPLES} resamples)` : ''}`,
  ].join('\n');
}

export interface HeatmapOptions {
  /** The accessible name. */
  title: string;
  fontSize?: number;
}

/** The heatmap's SVG markup. Every text is escaped; the report may come from anywhere. */
export function driftHeatmapSvg(report: DriftReport, options: HeatmapOptions): string {
  const fontSize = options.fontSize ?? 11;
  const cellWidth = 30;
  const cellHeight = 24;
  const layered = report.tensors.filter((entry) => tensorPlace(entry.name).layer !== null);
  const outside = report.tensors.filter((entry) => tensorPlace(entry.name).layer === null);
  const layers = [...new Set(layered.map((entry) => tensorPlace(entry.name).layer as number))].sort((x, y) => x - y);
  const kinds = [...new Set(layered.map((entry) => tensorPlace(entry.name).kind))].sort(compareKinds);
  const rowLabels = [...kinds, ...outside.map((entry) => tensorPlace(entry.name).kind)];
  const labelWidth = Math.ceil(Math.max(60, ...rowLabels.map((label) => label.length * fontSize * 0.62)) + 8);
  const columns = Math.max(1, layers.length);
  const top = fontSize * 2 + 6;
  const gridBottom = top + kinds.length * cellHeight;
  const outsideTop = gridBottom + (outside.length > 0 ? fontSize * 2 + 6 : 0);
  const legendTop = outsideTop + outside.length * cellHeight + fontSize + 10;
  const width = labelWidth + columns * cellWidth + 8;
  const height = legendTop + 14 + fontSize * 2 + 8;
  const max = Math.max(1e-12, ...report.tensors.map((entry) => (Number.isFinite(entry.median) ? entry.median : 0)));
  const parts: string[] = [];
  const cell = (entry: TensorDrift, x: number, y: number) => {
    const { fill, text } = rampColor(entry.median / max);
    const title = cellTitle(entry, report);
    parts.push(
      `<g role="img" aria-label="${escapeXml(title.replaceAll('\n', '; '))}" data-tensor="${escapeXml(entry.name)}" data-value="${entry.median}">` +
        `<title>${escapeXml(title)}</title>` +
        `<rect x="${x}" y="${y}" width="${cellWidth - 1}" height="${cellHeight - 1}" fill="${fill}"/>` +
        `<text x="${x + (cellWidth - 1) / 2}" y="${y + cellHeight / 2}" fill="${text}" text-anchor="middle" dominant-baseline="central" font-size="${fontSize - 2}">${cellPercent(entry.median)}</text></g>`,
    );
  };
  parts.push(
    `<text x="${labelWidth + (columns * cellWidth) / 2}" y="${fontSize}" text-anchor="middle" font-weight="600">Layer →</text>`,
  );
  layers.forEach((layer, column) => {
    parts.push(
      `<text x="${labelWidth + column * cellWidth + cellWidth / 2}" y="${top - 4}" text-anchor="middle" font-size="${fontSize - 2}">${layer}</text>`,
    );
  });
  const byPlace = new Map(
    layered.map((entry) => {
      const place = tensorPlace(entry.name);
      return [`${place.layer}/${place.kind}`, entry] as const;
    }),
  );
  kinds.forEach((kind, row) => {
    const y = top + row * cellHeight;
    parts.push(
      `<text x="${labelWidth - 6}" y="${y + cellHeight / 2}" text-anchor="end" dominant-baseline="central">${escapeXml(kind)}</text>`,
    );
    layers.forEach((layer, column) => {
      const entry = byPlace.get(`${layer}/${kind}`);
      if (entry !== undefined) cell(entry, labelWidth + column * cellWidth, y);
    });
  });
  if (outside.length > 0) {
    parts.push(`<text x="${labelWidth}" y="${outsideTop - 8}" font-weight="600">Outside the layers</text>`);
    outside.forEach((entry, row) => {
      const y = outsideTop + row * cellHeight;
      parts.push(
        `<text x="${labelWidth - 6}" y="${y + cellHeight / 2}" text-anchor="end" dominant-baseline="central">${escapeXml(tensorPlace(entry.name).kind)}</text>`,
      );
      cell(entry, labelWidth, y);
    });
  }
  // The legend: 40 steps of the ramp, 0 to the largest median, with three ticks.
  const legendWidth = Math.min(240, columns * cellWidth);
  const steps = 40;
  for (let step = 0; step < steps; step += 1) {
    parts.push(
      `<rect x="${(labelWidth + (step * legendWidth) / steps).toFixed(2)}" y="${legendTop}" width="${(legendWidth / steps + 0.5).toFixed(2)}" height="10" fill="${rampColor(step / (steps - 1)).fill}"/>`,
    );
  }
  for (const fraction of [0, 0.5, 1]) {
    parts.push(
      `<text x="${labelWidth + fraction * legendWidth}" y="${legendTop + 14 + fontSize}" text-anchor="${fraction === 0 ? 'start' : fraction === 1 ? 'end' : 'middle'}" font-size="${fontSize - 1}">${cellPercent(fraction * max)} %</text>`,
    );
  }
  parts.push(
    `<text x="${labelWidth - 6}" y="${legendTop + 9}" text-anchor="end" font-size="${fontSize - 1}">median change</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="drift-heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-label="${escapeXml(options.title)}" font-size="${fontSize}" fill="currentColor">` +
    `<title>${escapeXml(options.title)}</title>${parts.join('')}</svg>`
  );
}
