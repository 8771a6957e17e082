/**
 * The `architecture` object of `calc --json`: the model-wide numbers readers look up, derived from
 * the per-layer spec. Its first keys are those the JSON has always had (one geometry for all
 * layers); the rest were added with the per-layer description. Where layers differ, the
 * model-wide key says null and `decoderLayers` has the truth.
 */
import { attentionKind, reachCounts, uniformAttention, windowOf } from './describe.ts';
import type {
  ActivationSpec,
  AttentionSpec,
  BiasSpec,
  LayerSpec,
  MlpSpec,
  ModelSpec,
  PositionSpec,
  SoftCappingSpec,
} from './types.ts';

/** The model-wide MoE facts: one MoE layer's MLP (every supported model has one expert shape), and where the MoE layers are. */
export type MoeSummary = Omit<Extract<MlpSpec, { kind: 'moe' }>, 'kind'> & {
  /** Per layer: true where the MLP is the routed mixture. */
  moeLayers: boolean[];
  /** Layers whose MLP is the routed mixture. */
  layerCount: number;
};

/** MLA's geometry, when every layer is MLA. */
export type MlaSummary = Omit<Extract<AttentionSpec, { kind: 'mla' }>, 'kind'>;

export interface ArchitectureSummary {
  modelType: string;
  architectureClass: string;
  /** Decoder layers. */
  layers: number;
  hiddenSize: number;
  /** Query heads of the first layer (every supported model has the same in every layer; decoderLayers has each). */
  heads: number | null;
  /** KV heads of GQA layers, or null (MLA, or layers that differ). */
  kvHeads: number | null;
  /** Features per head of GQA layers, or null. */
  headDim: number | null;
  ffnSize: number;
  vocabSize: number;
  maxContextTokens: number;
  norm: {
    kind: 'layernorm' | 'rmsnorm';
    epsilon: number;
    hasBias: boolean;
    unitOffset: boolean;
    perLayer: number;
    layerNorms: string[];
    qkNorm: boolean;
  };
  activation: ActivationSpec;
  bias: BiasSpec;
  tiedEmbeddings: boolean;
  position: PositionSpec;
  /** Per layer, the sliding window in tokens, or null for a global or chunked layer. */
  layerWindows: (number | null)[];
  moe: MoeSummary | null;
  softCapping: SoftCappingSpec;
  queryPreAttnScalar: number | null;
  /** `MHA`, `MQA`, `GQA` or `MLA`. */
  attentionKind: string;
  /** Query heads per KV head (GQA), or null. */
  queriesPerKvHead: number | null;
  /** heads × headDim: the width of q and of o's input, which need not equal hiddenSize. */
  attentionWidth: number | null;
  /** The window of the sliding layers when they share one, else null. */
  slidingWindow: number | null;
  slidingLayers: number;
  globalLayers: number;
  chunkedLayers: number;
  /** The chunk of the chunked layers when they share one, else null. */
  attentionChunk: number | null;
  /** MLA's geometry when every layer is MLA, else null. */
  mla: MlaSummary | null;
  /** Layers whose heads have learned attention sinks (gpt-oss: every layer). */
  sinkLayers: number;
  /** A multimodal checkpoint's vision tower, or null. */
  vision: ModelSpec['vision'];
  /** Multi-token-prediction layers the checkpoint stores beyond the model (DeepSeek-V3: 1). */
  multiTokenPredictionLayers: number;
  /** Where the language model's tensors live (`model`, or `language_model.model` in a multimodal checkpoint). */
  tensorPrefix: ModelSpec['tensorPrefix'];
  /** The checkpoint's quantization scheme (`quantization_config`), or null. */
  quantization: ModelSpec['quantization'];
  /** Every layer: attention, reach, position encoding, MLP. */
  decoderLayers: LayerSpec[];
}

/** The model-wide MoE facts, from the first MoE layer (every supported model has one expert shape). */
function moeSummary(spec: ModelSpec): MoeSummary | null {
  const moeLayers = spec.decoderLayers.map((layer) => layer.mlp.kind === 'moe');
  const first = spec.decoderLayers.find((layer) => layer.mlp.kind === 'moe')?.mlp;
  if (first === undefined || first.kind !== 'moe') return null;
  return {
    experts: first.experts,
    topK: first.topK,
    expertFfnSize: first.expertFfnSize,
    sharedExpertFfnSize: first.sharedExpertFfnSize,
    sharedExpertGate: first.sharedExpertGate,
    moeLayers,
    normalizeTopK: first.normalizeTopK,
    sharedExperts: first.sharedExperts,
    routerBias: first.routerBias,
    layerCount: moeLayers.filter(Boolean).length,
  };
}

/**
 * The `architecture` object of a spec.
 *
 * @example architectureSummary(llama31_8b).kvHeads //=> 8
 */
export function architectureSummary(spec: ModelSpec): ArchitectureSummary {
  const attention = uniformAttention(spec);
  const gqa = attention?.kind === 'gqa' ? attention : null;
  const first = spec.decoderLayers[0]?.attention;
  const counts = reachCounts(spec);
  const kind = attentionKind(spec);
  return {
    modelType: spec.modelType,
    architectureClass: spec.architectureClass,
    layers: spec.decoderLayers.length,
    hiddenSize: spec.hiddenSize,
    heads: first?.heads ?? null,
    kvHeads: gqa?.kvHeads ?? null,
    headDim: gqa?.headDim ?? null,
    ffnSize: spec.ffnSize,
    vocabSize: spec.vocabSize,
    maxContextTokens: spec.maxContextTokens,
    norm: {
      kind: spec.norm.kind,
      epsilon: spec.norm.epsilon,
      hasBias: spec.norm.hasBias,
      unitOffset: spec.norm.unitOffset,
      perLayer: spec.norm.layerNorms.length,
      layerNorms: spec.norm.layerNorms,
      qkNorm: spec.norm.qkNorm,
    },
    activation: spec.activation,
    bias: spec.bias,
    tiedEmbeddings: spec.tiedEmbeddings,
    position: spec.position,
    layerWindows: spec.decoderLayers.map((layer) => windowOf(layer.reach)),
    moe: moeSummary(spec),
    softCapping: spec.softCapping,
    queryPreAttnScalar: spec.queryPreAttnScalar,
    attentionKind: kind.kind,
    queriesPerKvHead: gqa === null ? null : kind.queriesPerKvHead,
    attentionWidth: gqa === null ? null : gqa.heads * gqa.headDim,
    slidingWindow: counts.windows.length === 1 ? (counts.windows[0] ?? null) : null,
    slidingLayers: counts.slidingLayers,
    globalLayers: counts.globalLayers,
    chunkedLayers: counts.chunkedLayers,
    attentionChunk: counts.chunks.length === 1 ? (counts.chunks[0] ?? null) : null,
    mla: attention?.kind === 'mla' ? stripKind(attention) : null,
    sinkLayers: spec.decoderLayers.filter((layer) => layer.attention.kind === 'gqa' && layer.attention.sinks).length,
    vision: spec.vision,
    multiTokenPredictionLayers: spec.multiTokenPredictionLayers,
    tensorPrefix: spec.tensorPrefix,
    quantization: spec.quantization,
    decoderLayers: spec.decoderLayers,
  };
}

function stripKind(attention: Extract<LayerSpec['attention'], { kind: 'mla' }>): MlaSummary {
  const { heads, kvLoraRank, qkRopeHeadDim, qkNopeHeadDim, vHeadDim, qLoraRank } = attention;
  return { heads, kvLoraRank, qkRopeHeadDim, qkNopeHeadDim, vHeadDim, qLoraRank };
}
