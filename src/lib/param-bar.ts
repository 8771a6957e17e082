/**
 * A stacked bar of where a model's parameters are (embedding, attention, dense MLP, routed and
 * shared experts, norms, an untied output head, a vision tower), as plain data and as SVG markup,
 * with no DOM: the build writes it into the page, and it needs no JavaScript.
 *
 * Segments are laid end to end in {@link parameterBreakdown}'s order, each as wide as its share of
 * the total. Positions are rounded to 0.1 user units from the running sum, so rounding never
 * accumulates and the last segment ends exactly at the bar's width. The segments' values add up to
 * `params.total`: the parts below partition the tensor list.
 */
import { formatMetric } from './metrics.ts';
import type { ParamBreakdown } from './params.ts';
import type { NumberLocale } from './units.ts';

/** The parts of the bar, in drawing order; `mlp` is split into its dense, routed and shared parts. */
export const PARAMETER_BAR_PARTS = [
  { key: 'embedding', label: 'Embedding' },
  { key: 'attention', label: 'Attention' },
  { key: 'denseMlp', label: 'MLP' },
  { key: 'routedExperts', label: 'Routed experts and router' },
  { key: 'sharedExperts', label: 'Shared experts' },
  { key: 'norm', label: 'Norms' },
  { key: 'lmHead', label: 'Output head' },
  { key: 'vision', label: 'Vision tower' },
] as const;

export type ParameterBarPart = (typeof PARAMETER_BAR_PARTS)[number]['key'];

export interface ParameterBarSegment {
  key: ParameterBarPart;
  label: string;
  /** The `calc --json` path of the segment's count, e.g. `params.breakdown.attention`. */
  metric: `params.breakdown.${ParameterBarPart}`;
  /** Parameters in this part. */
  value: number;
  /** value / total. */
  share: number;
  /** Left edge and width in user units. */
  x: number;
  width: number;
  /** What a screen reader says for the segment: `Attention: 1.34 B parameters, 16.7%`. */
  description: string;
}

export interface ParameterBar {
  /** Size of the drawing in user units; the page stretches it to the column's width. */
  width: number;
  height: number;
  /** Sum of the segments' values. */
  total: number;
  /** Only the parts the model has (a value above zero). */
  segments: ParameterBarSegment[];
}

/** The bar's words in a language: part labels, number locale and a segment's spoken description. */
export interface ParameterBarWords {
  labels: Record<ParameterBarPart, string>;
  locale: NumberLocale;
  describe: (label: string, count: string, share: string) => string;
}

const ENGLISH_BAR_WORDS: ParameterBarWords = {
  labels: Object.fromEntries(PARAMETER_BAR_PARTS.map((part) => [part.key, part.label])) as Record<
    ParameterBarPart,
    string
  >,
  locale: 'en-US',
  describe: (label, count, share) => `${label}: ${count} parameters, ${share}`,
};

/**
 * A share as a percentage: one decimal from 0.1% up, two significant digits below, so a norm's
 * 0.031% does not read as 0.0%.
 * @example shareText(0.4551) //=> '45.5%'
 * @example shareText(0.000_312) //=> '0.031%'
 */
export function shareText(share: number): string {
  return share >= 0.001 ? `${(100 * share).toFixed(1)}%` : `${(100 * share).toPrecision(2)}%`;
}

/**
 * Lays out the bar for one breakdown.
 * @example parameterBar(parameterBreakdown(tensorList(gpt2Spec))).segments.map((s) => s.key)
 * //=> ['embedding', 'attention', 'denseMlp', 'norm']
 */
export function parameterBar(
  breakdown: ParamBreakdown,
  size: { width?: number; height?: number } = {},
  words: ParameterBarWords = ENGLISH_BAR_WORDS,
): ParameterBar {
  const width = size.width ?? 360;
  const height = size.height ?? 24;
  const parts = PARAMETER_BAR_PARTS.filter((part) => breakdown[part.key] > 0);
  const total = parts.reduce((sum, part) => sum + breakdown[part.key], 0);
  let before = 0;
  const segments = parts.map((part): ParameterBarSegment => {
    const value = breakdown[part.key];
    const x = round1((width * before) / total);
    before += value;
    const end = round1((width * before) / total);
    const metric = `params.breakdown.${part.key}` as const;
    const share = value / total;
    return {
      key: part.key,
      label: words.labels[part.key],
      metric,
      value,
      share,
      x,
      width: round1(end - x),
      description: words.describe(words.labels[part.key], formatMetric(metric, value, words.locale), shareText(share)),
    };
  });
  return { width, height, total, segments };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escape(text: string): string {
  return text.replace(/[&<>"]/gu, (character) => ESCAPES[character] ?? character);
}

/**
 * The bar as SVG markup: one `<rect>` per segment, carrying `data-metric`, `data-value` and
 * `data-model` like every number the site shows, and its own accessible name (the SVG is a group of
 * images, so each segment is read out). Colours come from the `param-bar-<part>` classes of the
 * site's stylesheet; no style attribute, so it passes a strict style-src.
 */
export function parameterBarSvg(bar: ParameterBar, model: string, label: string): string {
  const parts = [
    `<svg class="param-bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${bar.width} ${bar.height}" width="${bar.width}" height="${bar.height}" preserveAspectRatio="none" role="group" aria-label="${escape(label)}">`,
    ...bar.segments.map(
      (segment) =>
        `<rect class="param-bar-${segment.key}" x="${segment.x}" y="0" width="${segment.width}" height="${bar.height}" role="img" aria-label="${escape(segment.description)}" data-metric="${segment.metric}" data-value="${segment.value}" data-model="${escape(model)}"><title>${escape(segment.description)}</title></rect>`,
    ),
    '</svg>',
  ];
  return parts.join('');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
