/**
 * The per-layer formulas as parts a page or a terminal writes out: "2 (K and V) × 8 KV heads ×
 * 128 head_dim". The numbers carry the metric path they come from, so a page renders them as
 * tagged numbers; the arithmetic stays in attention.ts, and a test checks the two agree.
 */
import { attentionFlopsPerKey, kvElementsPerToken } from './attention.ts';
import type { TextLang } from './describe.ts';
import type { AttentionReach, AttentionSpec, ModelSpec } from './types.ts';

/** A config-determined number inside a formula, with its unit word and its metric path. */
export interface FormulaFactor {
  value: number;
  /** The word that follows it: `KV heads`, `head_dim`; empty when the text around it says what it is. */
  label: string;
  /** Its `calc --json` path. */
  metric: string;
}

/** Text, or a factor. */
export type FormulaPart = string | FormulaFactor;

/** Layers that share one formula (same geometry and reach), by their first layer. */
export interface FormulaTerm {
  /** The first layer with this term (metric paths point at it). */
  firstLayer: number;
  /** How many layers have it. */
  layers: number;
  reach: AttentionReach;
  /** The formula, evaluated (elements per token for the KV cache, FLOPs per key for attention). */
  value: number;
  parts: FormulaPart[];
}

function factor(layer: number, field: string, value: number, label: string): FormulaFactor {
  return { value, label, metric: `architecture.decoderLayers.${layer}.attention.${field}` };
}

/** KV elements one layer caches per token, as parts. */
export function kvElementsParts(attention: AttentionSpec, layer: number, lang: TextLang = 'en'): FormulaPart[] {
  if (attention.kind === 'gqa') {
    return [
      lang === 'ko' ? '2 (K와 V) × ' : '2 (K and V) × ',
      factor(layer, 'kvHeads', attention.kvHeads, lang === 'ko' ? 'KV 헤드' : 'KV heads'),
      ' × ',
      factor(layer, 'headDim', attention.headDim, 'head_dim'),
    ];
  }
  return [
    factor(layer, 'kvLoraRank', attention.kvLoraRank, 'kv_lora_rank'),
    ' + ',
    factor(layer, 'qkRopeHeadDim', attention.qkRopeHeadDim, 'qk_rope_head_dim'),
  ];
}

/** Attention FLOPs one query spends per key in one layer, as parts. */
export function flopsPerKeyParts(attention: AttentionSpec, layer: number, lang: TextLang = 'en'): FormulaPart[] {
  const headsLabel = lang === 'ko' ? '헤드' : 'heads';
  if (attention.kind === 'gqa') {
    return [
      '4 × ',
      factor(layer, 'heads', attention.heads, headsLabel),
      ' × ',
      factor(layer, 'headDim', attention.headDim, 'head_dim'),
    ];
  }
  const heads = factor(layer, 'heads', attention.heads, headsLabel);
  return [
    '2 × ',
    heads,
    ' × (',
    factor(layer, 'qkNopeHeadDim', attention.qkNopeHeadDim, 'qk_nope_head_dim'),
    ' + ',
    factor(layer, 'qkRopeHeadDim', attention.qkRopeHeadDim, 'qk_rope_head_dim'),
    ') + 2 × ',
    heads,
    ' × ',
    factor(layer, 'vHeadDim', attention.vHeadDim, 'v_head_dim'),
  ];
}

/** Groups layers whose parts read the same (numbers and reach), keeping the first layer's paths. */
function terms(
  spec: ModelSpec,
  partsOf: (attention: AttentionSpec, layer: number) => FormulaPart[],
  valueOf: (attention: AttentionSpec) => number,
  withReach: boolean,
): FormulaTerm[] {
  const found = new Map<string, FormulaTerm>();
  spec.decoderLayers.forEach(({ attention, reach }, layer) => {
    const parts = partsOf(attention, layer);
    const key = `${parts.map((part) => (typeof part === 'string' ? part : part.value)).join('')} ${withReach ? JSON.stringify(reach) : ''}`;
    const term = found.get(key);
    if (term === undefined) found.set(key, { firstLayer: layer, layers: 1, reach, value: valueOf(attention), parts });
    else term.layers += 1;
  });
  return [...found.values()];
}

/**
 * The KV cache as a sum of terms, one per distinct (geometry, reach).
 *
 * @example kvFormula(gemma2_9b).map((t) => [t.layers, t.reach.kind, t.value]) //=> [[21, 'sliding', 4096], [21, 'global', 4096]]
 */
export function kvFormula(spec: ModelSpec, lang: TextLang = 'en'): FormulaTerm[] {
  return terms(spec, (attention, layer) => kvElementsParts(attention, layer, lang), kvElementsPerToken, true);
}

/**
 * Attention FLOPs per key as terms, one per distinct geometry (reach decides the keys, not the cost).
 *
 * @example attentionFlopsFormula(llama31_8b)[0].value //=> 16_384 (4 × 32 heads × 128 head_dim)
 */
export function attentionFlopsFormula(spec: ModelSpec, lang: TextLang = 'en'): FormulaTerm[] {
  return terms(spec, (attention, layer) => flopsPerKeyParts(attention, layer, lang), attentionFlopsPerKey, false);
}

/** A formula's parts as plain text: "2 (K and V) × 8 KV heads × 128 head_dim". */
export function formulaText(parts: readonly FormulaPart[], format: (value: number) => string = String): string {
  return parts
    .map((part) =>
      typeof part === 'string' ? part : part.label === '' ? format(part.value) : `${format(part.value)} ${part.label}`,
    )
    .join('');
}
