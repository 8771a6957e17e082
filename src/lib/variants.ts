/**
 * Hypothetical variants of a real model, for the "what if" comparisons the concept articles
 * make: the same model with every query head its own KV head (MHA), one shared KV head (MQA),
 * or the grouping its config actually has.
 */
import { uniformGqa } from './describe.ts';
import { ConfigError } from './errors.ts';
import type { ModelSpec } from './types.ts';

export interface AttentionVariant {
  /** `mha`, `gqa` or `mqa`. */
  kind: 'mha' | 'gqa' | 'mqa';
  /** Whether this is the model as its config defines it. */
  actual: boolean;
  /** KV heads of this variant. */
  kvHeads: number;
  spec: ModelSpec;
}

/** The spec with another number of KV heads in every GQA layer; everything else unchanged. */
export function withKvHeads(spec: ModelSpec, kvHeads: number): ModelSpec {
  const gqa = uniformGqa(spec);
  if (gqa === null)
    throw new ConfigError('kvHeads', 'only a model with one GQA geometry in every layer has KV-head variants');
  if (!Number.isInteger(kvHeads) || kvHeads < 1 || gqa.heads % kvHeads !== 0) {
    throw new ConfigError('kvHeads', `${gqa.heads} heads cannot be split evenly over ${kvHeads} KV heads`);
  }
  const attention = { ...gqa, kvHeads };
  return { ...spec, decoderLayers: spec.decoderLayers.map((layer) => ({ ...layer, attention })) };
}

/**
 * MHA, the model's own grouping, and MQA, in that order (the actual one once, marked).
 *
 * @example attentionVariants(llama31_8b).map((v) => [v.kind, v.kvHeads]) //=> [['mha', 32], ['gqa', 8], ['mqa', 1]]
 */
export function attentionVariants(spec: ModelSpec): AttentionVariant[] {
  const gqa = uniformGqa(spec);
  if (gqa === null) return [];
  const kindOf = (kvHeads: number): AttentionVariant['kind'] =>
    kvHeads === gqa.heads ? 'mha' : kvHeads === 1 ? 'mqa' : 'gqa';
  return [gqa.heads, gqa.kvHeads, 1]
    .filter((kvHeads, index, all) => all.indexOf(kvHeads) === index)
    .map((kvHeads) => ({
      kind: kindOf(kvHeads),
      actual: kvHeads === gqa.kvHeads,
      kvHeads,
      spec: withKvHeads(spec, kvHeads),
    }));
}
