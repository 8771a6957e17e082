/**
 * Named metrics, addressed by their `calc --json` path (`kvCache.bytes`, `flops.prefill`): what
 * every rendered number on the site carries in `data-metric`. The build and the browser islands
 * both compute and format through these two functions, so a number looks the same before and
 * after JavaScript runs. Imports no zod: this is the browser's entry into the library.
 */
import { flops } from './flops.ts';
import { kvCache } from './kv-cache.ts';
import type { RunOptions } from './options.ts';
import type { ModelSpec } from './types.ts';
import { formatBytes, formatCount, formatFlops, formatInteger } from './units.ts';

/** The metrics that depend on the run options (context, batch, dtype, attention counting). */
export type RunMetric =
  | 'kvCache.bytesPerToken'
  | 'kvCache.bytes'
  | 'flops.prefill'
  | 'flops.decode'
  | 'flops.training'
  | 'flops.weightsPerToken'
  | 'flops.prefillAttention'
  | 'flops.decodeAttention'
  | 'flops.prefillAttentionShare'
  | 'flops.decodeAttentionShare';

/** Every run metric of one model at one set of options. */
export function runMetrics(spec: ModelSpec, matmulParams: number, options: RunOptions): Record<RunMetric, number> {
  const cache = kvCache(spec, options);
  const counts = flops(spec, matmulParams, options);
  return {
    'kvCache.bytesPerToken': cache.bytesPerToken,
    'kvCache.bytes': cache.bytes,
    'flops.prefill': counts.prefill,
    'flops.decode': counts.decode,
    'flops.training': counts.training,
    'flops.weightsPerToken': counts.weightsPerToken,
    'flops.prefillAttention': counts.prefillAttention,
    'flops.decodeAttention': counts.decodeAttention,
    'flops.prefillAttentionShare': counts.prefillAttentionShare,
    'flops.decodeAttentionShare': counts.decodeAttentionShare,
  };
}

/**
 * The human text of a metric: parameter counts with B/M suffixes, bytes in binary units, FLOPs
 * with decimal prefixes, shares as percentages, token counts as exact integers.
 *
 * @example formatMetric('kvCache.bytes', 17_179_869_184) //=> '16 GiB'
 */
export function formatMetric(metric: string, value: number): string {
  if (metric.startsWith('params.')) return formatCount(value);
  if (metric.startsWith('kvCache.bytes')) return formatBytes(value);
  if (metric.endsWith('Share')) return `${(value * 100).toFixed(value < 0.001 ? 2 : 1)}%`;
  if (metric.startsWith('flops.')) return formatFlops(value);
  return formatInteger(value);
}
