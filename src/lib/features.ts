/**
 * The feature matrix of /compare/: for one model, the architecture choices readers compare across
 * families (position encoding, norms, attention, the local/global layer pattern, the MLP, tied
 * embeddings, QKV bias, context and vocabulary), each derived from the per-layer spec so that no
 * cell is typed beside the data. A cell keeps its raw value (for tests and for anything that sorts
 * or filters) and its text as parts: every number in the text is a factor carrying its `calc --json`
 * path, so a page renders it as a tagged number (data-metric, data-value).
 */
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

/** The columns of the matrix, in order, with their headings. */
export const FEATURE_COLUMNS: readonly { key: FeatureKey; label: string }[] = [
  { key: 'position', label: 'Position encoding' },
  { key: 'norm', label: 'Norm and placement' },
  { key: 'attention', label: 'Attention' },
  { key: 'reach', label: 'Local / global layers' },
  { key: 'mlp', label: 'Activation (MLP)' },
  { key: 'tiedEmbeddings', label: 'Tied embeddings' },
  { key: 'qkvBias', label: 'QKV bias' },
  { key: 'context', label: 'Context (tokens)' },
  { key: 'vocabulary', label: 'Vocabulary' },
];

/** A number with its metric path; the text around it says what it is. */
const n = (value: number, metric: string, label = ''): FormulaPart => ({ value, label, metric });

const yesNo = (value: boolean): FeatureCell<boolean> => ({ value, parts: [value ? 'yes' : 'no'] });

function scalingParts(scaling: RopeScalingSpec | null): FormulaPart[] {
  if (scaling === null) return [];
  return scaling.factor === null
    ? [`, ${scaling.type} scaling`]
    : [`, ${scaling.type} ×`, n(scaling.factor, 'architecture.position.scaling.factor')];
}

function positionCell(spec: ModelSpec): FeatureCell<PositionFeature> {
  const position = spec.position;
  if (position.kind === 'learned') {
    return {
      value: { kind: 'learned', maxPositions: position.maxPositions },
      parts: ['learned absolute, ', n(position.maxPositions, 'architecture.position.maxPositions', 'positions')],
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
    parts.push(' global', ...scalingParts(position.scaling));
    parts.push('; θ ', n(localTheta, `architecture.decoderLayers.${localIndex}.position.theta`), ' local');
  } else {
    parts.push(...scalingParts(position.scaling));
  }
  if (partialRotary) parts.push(', partial rotary');
  if (noPositionLayers > 0) {
    parts.push(`; none (NoPE) on ${noPositionLayers} of `, n(layers.length, 'architecture.layers', 'layers'));
  }
  return {
    value: { kind: 'rope', theta: position.theta, localTheta, scaling, partialRotary, noPositionLayers },
    parts,
  };
}

function normCell(spec: ModelSpec): FeatureCell<NormFeature> {
  const { kind, layerNorms, unitOffset, qkNorm } = spec.norm;
  // A norm after the MLP, before the residual add, is the mark of Gemma 2's sandwich; Llama's
  // `post_attention_layernorm` is despite its name the pre-MLP norm.
  const placement = layerNorms.includes('post_feedforward_layernorm') ? 'sandwich' : 'pre';
  const perLayer = layerNorms.length;
  const parts: FormulaPart[] = [
    `${kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${unitOffset ? ' (1 + w)' : ''}, `,
    placement === 'sandwich' ? 'pre + post (sandwich)' : 'pre-norm',
    ...(qkNorm ? ['; QK-norm'] : []),
  ];
  return { value: { kind, placement, perLayer, unitOffset, qkNorm }, parts };
}

function attentionCell(spec: ModelSpec): FeatureCell<AttentionFeature> {
  const first = spec.decoderLayers[0]?.attention;
  const { kind, queriesPerKvHead } = attentionKind(spec);
  const uniform = uniformAttention(spec);
  const sinks =
    spec.decoderLayers.length > 0 &&
    spec.decoderLayers.every((layer) => layer.attention.kind === 'gqa' && layer.attention.sinks);
  const heads = first?.heads ?? 0;
  const sinkParts = sinks ? [', attention sinks'] : [];
  if (uniform?.kind === 'mla') {
    return {
      value: { kind: 'MLA', heads, kvHeads: null, groupSize: null, sinks },
      parts: [
        'MLA, ',
        n(uniform.heads, 'architecture.heads', 'heads'),
        ', latent ',
        n(uniform.kvLoraRank, 'architecture.mla.kvLoraRank'),
      ],
    };
  }
  if (uniform?.kind !== 'gqa') {
    // Layers with different geometries: name the kind of the first, say that they vary.
    return {
      value: { kind, heads, kvHeads: null, groupSize: null, sinks },
      parts: [`${kind}, head counts vary by layer`, ...sinkParts],
    };
  }
  const value = { kind, heads, kvHeads: uniform.kvHeads, groupSize: queriesPerKvHead, sinks };
  const headsPart = n(uniform.heads, 'architecture.heads');
  const kvPart = n(uniform.kvHeads, 'architecture.kvHeads');
  if (kind === 'MHA') return { value, parts: ['MHA, ', n(uniform.heads, 'architecture.heads', 'heads'), ...sinkParts] };
  if (kind === 'MQA') {
    return { value, parts: ['MQA, ', headsPart, ' query heads, ', kvPart, ' KV head', ...sinkParts] };
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
function spanPart(reach: AttentionReach): FormulaPart[] {
  if (reach.kind === 'sliding') return ['window ', n(reach.windowTokens, 'architecture.slidingWindow')];
  if (reach.kind === 'chunked') return ['chunks of ', n(reach.chunkTokens, 'architecture.attentionChunk')];
  return [];
}

function reachCell(spec: ModelSpec): FeatureCell<ReachFeature> {
  const counts = reachCounts(spec);
  const layers = spec.decoderLayers.length;
  const mixed: FeatureCell<ReachFeature> = { value: { pattern: 'mixed' }, parts: describeReachParts(spec) };
  // One window and one chunk size at most, or the model-wide metric would not name it.
  if (counts.windows.length > 1 || counts.chunks.length > 1 || (counts.slidingLayers > 0 && counts.chunkedLayers > 0)) {
    return mixed;
  }
  const first = spec.decoderLayers[0]?.reach ?? { kind: 'global' };
  if (counts.globalLayers === layers) return { value: { pattern: 'global' }, parts: ['all global'] };
  if (counts.slidingLayers === layers && first.kind === 'sliding') {
    return {
      value: { pattern: 'sliding', windowTokens: first.windowTokens },
      parts: ['all sliding, ', ...spanPart(first)],
    };
  }
  if (counts.chunkedLayers === layers && first.kind === 'chunked') {
    return {
      value: { pattern: 'chunked', chunkTokens: first.chunkTokens },
      parts: ['all chunked, ', ...spanPart(first)],
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
    return { value, parts: [`alternating ${word} and global, `, ...spanPart(localReach)] };
  }
  return { value, parts: [`${local} local : ${global} global, `, ...spanPart(localReach)] };
}

function mlpCell(spec: ModelSpec): FeatureCell<MlpFeature> {
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
  const parts: FormulaPart[] = [
    `${activation}; MoE, top-`,
    n(first.topK, 'architecture.moe.topK'),
    ' of ',
    n(first.experts, 'architecture.moe.experts', 'experts'),
  ];
  if (first.sharedExperts > 0) parts.push(' + ', n(first.sharedExperts, 'architecture.moe.sharedExperts', 'shared'));
  if (moe.layers < spec.decoderLayers.length) {
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
export function featureRow(spec: ModelSpec): FeatureRow {
  return {
    position: positionCell(spec),
    norm: normCell(spec),
    attention: attentionCell(spec),
    reach: reachCell(spec),
    mlp: mlpCell(spec),
    tiedEmbeddings: yesNo(spec.tiedEmbeddings),
    qkvBias: yesNo(spec.bias.qkv),
    context: { value: spec.maxContextTokens, parts: [n(spec.maxContextTokens, 'architecture.maxContextTokens')] },
    vocabulary: { value: spec.vocabSize, parts: [n(spec.vocabSize, 'architecture.vocabSize')] },
  };
}
