/**
 * Plain-language facts about a spec that several shells print (the CLI summary, model pages, the
 * compare table), derived from the per-layer description so the wording and the rules behind it
 * exist once and never disagree with the data ("5 local layers per global" is computed, not typed).
 */
import type { FormulaFactor, FormulaPart } from './formulas.ts';
import { formulaText } from './formulas.ts';
import type { AttentionReach, AttentionSpec, ModelSpec } from './types.ts';

export interface AttentionKind {
  /** MHA: a KV head per query head; MQA: one KV head; GQA: groups of query heads share one; MLA: a latent cache. */
  kind: 'MHA' | 'MQA' | 'GQA' | 'MLA';
  /** Query heads per KV head (1 for MHA, heads for MQA), or null for MLA. */
  queriesPerKvHead: number | null;
}

/** The attention of a layer, classified. */
export function attentionKindOf(attention: AttentionSpec): AttentionKind {
  if (attention.kind === 'mla') return { kind: 'MLA', queriesPerKvHead: null };
  const queriesPerKvHead = attention.heads / attention.kvHeads;
  const kind = attention.kvHeads === attention.heads ? 'MHA' : attention.kvHeads === 1 ? 'MQA' : 'GQA';
  return { kind, queriesPerKvHead };
}

/**
 * The model's attention kind: that of its first layer (every supported model has one geometry in
 * all layers; {@link uniformAttention} says whether that holds).
 *
 * @example attentionKind(llama31_8b) //=> { kind: 'GQA', queriesPerKvHead: 4 }
 */
export function attentionKind(spec: ModelSpec): AttentionKind {
  const first = spec.decoderLayers[0];
  return first === undefined ? { kind: 'MHA', queriesPerKvHead: 1 } : attentionKindOf(first.attention);
}

/** The attention every layer shares, or null when layers differ. */
export function uniformAttention(spec: ModelSpec): AttentionSpec | null {
  const first = spec.decoderLayers[0]?.attention;
  if (first === undefined) return null;
  const key = JSON.stringify(first);
  return spec.decoderLayers.every((layer) => layer.attention === first || JSON.stringify(layer.attention) === key)
    ? first
    : null;
}

/** The GQA geometry every layer shares, or null (MLA, or layers that differ). */
export function uniformGqa(spec: ModelSpec): Extract<AttentionSpec, { kind: 'gqa' }> | null {
  const attention = uniformAttention(spec);
  return attention?.kind === 'gqa' ? attention : null;
}

/** The window of a reach in tokens: the sliding window, or null. */
export function windowOf(reach: AttentionReach): number | null {
  return reach.kind === 'sliding' ? reach.windowTokens : null;
}

function sameReach(a: AttentionReach, b: AttentionReach): boolean {
  return (
    a.kind === b.kind &&
    (a.kind !== 'sliding' || b.kind !== 'sliding' || a.windowTokens === b.windowTokens) &&
    (a.kind !== 'chunked' || b.kind !== 'chunked' || a.chunkTokens === b.chunkTokens)
  );
}

/** The longest repeating unit {@link reachPeriod} looks for. */
export const MAX_REACH_PERIOD = 64;

/** Runs of equal reach, e.g. "layers 0–27 global, 28–31 window 4,096". */
export interface ReachRun {
  from: number;
  to: number;
  reach: AttentionReach;
}

/** Consecutive layers with the same reach, merged. */
export function reachRuns(spec: ModelSpec): ReachRun[] {
  const runs: ReachRun[] = [];
  spec.decoderLayers.forEach(({ reach }, layer) => {
    const last = runs.at(-1);
    if (last !== undefined && sameReach(last.reach, reach) && last.to === layer - 1) last.to = layer;
    else runs.push({ from: layer, to: layer, reach });
  });
  return runs;
}

/** How many layers are global, sliding and chunked, and the distinct windows and chunk sizes. */
export interface ReachCounts {
  globalLayers: number;
  slidingLayers: number;
  chunkedLayers: number;
  windows: number[];
  chunks: number[];
}

export function reachCounts(spec: ModelSpec): ReachCounts {
  const windows = new Set<number>();
  const chunks = new Set<number>();
  const counts = { globalLayers: 0, slidingLayers: 0, chunkedLayers: 0 };
  for (const { reach } of spec.decoderLayers) {
    if (reach.kind === 'global') counts.globalLayers += 1;
    else if (reach.kind === 'sliding') {
      counts.slidingLayers += 1;
      windows.add(reach.windowTokens);
    } else {
      counts.chunkedLayers += 1;
      chunks.add(reach.chunkTokens);
    }
  }
  const ascending = (a: number, b: number) => a - b;
  return { ...counts, windows: [...windows].sort(ascending), chunks: [...chunks].sort(ascending) };
}

/**
 * The shortest repeating unit of the layers' reach, when the whole stack repeats it (at least
 * twice) and it mixes kinds: Gemma 2's [sliding, global], Gemma 3's five sliding then one global.
 * Null when every layer is alike or the stack does not repeat.
 */
export function reachPeriod(spec: ModelSpec): AttentionReach[] | null {
  const layers = spec.decoderLayers;
  // Real patterns repeat every 2 to 8 layers; looking further than 64 would only cost time on an
  // absurd config (the search is quadratic in the period).
  for (let period = 2; period * 2 <= layers.length && period <= MAX_REACH_PERIOD; period += 1) {
    const unit = layers.slice(0, period).map((layer) => layer.reach);
    const first = unit[0];
    if (first === undefined || unit.every((reach) => sameReach(reach, first))) continue;
    const repeats = layers.every((layer, index) => {
      const expected = unit[index % period];
      return expected !== undefined && sameReach(layer.reach, expected);
    });
    if (repeats) return unit;
  }
  return null;
}

/**
 * The languages the library words its descriptions in (the site's two; the CLI speaks English).
 * Kept here rather than imported from the site, since src/lib depends on nothing above it.
 */
export type TextLang = 'en' | 'ko';

/** A layer's reach as parts; its window or chunk is a factor tagged with the layer's metric path. */
function reachParts(reach: AttentionReach, layer: number, lang: TextLang): FormulaPart[] {
  const ko = lang === 'ko';
  if (reach.kind === 'global') return [ko ? '글로벌' : 'global'];
  const path = `architecture.decoderLayers.${layer}.reach`;
  if (reach.kind === 'sliding')
    return [ko ? '윈도 ' : 'window ', { value: reach.windowTokens, label: '', metric: `${path}.windowTokens` }];
  return ko
    ? ['청크 ', { value: reach.chunkTokens, label: '', metric: `${path}.chunkTokens` }, ' 단위']
    : ['chunks of ', { value: reach.chunkTokens, label: '', metric: `${path}.chunkTokens` }];
}

/**
 * The layer pattern as parts, derived from the data: windows and chunks are tagged numbers.
 * The text form is {@link describeReach}. Korean orders the same facts its own way ("짝수 레이어
 * (0, 2, …)는 윈도 4,096").
 */
export function describeReachParts(spec: ModelSpec, lang: TextLang = 'en'): FormulaPart[] {
  const ko = lang === 'ko';
  const runs = reachRuns(spec);
  const layers = spec.decoderLayers.length;
  const only = runs.length === 1 ? runs[0] : undefined;
  if (only !== undefined) {
    const all: FormulaFactor = { value: layers, label: ko ? '' : 'layers', metric: 'architecture.layers' };
    return ko
      ? ['레이어 ', all, '개 전체: ', ...reachParts(only.reach, 0, lang)]
      : [...reachParts(only.reach, 0, lang), ' on all ', all];
  }
  const unit = reachPeriod(spec);
  const [even, odd] = unit ?? [];
  if (unit !== null && unit.length === 2 && even !== undefined && odd !== undefined) {
    return ko
      ? [
          '짝수 레이어 (0, 2, …)는 ',
          ...reachParts(even, 0, lang),
          ', 홀수 레이어 (1, 3, …)는 ',
          ...reachParts(odd, 1, lang),
        ]
      : [
          ...reachParts(even, 0, lang),
          ' on even layers (0, 2, …), ',
          ...reachParts(odd, 1, lang),
          ' on odd layers (1, 3, …)',
        ];
  }
  if (unit !== null) {
    const unitRuns: { reach: AttentionReach; first: number; count: number }[] = [];
    unit.forEach((reach, index) => {
      const last = unitRuns.at(-1);
      if (last !== undefined && sameReach(last.reach, reach)) last.count += 1;
      else unitRuns.push({ reach, first: index, count: 1 });
    });
    const parts: FormulaPart[] = [];
    unitRuns.forEach(({ reach, first, count }, index) => {
      if (index > 0) parts.push(ko ? ', 이어서 ' : ' then ');
      if (ko) parts.push(`레이어 ${count}개는 `, ...reachParts(reach, first, lang));
      else parts.push(`${count} ${count === 1 ? 'layer' : 'layers'} `, ...reachParts(reach, first, lang));
    });
    return [...parts, ko ? `, 이 ${unit.length}개 레이어 단위가 반복` : `, repeating every ${unit.length} layers`];
  }
  return runs.flatMap((run, index) => [
    ...(index > 0 ? ['; '] : []),
    ko
      ? `${run.from === run.to ? `레이어 ${run.from}` : `레이어 ${run.from}–${run.to}`}: `
      : `${run.from === run.to ? `layer ${run.from}` : `layers ${run.from}–${run.to}`}: `,
    ...reachParts(run.reach, run.from, lang),
  ]);
}

/**
 * The layer pattern in one line.
 *
 * @example describeReach(gemma2_9b, formatInteger) //=> 'window 4,096 on even layers (0, 2, …), global on odd layers (1, 3, …)'
 * @example describeReach(gemma3, formatInteger) //=> '5 layers window 1,024 then 1 layer global, repeating every 6 layers'
 */
export function describeReach(
  spec: ModelSpec,
  format: (value: number) => string = String,
  lang: TextLang = 'en',
): string {
  return formulaText(describeReachParts(spec, lang), format);
}

/**
 * Whether a context is past the longest the config declares: numbers there are arithmetic, not
 * something the model can run, and every calculator says so.
 */
export function isPastContext(spec: Pick<ModelSpec, 'maxContextTokens'>, contextTokens: number): boolean {
  return contextTokens > spec.maxContextTokens;
}
