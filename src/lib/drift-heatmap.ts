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

/**
 * The heatmap's words, so a page in another language can draw it: `{name}` placeholders are filled
 * here. The numbers stay as the file holds them (exact values, digits only), the same in every language.
 */
export interface HeatmapText {
  /** The column axis. */
  layer: string;
  /** The heading of the rows of tensors outside the layers. */
  outside: string;
  /** The legend's label. */
  legend: string;
  /** A relative Frobenius norm with ‖a‖ = 0. */
  undefinedNorm: string;
  /** In place of an interval when every row was read. */
  exactEveryRow: string;
  /** `{level}`, `{lo}`, `{hi}`. */
  interval: string;
  /** The tooltip's first metric: `{epsilon}`, `{value}`, `{percent}`, `{interval}`. */
  median: string;
  /** `{rows}`, `{total}`, `{sampling}`. */
  rowsRead: string;
  /** `{seed}`, `{resamples}`: how the rows were drawn, after the rows read. */
  sampling: string;
}

export const HEATMAP_TEXT_EN: HeatmapText = {
  layer: 'Layer →',
  outside: 'Outside the layers',
  legend: 'median change',
  undefinedNorm: 'undefined (‖a‖ = 0)',
  exactEveryRow: 'exact: every row read',
  interval: '{level} bootstrap interval {lo} to {hi}',
  median: 'median |b − a| / (|a| + {epsilon}): {value} ({percent} %); {interval}',
  rowsRead: 'rows read: {rows} of {total}{sampling}',
  sampling: ' (seed {seed}, {resamples} resamples)',
};

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A cell's tooltip: exact values, both intervals, rows read. */
export function cellTitle(
  tensorDrift: TensorDrift,
  report: Pick<DriftReport, 'mode' | 'seed'>,
  text: HeatmapText = HEATMAP_TEXT_EN,
): string {
  const exact = (value: number | null) => (value === null ? text.undefinedNorm : String(value));
  const level = `${Math.round(INTERVAL_LEVEL * 100)} %`;
  const { rowCount } = rowLayout(tensorDrift.shape);
  const exactRows = tensorDrift.rows >= rowCount;
  const interval = (range: readonly [number | null, number | null]) =>
    exactRows ? text.exactEveryRow : fill(text.interval, { level, lo: exact(range[0]), hi: exact(range[1]) });
  const sampling =
    report.mode === 'sampled' && !exactRows
      ? fill(text.sampling, { seed: report.seed, resamples: BOOTSTRAP_RESAMPLES })
      : '';
  return [
    `${tensorDrift.name} [${tensorDrift.shape.join(', ')}]`,
    fill(text.median, {
      epsilon: EPSILON,
      value: tensorDrift.median,
      percent: cellPercent(tensorDrift.median),
      interval: interval(tensorDrift.ci),
    }),
    `‖b − a‖ / ‖a‖: ${exact(tensorDrift.relFrobenius)}; ${interval(tensorDrift.ciRelFrobenius)}`,
    fill(text.rowsRead, { rows: tensorDrift.rows, total: rowCount, sampling }),
  ].join('\n');
}

export interface HeatmapOptions {
  /** The accessible name. */
  title: string;
  fontSize?: number;
  /** The words, English by default. */
  text?: HeatmapText;
}

/** The heatmap's SVG markup. Every text is escaped; the report may come from anywhere. */
export function driftHeatmapSvg(report: DriftReport, options: HeatmapOptions): string {
  const fontSize = options.fontSize ?? 11;
  const text = options.text ?? HEATMAP_TEXT_EN;
  const cellWidth = 30;
  const cellHeight = 24;
  const layered = report.tensors.filter((entry) => tensorPlace(entry.name).layer !== null);
  const outside = report.tensors.filter((entry) => tensorPlace(entry.name).layer === null);
  const layers = [...new Set(layered.map((entry) => tensorPlace(entry.name).layer as number))].sort((x, y) => x - y);
  const kinds = [...new Set(layered.map((entry) => tensorPlace(entry.name).kind))].sort(compareKinds);
  const rowLabels = [...kinds, ...outside.map((entry) => tensorPlace(entry.name).kind)];
  // Latin characters at about 0.62 em, Hangul and other wide characters at a full em.
  const textWidth = (label: string, size: number) =>
    [...label].reduce((total, char) => total + ((char.codePointAt(0) ?? 0) > 0x2e80 ? 1 : 0.62), 0) * size;
  const labelWidth = Math.ceil(
    Math.max(60, textWidth(text.legend, fontSize - 1), ...rowLabels.map((label) => textWidth(label, fontSize))) + 8,
  );
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
    const color = rampColor(entry.median / max);
    const title = cellTitle(entry, report, text);
    parts.push(
      `<g role="img" aria-label="${escapeXml(title.replaceAll('\n', '; '))}" data-tensor="${escapeXml(entry.name)}" data-value="${entry.median}">` +
        `<title>${escapeXml(title)}</title>` +
        `<rect x="${x}" y="${y}" width="${cellWidth - 1}" height="${cellHeight - 1}" fill="${color.fill}"/>` +
        `<text x="${x + (cellWidth - 1) / 2}" y="${y + cellHeight / 2}" fill="${color.text}" text-anchor="middle" dominant-baseline="central" font-size="${fontSize - 2}">${cellPercent(entry.median)}</text></g>`,
    );
  };
  parts.push(
    `<text x="${labelWidth + (columns * cellWidth) / 2}" y="${fontSize}" text-anchor="middle" font-weight="600">${escapeXml(text.layer)}</text>`,
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
    parts.push(`<text x="${labelWidth}" y="${outsideTop - 8}" font-weight="600">${escapeXml(text.outside)}</text>`);
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
    `<text x="${labelWidth - 6}" y="${legendTop + 9}" text-anchor="end" font-size="${fontSize - 1}">${escapeXml(text.legend)}</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="drift-heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-label="${escapeXml(options.title)}" font-size="${fontSize}" fill="currentColor">` +
    `<title>${escapeXml(options.title)}</title>${parts.join('')}</svg>`
  );
}
