/**
 * Hypothetical variants of a real model, for the "what if" comparisons the concept articles
 * make: the same model with every query head its own KV head (MHA), one shared KV head (MQA),
 * or the grouping its config actually has.
 */
import { ConfigError } from './errors.ts';
import type { ModelSpec } from './types.ts';

export interface AttentionVariant {
  /** `mha`, `gqa` or `mqa`. */
  kind: 'mha' | 'gqa' | 'mqa';
  /** Whether this is the model as its config defines it. */
  actual: boolean;
  spec: ModelSpec;
}

/** The spec with another number of KV heads; everything else unchanged. */
export function withKvHeads(spec: ModelSpec, kvHeads: number): ModelSpec {
  if (!Number.isInteger(kvHeads) || kvHeads < 1 || spec.heads % kvHeads !== 0) {
    throw new ConfigError('kvHeads', `${spec.heads} heads cannot be split evenly over ${kvHeads} KV heads`);
  }
  return { ...spec, kvHeads };
}

/**
 * MHA, the model's own grouping, and MQA, in that order (the actual one once, marked).
 *
 * @example attentionVariants(llama31_8b).map((v) => [v.kind, v.spec.kvHeads]) //=> [['mha', 32], ['gqa', 8], ['mqa', 1]]
 */
export function attentionVariants(spec: ModelSpec): AttentionVariant[] {
  const kindOf = (kvHeads: number): AttentionVariant['kind'] =>
    kvHeads === spec.heads ? 'mha' : kvHeads === 1 ? 'mqa' : 'gqa';
  const variants = [spec.heads, spec.kvHeads, 1]
    .filter((kvHeads, index, all) => all.indexOf(kvHeads) === index)
    .map((kvHeads) => ({ kind: kindOf(kvHeads), actual: kvHeads === spec.kvHeads, spec: withKvHeads(spec, kvHeads) }));
  return variants;
}
