import { describe, expect, it } from 'vitest';
import { snapshotIds } from '../../src/data/snapshot.ts';
import type { FormulaPart, ModelSpec } from '../../src/lib/index.ts';
import {
  attentionFlopsFormula,
  attentionFlopsPerKey,
  formulaText,
  kvElementsPerToken,
  kvFormula,
  metricValue,
  analyzeSpec,
  DEFAULT_RUN_OPTIONS,
} from '../../src/lib/index.ts';
import { present, snapshotSpec } from '../fixtures.ts';

/** The arithmetic a formula's parts write out, evaluated: words dropped, × as multiplication. */
function evaluate(parts: readonly FormulaPart[]): number {
  const expression = parts
    .map((part) => (typeof part === 'string' ? part.replace('(K and V)', '').replace(/×/g, '*') : String(part.value)))
    .join('');
  if (!/^[\d\s*+()]+$/.test(expression)) throw new Error(`not arithmetic: ${expression}`);
  return Function(`return (${expression});`)() as number;
}

/** DeepSeek-V3's attention geometry on every layer of a snapshot model (no module parses MLA yet). */
function withMla(spec: ModelSpec): ModelSpec {
  const attention = {
    kind: 'mla' as const,
    heads: 128,
    kvLoraRank: 512,
    qkRopeHeadDim: 64,
    qkNopeHeadDim: 128,
    vHeadDim: 128,
    qLoraRank: 1536,
  };
  return { ...spec, decoderLayers: spec.decoderLayers.map((layer) => ({ ...layer, attention })) };
}

const specs: [string, ModelSpec][] = [
  ...snapshotIds().map((id): [string, ModelSpec] => [id, snapshotSpec(id)]),
  ['Llama 3.1 8B with MLA layers', withMla(snapshotSpec('meta-llama/Llama-3.1-8B'))],
];

describe('the formulas pages write out', () => {
  it.each(specs)('%s: the written KV and attention formulas compute the numbers used', (_, spec) => {
    const analysis = analyzeSpec('x', spec, DEFAULT_RUN_OPTIONS);
    for (const term of kvFormula(spec)) {
      expect(evaluate(term.parts)).toBe(term.value);
      expect(term.value).toBe(kvElementsPerToken(present(spec.decoderLayers[term.firstLayer]).attention));
      // every number in the prose is a metric path of calc --json with that value
      for (const part of term.parts) {
        if (typeof part !== 'string') expect(metricValue(analysis, part.metric)).toBe(part.value);
      }
    }
    for (const term of attentionFlopsFormula(spec)) {
      expect(evaluate(term.parts)).toBe(term.value);
      expect(term.value).toBe(attentionFlopsPerKey(present(spec.decoderLayers[term.firstLayer]).attention));
    }
  });

  it('writes Llama 3.1 8B as 2 (K and V) × 8 KV heads × 128 head_dim, and 4 × 32 heads × 128 head_dim per key', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-8B');
    expect(kvFormula(spec).map((term) => formulaText(term.parts))).toEqual(['2 (K and V) × 8 KV heads × 128 head_dim']);
    expect(attentionFlopsFormula(spec).map((term) => formulaText(term.parts))).toEqual(['4 × 32 heads × 128 head_dim']);
  });

  it('writes an MLA layer as its latent plus the shared rotary key', () => {
    const spec = withMla(snapshotSpec('meta-llama/Llama-3.1-8B'));
    expect(formulaText(kvFormula(spec)[0]?.parts ?? [])).toBe('512 kv_lora_rank + 64 qk_rope_head_dim');
    expect(formulaText(attentionFlopsFormula(spec)[0]?.parts ?? [])).toBe(
      '2 × 128 heads × (128 qk_nope_head_dim + 64 qk_rope_head_dim) + 2 × 128 heads × 128 v_head_dim',
    );
  });
});
