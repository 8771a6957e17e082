/**
 * Counterfactuals: the same model with one feature switched off, as a new spec, so a page can set
 * the real model's numbers beside what they would be without the feature ("DeepSeek-V3 with
 * ordinary attention", "Gemma 3 with every layer global"). Each transform changes exactly one thing
 * and leaves the rest of the spec as the config describes it; specs are immutable plain data, so
 * every transform returns a new one. A transform refuses (ConfigError) a model that does not have
 * the feature, rather than returning an identical "counterfactual".
 *
 * The conventions, one per feature:
 * - `mla`: every MLA layer becomes ordinary multi-head attention with the same query heads, one KV
 *   head per query head, and one head width d_h for queries, keys and values, d_h = v_head_dim
 *   (which DeepSeek's configs set equal to qk_nope_head_dim; a config where they differ is refused,
 *   since then no single d_h is "the same heads"). RoPE then rotates whole heads, so the decoupled
 *   rotary part (qk_rope_head_dim) and the low-rank query path (q_lora_rank) go with the latent:
 *   the layer holds q/k/v/o of heads × d_h. The cache becomes 2 × heads × d_h elements per layer
 *   and token, the MHA row of the DeepSeek-V2 paper's Table 1 (2·n_h·d_h·l), against MLA's
 *   kv_lora_rank + qk_rope_head_dim. (transformers' decompressed MLA cache, keys of
 *   qk_nope + qk_rope and values of v_head_dim per head, is `kvCache.withoutMlaCompression`, a
 *   different figure: MLA's own heads, stored without the latent.)
 * - `qk-norm`: no per-head q_norm and k_norm (Qwen3, Gemma 3); nothing else changes.
 * - `sinks`: no learned sink logit per head (gpt-oss's `self_attn.sinks`); nothing is cached for
 *   sinks, so the KV cache is unchanged.
 * - `local-global`: every layer global. Sliding and chunked layers attend to every earlier token and
 *   rotate with the global layers' RoPE (Gemma 3's local θ = 10⁴ becomes the global 10⁶ and its
 *   scaling); NoPE layers stay NoPE. Parameters do not change.
 * - `mtp`: no multi-token-prediction layers in the checkpoint (DeepSeek-V3's `model.layers.61`),
 *   and so none of their FP8 block scales. They are not parameters of the model, so `params.total`
 *   is unchanged and `params.checkpoint` drops by the MTP layer and its scales.
 */
import type { TextLang } from './describe.ts';
import { ConfigError } from './errors.ts';
import { formatMetric, metricDefinition } from './metrics.ts';
import type { AttentionSpec, LayerPositionSpec, LayerSpec, ModelSpec } from './types.ts';
import { formatInteger } from './units.ts';
import { attentionVariants } from './variants.ts';

/** The features a counterfactual can switch off. */
export const COUNTERFACTUAL_FEATURES = ['mla', 'qk-norm', 'sinks', 'local-global', 'mtp'] as const;

export type CounterfactualFeature = (typeof COUNTERFACTUAL_FEATURES)[number];

export interface Counterfactual {
  feature: CounterfactualFeature;
  /** What the real model has, in a few words: `MLA`, `q/k norms`. */
  featureLabel: string;
  /** What the counterfactual is, in a few words, for a column heading. */
  without: string;
  /** What the transform changes, in one sentence for readers (no config numbers: those are the table's). */
  change: string;
  /** The same model without the feature. */
  spec: ModelSpec;
  /**
   * The `calc --json` paths of the numbers worth comparing, in display order: those the feature
   * changes, and the one it is often thought to change but does not (sinks and the KV cache).
   */
  metrics: readonly string[];
}

type MlaAttention = Extract<AttentionSpec, { kind: 'mla' }>;

function withLayers(spec: ModelSpec, layerOf: (layer: LayerSpec) => LayerSpec): ModelSpec {
  return { ...spec, decoderLayers: spec.decoderLayers.map(layerOf) };
}

/** The MHA that stands in for one MLA geometry (the same object for layers that share one). */
function mhaFor(attention: MlaAttention): AttentionSpec {
  if (attention.qkNopeHeadDim !== attention.vHeadDim) {
    throw new ConfigError(
      'v_head_dim',
      `is ${attention.vHeadDim} but qk_nope_head_dim is ${attention.qkNopeHeadDim}: there is no one head width for the ordinary-attention counterfactual`,
    );
  }
  return { kind: 'gqa', heads: attention.heads, kvHeads: attention.heads, headDim: attention.vHeadDim, sinks: false };
}

/**
 * The model with ordinary multi-head attention in place of MLA: same query heads, one KV head per
 * query head, head_dim = v_head_dim (see the module comment for why).
 *
 * @example
 * // DeepSeek-V3: 61 layers × 2 × 128 heads × 128 × 2 bytes
 * kvCache(withoutMla(deepseekV3), { contextTokens: 1, batch: 1, dtype: 'bf16' }).bytesPerToken //=> 3_997_696
 */
export function withoutMla(spec: ModelSpec): ModelSpec {
  if (!spec.decoderLayers.some((layer) => layer.attention.kind === 'mla')) {
    throw new ConfigError('kv_lora_rank', 'the model has no multi-head latent attention to replace');
  }
  const replaced = new Map<MlaAttention, AttentionSpec>();
  return withLayers(spec, (layer) => {
    if (layer.attention.kind !== 'mla') return layer;
    const mla = layer.attention;
    const mha = replaced.get(mla) ?? mhaFor(mla);
    replaced.set(mla, mha);
    return { ...layer, attention: mha };
  });
}

/** The model without per-head q/k norms. */
export function withoutQkNorm(spec: ModelSpec): ModelSpec {
  if (!spec.norm.qkNorm) throw new ConfigError(null, 'the model has no q/k norms to remove');
  return { ...spec, norm: { ...spec.norm, qkNorm: false } };
}

/** The model without learned attention sinks. */
export function withoutSinks(spec: ModelSpec): ModelSpec {
  if (!spec.decoderLayers.some((layer) => layer.attention.kind === 'gqa' && layer.attention.sinks)) {
    throw new ConfigError(null, 'the model has no attention sinks to remove');
  }
  const replaced = new Map<AttentionSpec, AttentionSpec>();
  return withLayers(spec, (layer) => {
    const attention = layer.attention;
    if (attention.kind !== 'gqa' || !attention.sinks) return layer;
    const plain = replaced.get(attention) ?? { ...attention, sinks: false };
    replaced.set(attention, plain);
    return { ...layer, attention: plain };
  });
}

/**
 * The model with every layer global: sliding and chunked layers see every earlier token and rotate
 * like the global layers (the first global layer's RoPE, or the model-wide one when none is global).
 */
export function allGlobal(spec: ModelSpec): ModelSpec {
  if (spec.decoderLayers.every((layer) => layer.reach.kind === 'global')) {
    throw new ConfigError(null, 'every layer of the model is already global');
  }
  const globalRope = spec.decoderLayers.find(
    (layer) => layer.reach.kind === 'global' && layer.position.kind === 'rope',
  )?.position;
  const rope: LayerPositionSpec =
    globalRope ??
    (spec.position.kind === 'rope'
      ? {
          kind: 'rope',
          theta: spec.position.theta,
          scaling: spec.position.scaling,
          ...(spec.position.rotaryFraction === undefined ? {} : { rotaryFraction: spec.position.rotaryFraction }),
        }
      : { kind: 'learned' });
  const global = { kind: 'global' } as const;
  return withLayers(spec, (layer) =>
    layer.reach.kind === 'global'
      ? layer
      : { ...layer, reach: global, position: layer.position.kind === 'rope' ? rope : layer.position },
  );
}

/** The checkpoint without its multi-token-prediction layers. */
export function withoutMtp(spec: ModelSpec): ModelSpec {
  if (spec.multiTokenPredictionLayers === 0) {
    throw new ConfigError('num_nextn_predict_layers', 'the checkpoint stores no multi-token-prediction layers');
  }
  return { ...spec, multiTokenPredictionLayers: 0 };
}

interface FeatureDefinition {
  label: string;
  without: string;
  change: string;
  /** label, without and change in Korean, for the Korean edition. */
  ko: { label: string; without: string; change: string };
  transform: (spec: ModelSpec) => ModelSpec;
  metrics: readonly string[];
}

const FEATURES: Record<CounterfactualFeature, FeatureDefinition> = {
  mla: {
    label: 'MLA',
    without: 'ordinary attention (MHA)',
    change:
      "Every MLA layer becomes multi-head attention with the same query heads, one key and one value head per query head, all v_head_dim wide, RoPE on whole heads: q, k, v and o replace the latent projections, and the cache holds every head's key and value instead of the latent and the shared rotary key.",
    ko: {
      label: 'MLA',
      without: '일반 어텐션 (MHA)',
      change:
        'MLA 레이어가 모두 멀티 헤드 어텐션이 됩니다. 쿼리 헤드는 그대로이고, 쿼리 헤드마다 키 헤드와 값 헤드가 하나씩이며, 모두 v_head_dim 너비에 RoPE는 헤드 전체에 적용합니다. 잠재 벡터 프로젝션 대신 q, k, v, o가 들어가고, 캐시는 잠재 벡터와 공유 회전 키 대신 모든 헤드의 키와 값을 담습니다.',
    },
    transform: withoutMla,
    metrics: ['params.total', 'params.breakdown.attention', 'kvCache.bytesPerToken', 'kvCache.bytes', 'flops.decode'],
  },
  'qk-norm': {
    label: 'q/k norms',
    without: 'no q/k norms',
    change:
      'The per-head RMSNorms of queries and keys (q_norm, k_norm: head_dim weights each, in every layer) are removed; nothing else changes.',
    ko: {
      label: 'q/k 정규화',
      without: 'q/k 정규화 없음',
      change:
        '쿼리와 키의 헤드별 RMSNorm(q_norm, k_norm: 레이어마다 head_dim 크기의 가중치 하나씩)을 없앱니다. 그 밖에는 바뀌지 않습니다.',
    },
    transform: withoutQkNorm,
    metrics: ['params.total', 'params.breakdown.norm', 'kvCache.bytesPerToken'],
  },
  sinks: {
    label: 'attention sinks',
    without: 'no sinks',
    change:
      'The learned sink logit of every head (self_attn.sinks: one scalar per query head and layer) is removed. A sink has a logit but no key or value, so nothing of it is cached.',
    ko: {
      label: '어텐션 싱크',
      without: '싱크 없음',
      change:
        '헤드마다 학습된 싱크 로짓(self_attn.sinks: 레이어와 쿼리 헤드마다 스칼라 하나)을 없앱니다. 싱크는 로짓만 있고 키나 값이 없으므로 캐시되는 것은 없습니다.',
    },
    transform: withoutSinks,
    metrics: ['params.total', 'params.breakdown.attention', 'kvCache.bytesPerToken'],
  },
  'local-global': {
    label: 'local layers',
    without: 'every layer global',
    change:
      "Every sliding or chunked layer attends to every earlier token, and rotates with the global layers' RoPE; the weights are untouched.",
    ko: {
      label: '로컬 레이어',
      without: '모든 레이어 글로벌',
      change:
        '슬라이딩이나 청크 레이어가 모두 앞선 모든 토큰에 어텐션하고, 글로벌 레이어의 RoPE로 회전합니다. 가중치는 그대로입니다.',
    },
    transform: allGlobal,
    metrics: ['params.total', 'kvCache.bytesPerToken', 'kvCache.bytes', 'flops.decode', 'flops.prefill'],
  },
  mtp: {
    label: 'the MTP layers',
    without: 'no MTP layers',
    change:
      'The checkpoint loses its multi-token-prediction layers and, in an FP8 checkpoint, their block scales. They are not parameters of the model, so the parameter count stays.',
    ko: {
      label: 'MTP 레이어',
      without: 'MTP 레이어 없음',
      change:
        '체크포인트에서 다중 토큰 예측 레이어와, FP8 체크포인트라면 그 블록 스케일이 빠집니다. 이들은 모델의 파라미터가 아니므로 파라미터 수는 그대로입니다.',
    },
    transform: withoutMtp,
    metrics: ['params.total', 'params.checkpoint'],
  },
};

/**
 * The model without one feature, with what a comparison should show.
 *
 * @example counterfactual(gemma3_27b, 'local-global').spec.decoderLayers.every((l) => l.reach.kind === 'global') //=> true
 */
export function counterfactual(spec: ModelSpec, feature: CounterfactualFeature, lang: TextLang = 'en'): Counterfactual {
  const definition = FEATURES[feature];
  const words = lang === 'ko' ? definition.ko : definition;
  return {
    feature,
    featureLabel: words.label,
    without: words.without,
    change: words.change,
    spec: definition.transform(spec),
    metrics: definition.metrics,
  };
}

/** The id a page gives the counterfactual of a model: `org/name#without-mla`. */
export function counterfactualId(modelId: string, feature: CounterfactualFeature): string {
  return `${modelId}#without-${feature}`;
}

/**
 * The spec a hypothetical model id's suffix names: `without-<feature>` (a counterfactual) or
 * `mha`, `gqa`, `mqa` (AttentionVariants' rows), applied to the model's spec; null for any other
 * suffix. Lets a test recompute every hypothetical number a page shows.
 *
 * @example variantSpec(deepseekV3, 'without-mla') //=> withoutMla(deepseekV3)
 */
export function variantSpec(spec: ModelSpec, suffix: string): ModelSpec | null {
  const feature = /^without-(.+)$/.exec(suffix)?.[1];
  if (feature !== undefined) {
    return (COUNTERFACTUAL_FEATURES as readonly string[]).includes(feature)
      ? counterfactual(spec, feature as CounterfactualFeature).spec
      : null;
  }
  return attentionVariants(spec).find((variant) => variant.kind === suffix)?.spec ?? null;
}

/** One row of a counterfactual table: a metric of the model and of the model without the feature. */
export interface ComparedMetric {
  metric: string;
  model: number;
  without: number;
  /** without − model. */
  difference: number;
  /** without ÷ model, or null when the model's value is 0. */
  ratio: number | null;
  differenceText: string;
  ratioText: string;
}

/**
 * A ratio written with as many decimals as it takes to tell it from 1: 56.9×, 1.45×, 0.9999989×;
 * exactly 1 is 1×.
 *
 * @example formatRatio(3_997_696 / 70_272) //=> '56.9×'
 * @example formatRatio(8_190_726_144 / 8_190_735_360) //=> '0.9999989×'
 */
export function formatRatio(ratio: number): string {
  if (ratio === 1) return '1×';
  const distance = Math.abs(ratio - 1);
  if (distance >= 0.01) return `${Number(ratio.toPrecision(3))}×`;
  // Up to two significant digits of the distance from 1, trailing zeros dropped.
  const decimals = Math.min(Math.ceil(-Math.log10(distance)) + 1, 15);
  return `${ratio.toFixed(decimals).replace(/\.?0+$/, '')}×`;
}

/**
 * A signed difference in a metric's unit: small parameter and integer differences exactly
 * (−9,216), larger ones as the metric is written (+17.2 B, +3.75 MiB); 0 as the metric writes 0.
 *
 * @example formatDifference('params.total', -9_216) //=> '−9,216'
 * @example formatDifference('kvCache.bytesPerToken', 0) //=> '0 B'
 */
export function formatDifference(metric: string, difference: number): string {
  const unit = metricDefinition(metric)?.unit;
  const magnitude = Math.abs(difference);
  const exact = (unit === 'parameters' || unit === 'integer') && magnitude < 1_000_000;
  const text = exact ? formatInteger(magnitude) : formatMetric(metric, magnitude);
  return difference > 0 ? `+${text}` : difference < 0 ? `\u2212${text}` : text;
}

/** A table row: the two values, their difference and ratio, and how each is written. */
export function compareMetric(metric: string, model: number, without: number): ComparedMetric {
  const difference = without - model;
  const ratio = model === 0 ? null : without / model;
  return {
    metric,
    model,
    without,
    difference,
    ratio,
    differenceText: formatDifference(metric, difference),
    ratioText: ratio === null ? '\u2014' : formatRatio(ratio),
  };
}
