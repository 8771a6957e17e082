/**
 * Reading and writing a metric's number without the registry: a path's value in an analysis, and
 * a number written by its unit. metrics.ts re-exports both; the embed's core bundle imports this
 * module alone, so the registry (metrics.ts) is not in it.
 */
import {
  formatBytes,
  formatCount,
  formatFlops,
  formatInteger,
  formatRate,
  formatSeconds,
  formatTokensPerSecond,
} from './units.ts';
import type { NumberLocale } from './units.ts';

/** How a metric's number is written. */
export type MetricUnit =
  /** A parameter count: 8.03 B. */
  | 'parameters'
  /** Bytes, binary units: 16 GiB. */
  | 'bytes'
  /** FLOPs, decimal prefixes: 16.1 GFLOP. */
  | 'flops'
  /** A fraction shown as a percentage: 12.5%. */
  | 'share'
  /** An exact whole number (layers, heads, widths, tokens): 4,096. */
  | 'integer'
  /** A real number from a config (θ, a scaling factor, a cap): as written, with separators when whole. */
  | 'real'
  /** A small real number: 1e-6. */
  | 'epsilon'
  /** Bytes per second, decimal prefixes: 3.35 TB/s. */
  | 'bytesPerSecond'
  /** FLOP per second, decimal prefixes: 990 TFLOP/s. */
  | 'flopsPerSecond'
  /** A speed bound: 1,190 tokens/s. */
  | 'tokensPerSecond'
  /** A duration: 817 ms, 5.15 s. */
  | 'seconds';

/**
 * The value at a path of an analysis object (`calc --json`), or null when the path names no
 * number there (an MoE metric of a dense model). Only own keys are followed.
 *
 * @example metricValue({ params: { total: 8 } }, 'params.total') //=> 8
 */
export function metricValue(analysis: unknown, path: string): number | null {
  let node: unknown = analysis;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return null;
    node = (node as Record<string, unknown>)[segment];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

function formatReal(value: number, locale?: NumberLocale): string {
  return Number.isInteger(value) ? formatInteger(value, locale) : String(value);
}

/**
 * A number written as its unit says (the body of {@link formatMetric}); callers that know the unit
 * (the embed's core bundle, which does not carry the registry) call it directly.
 *
 * The locale changes digit grouping and the decimal mark, never the units (bytes stay binary).
 *
 * @example formatByUnit('bytes', 17_179_869_184) //=> '16 GiB'
 */
export function formatByUnit(unit: MetricUnit | undefined, value: number, locale?: NumberLocale): string {
  switch (unit) {
    case 'parameters':
      return formatCount(value, locale);
    case 'bytes':
      return formatBytes(value, 'binary', locale);
    case 'flops':
      return formatFlops(value, locale);
    case 'share':
      return `${(value * 100).toFixed(value < 0.001 ? 2 : 1)}%`;
    case 'epsilon':
      return value.toExponential();
    case 'real':
      return formatReal(value, locale);
    case 'bytesPerSecond':
      return formatRate(value, 'B/s', locale);
    case 'flopsPerSecond':
      return formatRate(value, 'FLOP/s', locale);
    case 'tokensPerSecond':
      return formatTokensPerSecond(value, locale);
    case 'seconds':
      return formatSeconds(value, locale);
    default:
      return formatInteger(value, locale);
  }
}
