/**
 * The unit of each number the embed's core elements show (params, KV cache, FLOPs, tensor groups),
 * as the metric registry (src/lib/metrics.ts) gives it. The registry itself stays out of the
 * embed's core bundle, which must stay under 30 KB gzipped; tests/lib/metrics.test.ts checks that
 * the two agree on every path the elements use.
 */
import type { MetricUnit } from '../../lib/metric-format.ts';

/** The registry's unit of a path `<llm-params>`, `<llm-kv-cache>`, `<llm-flops>` or `<llm-tensors>` shows. */
export function embedUnit(metric: string): MetricUnit {
  if (/share$/i.test(metric)) return 'share';
  if (metric.startsWith('params.') || metric.endsWith('.parameters')) return 'parameters';
  if (metric.startsWith('kvCache.')) return 'bytes';
  if (metric.startsWith('flops.')) return 'flops';
  return 'integer';
}
