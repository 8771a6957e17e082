/**
 * The rows of the comparison table, as pure functions of a model and the run options: the
 * compare page renders them at build time and its island re-renders them in the browser when
 * the reader picks other models, so both always agree. A cell is a list of parts; every number
 * is a part with its metric, so it renders with data-metric and data-value. Imports no zod.
 */
import { isPastContext } from '../../lib/describe.ts';
import { formatMetric, metricValue, runAnalysis } from '../../lib/metrics.ts';
import type { RunOptions } from '../../lib/options.ts';
import type { ParamCounts } from '../../lib/params.ts';
import type { ArchitectureSummary } from '../../lib/summary.ts';
import { architectureSummary } from '../../lib/summary.ts';
import type { ModelSpec } from '../../lib/types.ts';
import type { BrowserLang } from './messages.ts';
import { numberLocale, tb } from './messages.ts';

export interface CompareModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
  params: ParamCounts;
}

/** Plain text, or a number with its `calc --json` path. */
export type CellPart = string | { text: string; metric: string; value: number };

export interface CompareRow {
  /** The English label (also the row's key: the compare page selects rows by it). */
  label: string;
  /** The Korean label. */
  labelKo: string;
  /** Whether the row changes with context, batch, dtype or attention counting. */
  live: boolean;
  cell: (model: CompareModel, options: RunOptions, lang?: BrowserLang) => CellPart[];
}

/** A row's label in a language. */
export function rowLabel(row: CompareRow, lang: BrowserLang): string {
  return lang === 'ko' ? row.labelKo : row.label;
}

/** The words between the numbers of a cell, in both languages. */
const WORDS = {
  en: {
    heads: ' heads, latent ',
    rotaryKey: ' + rotary key ',
    query: ' query / ',
    kvHeads: ' KV heads',
    globalEvery: 'global on every layer',
    sliding: 'sliding ',
    severalWindows: 'windows of several sizes',
    onEvery: ' on every layer',
    on: ' on ',
    of: ' of ',
    layers: ' layers',
    chunksOf: 'chunks of ',
    severalSizes: 'several sizes',
    learned: 'learned absolute, ',
    positions: ' positions',
    from: ' from ',
    perLayer: ' per layer',
    qkNorms: ', plus q/k norms',
    width: ', width ',
    dense: 'dense',
    experts: ' experts, top-',
    sharedOne: ', plus a shared expert',
    shared: (count: number) => `, plus ${count} shared experts`,
    tied: 'tied',
    untied: 'untied',
    none: 'none',
    attention: 'attention ',
    off: 'off',
    final: ', final ',
    decoderOnly: 'decoder-only, ',
  },
  ko: {
    heads: '개 헤드, 잠재 벡터 ',
    rotaryKey: ' + 회전 키 ',
    query: ' 쿼리 / ',
    kvHeads: ' KV 헤드',
    globalEvery: '모든 레이어가 글로벌',
    sliding: '슬라이딩 윈도 ',
    severalWindows: '여러 크기의 윈도',
    onEvery: ', 모든 레이어',
    on: ', ',
    of: '/',
    layers: ' 레이어',
    chunksOf: '청크 ',
    severalSizes: '여러 크기',
    learned: '학습된 절대 위치, ',
    positions: '개 위치',
    from: ', 원래 ',
    perLayer: '개/레이어',
    qkNorms: ', q/k 정규화 포함',
    width: ', 너비 ',
    dense: '밀집 (dense)',
    experts: '개 전문가, top-',
    sharedOne: ', 공유 전문가 1개',
    shared: (count: number) => `, 공유 전문가 ${count}개`,
    tied: '공유 (tied)',
    untied: '분리 (untied)',
    none: '없음',
    attention: '어텐션 ',
    off: '꺼짐',
    final: ', 최종 ',
    decoderOnly: '디코더 전용, ',
  },
} as const;

/** A number with its metric path, written as the registry writes that metric. */
// Numbers read the same in en-US and ko-KR; the locale is passed so that stays one rule (units.ts).
let locale = 'en-US';
const n = (metric: string, value: number | null, text?: string): CellPart =>
  value === null ? '–' : { text: text ?? formatMetric(metric, value, locale), metric, value };
/** A metric of the model's `architecture` summary, by its path. */
const arch = (a: ArchitectureSummary, path: string): CellPart => n(`architecture.${path}`, metricValue(a, path));
const run =
  (metric: string) =>
  (m: CompareModel, o: RunOptions, lang: BrowserLang = 'en') => [
    n(metric, metricValue(runAnalysis(m.spec, m.matmulParams, o), metric)),
    // A context past the model's own maximum is arithmetic, not something the model can run.
    ...(isPastContext(m.spec, o.contextTokens) ? [tb(lang, 'compare.pastContext')] : []),
  ];

let w: (typeof WORDS)[BrowserLang] = WORDS.en;

/** The cells of a row for a model, in a language. */
export function rowCell(row: CompareRow, model: CompareModel, options: RunOptions, lang: BrowserLang): CellPart[] {
  locale = numberLocale(lang);
  w = WORDS[lang];
  try {
    return row.cell(model, options, lang);
  } finally {
    locale = 'en-US';
    w = WORDS.en;
  }
}

// The summary is derived once per spec object: rows are rendered for every model and every row.
const summaries = new WeakMap<ModelSpec, ArchitectureSummary>();
function summary(spec: ModelSpec): ArchitectureSummary {
  let found = summaries.get(spec);
  if (found === undefined) {
    found = architectureSummary(spec);
    summaries.set(spec, found);
  }
  return found;
}

function attentionParts(a: ArchitectureSummary): CellPart[] {
  if (a.mla !== null) {
    return ['MLA, ', arch(a, 'heads'), w.heads, arch(a, 'mla.kvLoraRank'), w.rotaryKey, arch(a, 'mla.qkRopeHeadDim')];
  }
  const heads = [arch(a, 'heads'), w.query, arch(a, 'kvHeads'), w.kvHeads];
  return [`${a.attentionKind}, `, ...heads];
}

function windowParts(a: ArchitectureSummary): CellPart[] {
  if (a.slidingLayers === 0 && a.chunkedLayers === 0) return [w.globalEvery];
  const parts: CellPart[] = [];
  if (a.slidingLayers > 0) {
    parts.push(w.sliding, a.slidingWindow === null ? w.severalWindows : arch(a, 'slidingWindow'));
    parts.push(
      ...(a.slidingLayers === a.layers
        ? [w.onEvery]
        : [w.on, arch(a, 'slidingLayers'), w.of, arch(a, 'layers'), w.layers]),
    );
  }
  if (a.chunkedLayers > 0) {
    parts.push(
      parts.length > 0 ? `; ${w.chunksOf}` : w.chunksOf,
      a.attentionChunk === null ? w.severalSizes : arch(a, 'attentionChunk'),
    );
    parts.push(w.on, arch(a, 'chunkedLayers'), w.of, arch(a, 'layers'), w.layers);
  }
  return parts;
}

function positionParts(spec: ModelSpec): CellPart[] {
  const position = spec.position;
  if (position.kind === 'learned') {
    return [w.learned, n('architecture.position.maxPositions', position.maxPositions), w.positions];
  }
  const parts: CellPart[] = ['RoPE θ ', n('architecture.position.theta', position.theta)];
  const scaling = position.scaling;
  if (scaling !== null) {
    parts.push(`, ${scaling.type}`);
    if (scaling.factor !== null)
      parts.push(' ×', n('architecture.position.scaling.factor', scaling.factor, String(scaling.factor)));
    if (scaling.originalMaxPositionEmbeddings !== null) {
      parts.push(
        w.from,
        n('architecture.position.scaling.originalMaxPositionEmbeddings', scaling.originalMaxPositionEmbeddings),
      );
    }
  }
  return parts;
}

export const COMPARE_ROWS: readonly CompareRow[] = [
  {
    label: 'Architecture',
    labelKo: '아키텍처',
    live: false,
    cell: (m) => [`${w.decoderOnly}${m.spec.architectureClass}`],
  },
  { label: 'Parameters', labelKo: '파라미터', live: false, cell: (m) => [n('params.total', m.params.total)] },
  {
    label: 'Active per token',
    labelKo: '토큰당 활성 파라미터',
    live: false,
    cell: (m) => [n('params.activePerToken', m.params.activePerToken)],
  },
  {
    label: 'Non-embedding',
    labelKo: '임베딩 제외',
    live: false,
    cell: (m) => [n('params.nonEmbedding', m.params.nonEmbedding)],
  },
  { label: 'Layers', labelKo: '레이어', live: false, cell: (m) => [arch(summary(m.spec), 'layers')] },
  {
    label: 'Hidden size',
    labelKo: '히든 크기 (hidden_size)',
    live: false,
    cell: (m) => [arch(summary(m.spec), 'hiddenSize')],
  },
  { label: 'Attention', labelKo: '어텐션', live: false, cell: (m) => attentionParts(summary(m.spec)) },
  { label: 'Head dim', labelKo: '헤드 차원 (head_dim)', live: false, cell: (m) => [arch(summary(m.spec), 'headDim')] },
  { label: 'Attention window', labelKo: '어텐션 윈도', live: false, cell: (m) => windowParts(summary(m.spec)) },
  { label: 'Positional encoding', labelKo: '위치 인코딩', live: false, cell: (m) => positionParts(m.spec) },
  {
    label: 'Normalisation',
    labelKo: '정규화',
    live: false,
    cell: (m) => [
      `${m.spec.norm.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${m.spec.norm.unitOffset ? ' (1 + w)' : ''}, `,
      arch(summary(m.spec), 'norm.perLayer'),
      w.perLayer,
      ...(m.spec.norm.qkNorm ? [w.qkNorms] : []),
    ],
  },
  {
    label: 'MLP',
    labelKo: '피드포워드 (MLP)',
    live: false,
    cell: (m) => [`${m.spec.activation.label} (${m.spec.activation.name})${w.width}`, arch(summary(m.spec), 'ffnSize')],
  },
  {
    label: 'Experts',
    labelKo: '전문가',
    live: false,
    cell: (m) => {
      const a = summary(m.spec);
      if (a.moe === null) return [w.dense];
      return [
        arch(a, 'moe.experts'),
        w.experts,
        arch(a, 'moe.topK'),
        a.moe.sharedExperts === 0 ? '' : a.moe.sharedExperts === 1 ? w.sharedOne : w.shared(a.moe.sharedExperts),
        ...(a.moe.layerCount === a.layers ? [] : [w.on, arch(a, 'moe.layerCount'), w.of, arch(a, 'layers'), w.layers]),
      ];
    },
  },
  { label: 'Vocabulary', labelKo: '어휘', live: false, cell: (m) => [arch(summary(m.spec), 'vocabSize')] },
  { label: 'Embeddings', labelKo: '임베딩', live: false, cell: (m) => [m.spec.tiedEmbeddings ? w.tied : w.untied] },
  {
    label: 'Logit soft-capping',
    labelKo: '로짓 소프트 캡핑',
    live: false,
    cell: (m) => {
      const { attentionLogits, finalLogits } = m.spec.softCapping;
      if (attentionLogits === null && finalLogits === null) return [w.none];
      return [
        w.attention,
        attentionLogits === null ? w.off : n('architecture.softCapping.attentionLogits', attentionLogits),
        w.final,
        finalLogits === null ? w.off : n('architecture.softCapping.finalLogits', finalLogits),
      ];
    },
  },
  {
    label: 'Context (tokens)',
    labelKo: '컨텍스트 (토큰)',
    live: false,
    cell: (m) => [arch(summary(m.spec), 'maxContextTokens')],
  },
  { label: 'KV cache per token', labelKo: '토큰당 KV 캐시', live: true, cell: run('kvCache.bytesPerToken') },
  {
    label: 'KV cache at the chosen context',
    labelKo: '선택한 컨텍스트의 KV 캐시',
    live: true,
    cell: run('kvCache.bytes'),
  },
  {
    label: 'Prefill FLOPs at the chosen context',
    labelKo: '선택한 컨텍스트의 프리필 FLOPs',
    live: true,
    cell: run('flops.prefill'),
  },
  {
    label: 'Decode FLOPs at the chosen context',
    labelKo: '선택한 컨텍스트의 디코드 FLOPs',
    live: true,
    cell: run('flops.decode'),
  },
];
