/**
 * A line chart of bytes against context length, as plain data and as SVG markup, with no DOM and
 * no charting library: the build renders it into the HTML and the browser renders the same
 * markup again when a control moves, so the static chart and the live one cannot disagree.
 *
 * The x axis is log 2 (context tokens), the y axis linear from zero (bytes, labelled in the binary
 * unit that suits the largest value: KiB, MiB or GiB). Every position comes out of
 * {@link chartLayout}; {@link chartSvg} only writes it down. Text sizes are estimated from a
 * conservative average glyph width, so ticks are thinned until their labels cannot touch, and the
 * tick labels and the axis title sit on separate rows.
 */

export interface ChartPoint {
  /** Context in tokens (> 0). */
  x: number;
  /** Bytes (≥ 0). */
  y: number;
}

export interface ChartSeries {
  /** Shown in tooltips and, with more than one series, in the legend. */
  label: string;
  /** Points in any order; they are drawn sorted by x. */
  points: readonly ChartPoint[];
  /** This series' value at the chosen context, marked with a dot on the dashed line. */
  marker?: ChartPoint;
}

export interface ChartInput {
  series: readonly ChartSeries[];
  /** The x-axis title, e.g. `Context (tokens, log scale) →`. */
  xTitle: string;
  /** The y-axis title, given the unit the ticks are in, e.g. `(unit) => \`↑ KV cache (${unit})\``. */
  yTitle: (unit: string) => string;
  /** The chart's accessible name. */
  title: string;
  /**
   * A point's tooltip and a line's part of the text alternative, in the page's language; English
   * when absent. `bytes` is the formatted size, `tokens` the formatted context.
   */
  words?: {
    point: (label: string, tokens: string, bytes: string) => string;
    line: (label: string, from: [tokens: string, bytes: string], to: [tokens: string, bytes: string]) => string;
    marker: (tokens: string, bytes: string) => string;
  };
  /** The locale of the tokens in tooltips and the text alternative (default en-US). */
  locale?: string;
  /** The chosen context: a dashed vertical line. */
  markerX?: number;
  /** Size of the drawing in user units; the page scales it to the column's width. */
  width?: number;
  height?: number;
  /** Font size in user units. */
  fontSize?: number;
}

export interface ChartTick {
  value: number;
  /** Position along the axis, in user units. */
  at: number;
  label: string;
  /** Where the label is drawn. */
  text: ChartText;
}

export interface ChartText {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
}

/** A rectangle in user units: where a piece of text is estimated to be drawn. */
export interface ChartBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  fontSize: number;
  /** The plotting area. */
  plot: ChartBox;
  unit: { name: string; bytes: number };
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  xTitle: ChartText;
  yTitle: ChartText;
  series: {
    label: string;
    path: string;
    points: { x: number; y: number; title: string }[];
  }[];
  marker: {
    x: number;
    top: number;
    bottom: number;
    dots: { x: number; y: number; series: number }[];
    label: ChartText | null;
  } | null;
  legend: (ChartText & { series: number })[];
  title: string;
  desc: string;
}

/** Average advance of a glyph as a fraction of the font size: generous for digits and capitals. */
const GLYPH_WIDTH = 0.62;
const TICK_GAP = 4;
const LABEL_GAP = 8;

/** How wide a text is estimated to be, in user units. */
export function textWidth(text: string, fontSize: number): number {
  // Hangul and CJK glyphs are about one em wide, twice a Latin glyph's conservative average.
  return [...text].reduce((width, char) => width + (WIDE_GLYPH.test(char) ? 1 : GLYPH_WIDTH), 0) * fontSize;
}
const WIDE_GLYPH = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/** The box a text occupies (baseline at `y`, descenders included). */
export function textBox(text: ChartText, fontSize: number): ChartBox {
  const width = textWidth(text.text, fontSize);
  const left = text.anchor === 'start' ? text.x : text.anchor === 'end' ? text.x - width : text.x - width / 2;
  return { left, right: left + width, top: text.y - fontSize * 0.8, bottom: text.y + fontSize * 0.25 };
}

/** Whether two boxes share any area. */
export function overlaps(a: ChartBox, b: ChartBox): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * A power-of-two token count, short.
 * @example compactTokens(256) //=> '256'
 * @example compactTokens(131_072) //=> '128K'
 * @example compactTokens(1_048_576) //=> '1M'
 */
export function compactTokens(tokens: number): string {
  if (tokens >= 2 ** 20) return `${round(tokens / 2 ** 20)}M`;
  if (tokens >= 2 ** 10) return `${round(tokens / 2 ** 10)}K`;
  return String(tokens);
}

/** The binary unit for a largest value: GiB from 1 GiB up, MiB from 1 MiB, else KiB. */
export function byteUnit(maxBytes: number): { name: string; bytes: number } {
  if (maxBytes >= 2 ** 30) return { name: 'GiB', bytes: 2 ** 30 };
  if (maxBytes >= 2 ** 20) return { name: 'MiB', bytes: 2 ** 20 };
  return { name: 'KiB', bytes: 2 ** 10 };
}

/**
 * Tick values from zero to at least `max`, on a step of 1, 2 or 5 times a power of ten, about
 * `count` of them.
 * @example linearTicks(15.2, 4) //=> [0, 5, 10, 15, 20]
 */
export function linearTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((multiple) => multiple * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let index = 0; ; index += 1) {
    const value = round(index * step);
    ticks.push(value);
    if (value >= max) return ticks;
  }
}

/**
 * Powers of two in [lo, hi], every `step`-th exponent, with the smallest step whose labels are at
 * least `gap` apart at `pxPerOctave` user units per doubling.
 */
export function log2Ticks(lo: number, hi: number, pxPerOctave: number, fontSize: number, gap = LABEL_GAP): number[] {
  const exponents: number[] = [];
  for (let exponent = Math.ceil(Math.log2(lo) - 1e-9); 2 ** exponent <= hi * (1 + 1e-9); exponent += 1) {
    exponents.push(exponent);
  }
  const widest = Math.max(0, ...exponents.map((exponent) => textWidth(compactTokens(2 ** exponent), fontSize)));
  const step = Math.max(1, Math.ceil((widest + gap) / Math.max(pxPerOctave, 1e-9)));
  // Aligned on the largest power of two, so the longest context gets its label.
  const last = exponents.at(-1) ?? 0;
  return exponents.filter((exponent) => (last - exponent) % step === 0).map((exponent) => 2 ** exponent);
}

/** Lays the chart out: every position, label and path, in user units. */
export function chartLayout(input: ChartInput): ChartLayout {
  const fontSize = input.fontSize ?? 13;
  const line = fontSize * 1.3;
  const legendRows = input.series.length > 1 ? input.series.length : 0;
  const width = input.width ?? 360;
  // Each legend row adds its own height, so the plot keeps its size.
  const height = input.height ?? 240 + legendRows * line;
  const xs = input.series.flatMap((series) => series.points.map((point) => point.x));
  const ys = input.series.flatMap((series) => [
    ...series.points.map((point) => point.y),
    ...(series.marker === undefined ? [] : [series.marker.y]),
  ]);
  if (input.markerX !== undefined) xs.push(input.markerX);
  const positive = xs.filter((x) => x > 0);
  let lo = positive.length === 0 ? 1 : Math.min(...positive);
  let hi = positive.length === 0 ? 2 : Math.max(...positive);
  if (hi <= lo) hi = lo * 2;
  if (!(lo > 0)) lo = 1;

  const unit = byteUnit(Math.max(0, ...ys));
  const yValues = linearTicks(Math.max(0, ...ys) / unit.bytes);
  const yTop = yValues.at(-1) ?? 1;
  const decimals = Math.max(0, ...yValues.map((value) => decimalPlaces(value)));
  const yLabels = yValues.map((value) => value.toFixed(decimals));

  // Rows from the top: y title, legend rows, then the plot; from the bottom: x title, tick labels.
  const top = line + legendRows * line + fontSize;
  const xTitleBaseline = height - fontSize * 0.3;
  const tickBaseline = xTitleBaseline - line - 2;
  // The x tick labels hang low enough to clear the y axis's "0" at the corner.
  const bottom = tickBaseline - fontSize * 1.15 - TICK_GAP;
  const left = Math.ceil(Math.max(...yLabels.map((label) => textWidth(label, fontSize))) + TICK_GAP + 2);
  const tickCandidates = log2Ticks(lo, hi, 1, fontSize, Number.POSITIVE_INFINITY).map((tick) => compactTokens(tick));
  const widestTick = Math.max(textWidth('256', fontSize), ...tickCandidates.map((label) => textWidth(label, fontSize)));
  const right = width - Math.ceil(widestTick / 2 + 2);
  const plot = { left, top, right, bottom };

  const octaves = Math.log2(hi / lo);
  const xAt = (x: number) => round1(left + (Math.log2(x / lo) / octaves) * (right - left));
  const yAt = (bytes: number) => round1(bottom - (bytes / unit.bytes / yTop) * (bottom - top));

  const xTicks = log2Ticks(lo, hi, (right - left) / octaves, fontSize).map((value) => {
    const at = xAt(value);
    const label = compactTokens(value);
    return { value, at, label, text: { x: at, y: round1(tickBaseline), text: label, anchor: 'middle' as const } };
  });
  const yTicks = yValues.map((value, index) => {
    const at = yAt(value * unit.bytes);
    const label = yLabels[index] ?? '';
    const text = { x: left - TICK_GAP - 2, y: round1(at + fontSize * 0.35), text: label, anchor: 'end' as const };
    return { value: value * unit.bytes, at, label, text };
  });

  const series = input.series.map((entry) => {
    const sorted = [...entry.points].filter((point) => point.x > 0).sort((a, b) => a.x - b.x);
    const points = sorted.map((point) => ({
      x: xAt(point.x),
      y: yAt(point.y),
      title: words(input).point(entry.label, point.x.toLocaleString(input.locale ?? 'en-US'), bytesLabel(point.y)),
    }));
    return {
      label: entry.label,
      path: points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(''),
      points,
    };
  });

  let marker: ChartLayout['marker'] = null;
  if (input.markerX !== undefined && input.markerX > 0) {
    const x = xAt(input.markerX);
    const dots = input.series.flatMap((entry, series) =>
      entry.marker === undefined ? [] : [{ x: xAt(entry.marker.x), y: yAt(entry.marker.y), series }],
    );
    const only = input.series.length === 1 ? input.series[0]?.marker : undefined;
    let label: ChartText | null = null;
    const dot = dots[0];
    if (only !== undefined && dot !== undefined) {
      // The cache never shrinks as context grows, so the line lies below the dot on its left and
      // above it on its right: the value goes up and to the left, or else down and to the right.
      const text = bytesLabel(only.y);
      const leftFits = x - 8 - textWidth(text, fontSize) >= left;
      const y = leftFits ? Math.max(dot.y - 8, top + fontSize) : Math.min(dot.y + fontSize + 6, bottom - 4);
      label = { x: leftFits ? x - 8 : x + 8, y: round1(y), text, anchor: leftFits ? 'end' : 'start' };
    }
    marker = { x, top, bottom, dots, label };
  }

  const legend =
    legendRows === 0
      ? []
      : input.series.map((entry, index) => ({
          x: left + fontSize * 1.4,
          y: round1(line + (index + 1) * line - fontSize * 0.2),
          text: entry.label,
          anchor: 'start' as const,
          series: index,
        }));

  return {
    width,
    height,
    fontSize,
    plot,
    unit,
    xTicks,
    yTicks,
    xTitle: { x: right, y: round1(xTitleBaseline), text: input.xTitle, anchor: 'end' },
    yTitle: { x: 0, y: round1(fontSize), text: input.yTitle(unit.name), anchor: 'start' },
    series,
    marker,
    legend,
    title: input.title,
    desc: describe(input),
  };
}

/** The text alternative: what is plotted and where each line ends. */
function describe(input: ChartInput): string {
  const text = words(input);
  const tokens = (x: number) => x.toLocaleString(input.locale ?? 'en-US');
  const ends = input.series.map((entry) => {
    const last = [...entry.points].sort((a, b) => a.x - b.x).at(-1);
    const start = [...entry.points].sort((a, b) => a.x - b.x)[0];
    const at = entry.marker === undefined ? '' : text.marker(tokens(entry.marker.x), bytesLabel(entry.marker.y));
    return last === undefined || start === undefined
      ? entry.label
      : text.line(entry.label, [tokens(start.x), bytesLabel(start.y)], [tokens(last.x), bytesLabel(last.y)]) + at;
  });
  return `${ends.join('; ')}.`;
}

const ENGLISH_WORDS: NonNullable<ChartInput['words']> = {
  point: (label, tokens, bytes) => `${label}: ${tokens} tokens, ${bytes}`,
  line: (label, [fromTokens, fromBytes], [toTokens, toBytes]) =>
    `${label} from ${fromBytes} at ${fromTokens} tokens to ${toBytes} at ${toTokens} tokens`,
  marker: (tokens, bytes) => `, ${bytes} at the chosen ${tokens} tokens`,
};

function words(input: ChartInput): NonNullable<ChartInput['words']> {
  return input.words ?? ENGLISH_WORDS;
}

/** Bytes in the binary unit of their own size, three significant figures. */
function bytesLabel(bytes: number): string {
  const unit = byteUnit(bytes);
  return `${Number((bytes / unit.bytes).toPrecision(3)).toString()} ${unit.name}`;
}

function decimalPlaces(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Rounds away float noise (0.30000000000000004 → 0.3). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escape(text: string): string {
  return text.replace(/[&<>"]/gu, (character) => ESCAPES[character] ?? character);
}

function textElement(text: ChartText, className: string): string {
  return `<text class="${className}" x="${text.x}" y="${text.y}" text-anchor="${text.anchor}">${escape(text.text)}</text>`;
}

/**
 * The chart as SVG markup: presentation attributes only (no style attribute, no `<style>`), so it
 * passes a strict style-src. Colours come from `currentColor` and, for several series, from the
 * `chart-series-N` classes in the site's stylesheet.
 */
export function chartSvg(layout: ChartLayout): string {
  const { plot, fontSize } = layout;
  const many = layout.series.length > 1;
  const colour = (index: number) => (many ? ` class="chart-series-${index}"` : '');
  const parts: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" font-size="${fontSize}" fill="currentColor">`,
    `<title>${escape(layout.title)}</title>`,
    `<desc>${escape(layout.desc)}</desc>`,
    `<g class="chart-grid" stroke="currentColor" stroke-opacity="0.15">`,
    ...layout.yTicks.map((tick) => `<line x1="${plot.left}" x2="${plot.right}" y1="${tick.at}" y2="${tick.at}"/>`),
    `</g>`,
    `<g class="chart-axis" stroke="currentColor" stroke-opacity="0.6">`,
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/>`,
    ...layout.xTicks.map(
      (tick) => `<line x1="${tick.at}" x2="${tick.at}" y1="${plot.bottom}" y2="${plot.bottom + TICK_GAP}"/>`,
    ),
    `</g>`,
    `<g class="chart-ticks">`,
    ...[...layout.yTicks, ...layout.xTicks].map(
      (tick) =>
        `<text x="${tick.text.x}" y="${tick.text.y}" text-anchor="${tick.text.anchor}">${escape(tick.label)}</text>`,
    ),
    `</g>`,
    textElement(layout.yTitle, 'chart-title'),
    textElement(layout.xTitle, 'chart-title'),
  ];
  if (layout.marker !== null) {
    const { marker } = layout;
    parts.push(
      `<line class="chart-marker" x1="${marker.x}" x2="${marker.x}" y1="${marker.top}" y2="${marker.bottom}" stroke="currentColor" stroke-opacity="0.6" stroke-dasharray="3,3"/>`,
    );
  }
  layout.series.forEach((series, index) => {
    parts.push(
      `<g${colour(index)}>`,
      `<path d="${series.path}" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`,
      ...series.points.map(
        (point) => `<circle cx="${point.x}" cy="${point.y}" r="2.5"><title>${escape(point.title)}</title></circle>`,
      ),
      `</g>`,
    );
  });
  if (layout.marker !== null) {
    const { marker } = layout;
    marker.dots.forEach((dot) => {
      parts.push(
        `<circle${colour(dot.series)} cx="${dot.x}" cy="${dot.y}" r="4.5" stroke="currentColor" stroke-width="2" fill="none"/>`,
      );
    });
    if (marker.label !== null) parts.push(textElement(marker.label, 'chart-marker-label'));
  }
  for (const entry of layout.legend) {
    parts.push(
      `<g class="chart-series-${entry.series}"><line x1="${plot.left}" x2="${round1(plot.left + fontSize)}" y1="${round1(entry.y - fontSize * 0.35)}" y2="${round1(entry.y - fontSize * 0.35)}" stroke="currentColor" stroke-width="2"/>${textElement(entry, 'chart-legend')}</g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
