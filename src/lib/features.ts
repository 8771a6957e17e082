/**
 * The feature matrix of /compare/: for one model, the architecture choices readers compare across
 * families (position encoding, norms, attention, the local/global layer pattern, the MLP, tied
 * embeddings, QKV bias, context and vocabulary), each derived from the per-layer spec so that no
 * cell is typed beside the data. A cell keeps its raw value (for tests and for anything that sorts
 * or filters) and its text as parts: every number in the text is a factor carrying its `calc --json`
 * path, so a page renders it as a tagged number (data-metric, data-value).
 */
import type { TextLang } from './describe.ts';
import { attentionKind, describeReachParts, reachCounts, reachPeriod, uniformAttention } from './describe.ts';
import type { FormulaPart } from './formulas.ts';
import type { AttentionReach, ModelSpec, RopeScalingSpec } from './types.ts';

/** One cell: the raw value and its text, numbers tagged with their metric path. */
export interface FeatureCell<T> {
  value: T;
  parts: FormulaPart[];
}

/** Position encoding: a learned table, or RoPE with its bases (global and, where they differ, local layers). */
export type PositionFeature =
  | { kind: 'learned'; maxPositions: number }
  | {
      kind: 'rope';
      /** θ of the global layers (the model-wide `rope_theta`). */
      theta: number;
      /** θ of the local (sliding or chunked) layers when it differs from the global one (Gemma 3), else null. */
      localTheta: number | null;
      /** The context-extension scheme (`llama3`, `linear`, `yarn`, …) and its factor, or null. */
      scaling: { type: string; factor: number | null } | null;
      /** Whether only part of each head rotates (`partial_rotary_factor` below 1). */
      partialRotary: boolean;
      /** Layers with no position encoding at all (NoPE). */
      noPositionLayers: number;
    };

/** Norm kind and placement. */
export interface NormFeature {
  kind: 'layernorm' | 'rmsnorm';
  /** `pre`: a norm before each sub-layer; `sandwich`: also one after each (Gemma 2 and 3's post_feedforward_layernorm). */
  placement: 'pre' | 'sandwich';
  /** Norm modules per decoder layer. */
  perLayer: number;
  /** Gemma's (1 + w) scale. */
  unitOffset: boolean;
  /** Per-head RMSNorm on queries and keys (Qwen3, Gemma 3). */
  qkNorm: boolean;
}

/** The attention kind and its head geometry. */
export interface AttentionFeature {
  kind: 'MHA' | 'MQA' | 'GQA' | 'MLA';
  /** Query heads of the first layer. */
  heads: number;
  /** KV heads (GQA family), or null for MLA and for layers that differ. */
  kvHeads: number | null;
  /** Query heads per KV head (the GQA group size), or null. */
  groupSize: number | null;
  /** Learned attention-sink logits on every layer (gpt-oss). */
  sinks: boolean;
}

/** Which tokens the layers see: the pattern of global and local layers. */
export type ReachFeature =
  | { pattern: 'global' }
  | { pattern: 'sliding'; windowTokens: number }
  | { pattern: 'chunked'; chunkTokens: number }
  /** A repeating unit of `local` local layers and `global` global ones (Gemma 2: 1 and 1, Gemma 3: 5 and 1). */
  | { pattern: 'periodic'; local: number; global: number; localKind: 'sliding' | 'chunked'; span: number }
  /** Anything else (several windows, a stack that does not repeat): described layer run by layer run. */
  | { pattern: 'mixed' };

/** The MLP: its activation (GLU variant) and, for mixture-of-experts layers, the routing. */
export interface MlpFeature {
  activation: string;
  moe: { experts: number; topK: number; sharedExperts: number; layers: number } | null;
}

export interface FeatureRow {
  position: FeatureCell<PositionFeature>;
  norm: FeatureCell<NormFeature>;
  attention: FeatureCell<AttentionFeature>;
  reach: FeatureCell<ReachFeature>;
  mlp: FeatureCell<MlpFeature>;
  tiedEmbeddings: FeatureCell<boolean>;
  qkvBias: FeatureCell<boolean>;
  context: FeatureCell<number>;
  vocabulary: FeatureCell<number>;
}

export type FeatureKey = keyof FeatureRow;

/** The columns of the matrix, in order, with their headings in each language. */
export const FEATURE_COLUMNS: readonly { key: FeatureKey; label: string; labelKo: string }[] = [
  { key: 'position', label: 'Position encoding', labelKo: '위치 인코딩' },
  { key: 'norm', label: 'Norm and placement', labelKo: '정규화와 위치' },
  { key: 'attention', label: 'Attention', labelKo: '어텐션' },
  { key: 'reach', label: 'Local / global layers', labelKo: '로컬 / 글로벌 레이어' },
  { key: 'mlp', label: 'Activation (MLP)', labelKo: '활성화 함수 (MLP)' },
  { key: 'tiedEmbeddings', label: 'Tied embeddings', labelKo: '임베딩 공유' },
  { key: 'qkvBias', label: 'QKV bias', labelKo: 'QKV 바이어스' },
  { key: 'context', label: 'Context (tokens)', labelKo: '컨텍스트 (토큰)' },
  { key: 'vocabulary', label: 'Vocabulary', labelKo: '어휘' },
];

/** A number with its metric path; the text around it says what it is. */
const n = (value: number, metric: string, label = ''): FormulaPart => ({ value, label, metric });

/** The English or the Korean of a phrase: the cells' wording per language, their facts the same. */
const say = (lang: TextLang, en: string, ko: string): string => (lang === 'ko' ? ko : en);

const yesNo = (value: boolean, lang: TextLang): FeatureCell<boolean> => ({
  value,
  parts: [value ? say(lang, 'yes', '예') : say(lang, 'no', '아니요')],
});

function scalingParts(scaling: RopeScalingSpec | null, lang: TextLang): FormulaPart[] {
  if (scaling === null) return [];
  return scaling.factor === null
    ? [say(lang, `, ${scaling.type} scaling`, `, ${scaling.type} 스케일링`)]
    : [`, ${scaling.type} ×`, n(scaling.factor, 'architecture.position.scaling.factor')];
}

function positionCell(spec: ModelSpec, lang: TextLang): FeatureCell<PositionFeature> {
  const position = spec.position;
  if (position.kind === 'learned') {
    return {
      value: { kind: 'learned', maxPositions: position.maxPositions },
      parts:
        lang === 'ko'
          ? ['학습된 절대 위치, ', n(position.maxPositions, 'architecture.position.maxPositions'), '개']
          : ['learned absolute, ', n(position.maxPositions, 'architecture.position.maxPositions', 'positions')],
    };
  }
  const layers = spec.decoderLayers;
  const noPositionLayers = layers.filter((layer) => layer.position.kind === 'none').length;
  // A local layer whose base differs from the global one (Gemma 3's rope_local_base_freq).
  const localIndex = layers.findIndex(
    (layer) =>
      layer.reach.kind !== 'global' && layer.position.kind === 'rope' && layer.position.theta !== position.theta,
  );
  const local = layers[localIndex]?.position;
  const localTheta = local?.kind === 'rope' ? local.theta : null;
  const partialRotary = position.rotaryFraction !== undefined && position.rotaryFraction < 1;
  const scaling = position.scaling === null ? null : { type: position.scaling.type, factor: position.scaling.factor };

  const parts: FormulaPart[] = ['RoPE θ ', n(position.theta, 'architecture.position.theta')];
  if (localTheta !== null) {
    parts.push(say(lang, ' global', ' 글로벌'), ...scalingParts(position.scaling, lang));
    parts.push(
      '; θ ',
      n(localTheta, `architecture.decoderLayers.${localIndex}.position.theta`),
      say(lang, ' local', ' 로컬'),
    );
  } else {
    parts.push(...scalingParts(position.scaling, lang));
  }
  if (partialRotary) parts.push(say(lang, ', partial rotary', ', 부분 회전'));
  if (noPositionLayers > 0) {
    parts.push(
      ...(lang === 'ko'
        ? ['; 레이어 ', n(layers.length, 'architecture.layers'), `개 중 ${noPositionLayers}개는 없음 (NoPE)`]
        : [`; none (NoPE) on ${noPositionLayers} of `, n(layers.length, 'architecture.layers', 'layers')]),
    );
  }
  return {
    value: { kind: 'rope', theta: position.theta, localTheta, scaling, partialRotary, noPositionLayers },
    parts,
  };
}

function normCell(spec: ModelSpec, lang: TextLang): FeatureCell<NormFeature> {
  const { kind, layerNorms, unitOffset, qkNorm } = spec.norm;
  // A norm after the MLP, before the residual add, is the mark of Gemma 2's sandwich; Llama's
  // `post_attention_layernorm` is despite its name the pre-MLP norm.
  const placement = layerNorms.includes('post_feedforward_layernorm') ? 'sandwich' : 'pre';
  const perLayer = layerNorms.length;
  const parts: FormulaPart[] = [
    `${kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${unitOffset ? ' (1 + w)' : ''}, `,
    placement === 'sandwich'
      ? say(lang, 'pre + post (sandwich)', '프리 + 포스트 (샌드위치)')
      : say(lang, 'pre-norm', '프리 노름'),
    ...(qkNorm ? ['; QK-norm'] : []),
  ];
  return { value: { kind, placement, perLayer, unitOffset, qkNorm }, parts };
}

function attentionCell(spec: ModelSpec, lang: TextLang): FeatureCell<AttentionFeature> {
  const ko = lang === 'ko';
  const first = spec.decoderLayers[0]?.attention;
  const { kind, queriesPerKvHead } = attentionKind(spec);
  const uniform = uniformAttention(spec);
  const sinks =
    spec.decoderLayers.length > 0 &&
    spec.decoderLayers.every((layer) => layer.attention.kind === 'gqa' && layer.attention.sinks);
  const heads = first?.heads ?? 0;
  const sinkParts = sinks ? [say(lang, ', attention sinks', ', 어텐션 싱크')] : [];
  if (uniform?.kind === 'mla') {
    return {
      value: { kind: 'MLA', heads, kvHeads: null, groupSize: null, sinks },
      parts: [
        ko ? 'MLA, 헤드 ' : 'MLA, ',
        n(uniform.heads, 'architecture.heads', ko ? '' : 'heads'),
        ko ? '개, 잠재 벡터 ' : ', latent ',
        n(uniform.kvLoraRank, 'architecture.mla.kvLoraRank'),
      ],
    };
  }
  if (uniform?.kind !== 'gqa') {
    // Layers with different geometries: name the kind of the first, say that they vary.
    return {
      value: { kind, heads, kvHeads: null, groupSize: null, sinks },
      parts: [say(lang, `${kind}, head counts vary by layer`, `${kind}, 레이어마다 헤드 수가 다름`), ...sinkParts],
    };
  }
  const value = { kind, heads, kvHeads: uniform.kvHeads, groupSize: queriesPerKvHead, sinks };
  const headsPart = n(uniform.heads, 'architecture.heads');
  const kvPart = n(uniform.kvHeads, 'architecture.kvHeads');
  if (kind === 'MHA') {
    return ko
      ? { value, parts: ['MHA, 헤드 ', headsPart, '개', ...sinkParts] }
      : { value, parts: ['MHA, ', n(uniform.heads, 'architecture.heads', 'heads'), ...sinkParts] };
  }
  if (kind === 'MQA') {
    return ko
      ? { value, parts: ['MQA, 쿼리 헤드 ', headsPart, '개, KV 헤드 ', kvPart, '개', ...sinkParts] }
      : { value, parts: ['MQA, ', headsPart, ' query heads, ', kvPart, ' KV head', ...sinkParts] };
  }
  if (ko) {
    return {
      value,
      parts: [
        'GQA, 그룹당 ',
        n(uniform.heads / uniform.kvHeads, 'architecture.queriesPerKvHead'),
        ' (쿼리 ',
        headsPart,
        ' / KV 헤드 ',
        kvPart,
        ')',
        ...sinkParts,
      ],
    };
  }
  return {
    value,
    parts: [
      'GQA, groups of ',
      n(uniform.heads / uniform.kvHeads, 'architecture.queriesPerKvHead'),
      ' (',
      headsPart,
      ' query / ',
      kvPart,
      ' KV heads)',
      ...sinkParts,
    ],
  };
}

/** A local reach's size (window or chunk) as a tagged number of the model-wide metric. */
function spanPart(reach: AttentionReach, lang: TextLang): FormulaPart[] {
  if (reach.kind === 'sliding')
    return [say(lang, 'window ', '윈도 '), n(reach.windowTokens, 'architecture.slidingWindow')];
  if (reach.kind === 'chunked')
    return [say(lang, 'chunks of ', '청크 '), n(reach.chunkTokens, 'architecture.attentionChunk')];
  return [];
}

function reachCell(spec: ModelSpec, lang: TextLang): FeatureCell<ReachFeature> {
  const counts = reachCounts(spec);
  const layers = spec.decoderLayers.length;
  const mixed: FeatureCell<ReachFeature> = { value: { pattern: 'mixed' }, parts: describeReachParts(spec, lang) };
  // One window and one chunk size at most, or the model-wide metric would not name it.
  if (counts.windows.length > 1 || counts.chunks.length > 1 || (counts.slidingLayers > 0 && counts.chunkedLayers > 0)) {
    return mixed;
  }
  const first = spec.decoderLayers[0]?.reach ?? { kind: 'global' };
  if (counts.globalLayers === layers)
    return { value: { pattern: 'global' }, parts: [say(lang, 'all global', '모두 글로벌')] };
  if (counts.slidingLayers === layers && first.kind === 'sliding') {
    return {
      value: { pattern: 'sliding', windowTokens: first.windowTokens },
      parts: [say(lang, 'all sliding, ', '모두 슬라이딩, '), ...spanPart(first, lang)],
    };
  }
  if (counts.chunkedLayers === layers && first.kind === 'chunked') {
    return {
      value: { pattern: 'chunked', chunkTokens: first.chunkTokens },
      parts: [say(lang, 'all chunked, ', '모두 청크, '), ...spanPart(first, lang)],
    };
  }
  const unit = reachPeriod(spec);
  const localReach = unit?.find((reach) => reach.kind !== 'global');
  if (unit === null || localReach === undefined) return mixed;
  const local = unit.filter((reach) => reach.kind !== 'global').length;
  const global = unit.length - local;
  const span = localReach.kind === 'sliding' ? localReach.windowTokens : localReach.chunkTokens;
  const value: ReachFeature = { pattern: 'periodic', local, global, localKind: localReach.kind, span };
  const word = localReach.kind === 'sliding' ? 'sliding' : 'chunked';
  if (local === 1 && global === 1) {
    const wordKo = localReach.kind === 'sliding' ? '슬라이딩' : '청크';
    return {
      value,
      parts: [
        say(lang, `alternating ${word} and global, `, `${wordKo}와 글로벌 교대, `),
        ...spanPart(localReach, lang),
      ],
    };
  }
  return {
    value,
    parts: [
      say(lang, `${local} local : ${global} global, `, `로컬 ${local} : 글로벌 ${global}, `),
      ...spanPart(localReach, lang),
    ],
  };
}

function mlpCell(spec: ModelSpec, lang: TextLang): FeatureCell<MlpFeature> {
  const ko = lang === 'ko';
  const activation = spec.activation.label;
  const moeLayers = spec.decoderLayers.filter((layer) => layer.mlp.kind === 'moe');
  const first = moeLayers[0]?.mlp;
  if (first === undefined || first.kind !== 'moe') return { value: { activation, moe: null }, parts: [activation] };
  const moe = {
    experts: first.experts,
    topK: first.topK,
    sharedExperts: first.sharedExperts,
    layers: moeLayers.length,
  };
  const parts: FormulaPart[] = ko
    ? [
        `${activation}; MoE, 전문가 `,
        n(first.experts, 'architecture.moe.experts'),
        '개 중 상위 ',
        n(first.topK, 'architecture.moe.topK'),
        '개',
      ]
    : [
        `${activation}; MoE, top-`,
        n(first.topK, 'architecture.moe.topK'),
        ' of ',
        n(first.experts, 'architecture.moe.experts', 'experts'),
      ];
  if (first.sharedExperts > 0) {
    if (ko) parts.push(' + 공유 ', n(first.sharedExperts, 'architecture.moe.sharedExperts'), '개');
    else parts.push(' + ', n(first.sharedExperts, 'architecture.moe.sharedExperts', 'shared'));
  }
  if (moe.layers < spec.decoderLayers.length && ko) {
    parts.push(
      ', 레이어 ',
      n(spec.decoderLayers.length, 'architecture.layers'),
      '개 중 ',
      n(moe.layers, 'architecture.moe.layerCount'),
      '개',
    );
  } else if (moe.layers < spec.decoderLayers.length) {
    parts.push(
      ' on ',
      n(moe.layers, 'architecture.moe.layerCount'),
      ' of ',
      n(spec.decoderLayers.length, 'architecture.layers', 'layers'),
    );
  }
  return { value: { activation, moe }, parts };
}

/**
 * The config-determined cells of one model's row in the feature matrix.
 *
 * @example formulaText(featureRow(llama31_8b).attention.parts) //=> 'GQA, groups of 4 (32 query / 8 KV heads)'
 * @example formulaText(featureRow(gemma3_27b).reach.parts) //=> '5 local : 1 global, window 1024'
 */
export function featureRow(spec: ModelSpec, lang: TextLang = 'en'): FeatureRow {
  return {
    position: positionCell(spec, lang),
    norm: normCell(spec, lang),
    attention: attentionCell(spec, lang),
    reach: reachCell(spec, lang),
    mlp: mlpCell(spec, lang),
    tiedEmbeddings: yesNo(spec.tiedEmbeddings, lang),
    qkvBias: yesNo(spec.bias.qkv, lang),
    context: { value: spec.maxContextTokens, parts: [n(spec.maxContextTokens, 'architecture.maxContextTokens')] },
    vocabulary: { value: spec.vocabSize, parts: [n(spec.vocabSize, 'architecture.vocabSize')] },
  };
}
