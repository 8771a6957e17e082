/**
 * The common decoder, in the spirit of transformers' `modular_*.py`: one base schema carrying the
 * keys every Llama-style config shares (with the config class's defaults passed in), and one
 * builder that turns a parsed config into the per-layer {@link ModelSpec}. An architecture module
 * passes only what differs: its defaults, its extra keys, its bias rule, its layer pattern, its MLP.
 */
import * as z from 'zod/mini';
import { ConfigError, describeValue } from '../errors.ts';
import type {
  AttentionReach,
  AttentionSpec,
  BiasSpec,
  LayerPositionSpec,
  LayerSpec,
  ModelSpec,
  MlpSpec,
  MoeNaming,
  SoftCappingSpec,
  TensorInfo,
  VisionSpec,
} from '../types.ts';
import { decoderModelTensors } from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  layerTypes,
  optionalCount,
  parseWith,
  positiveNumber,
  quantizationConfig,
  quantizationOf,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';
import { layerTypeOf, ropeForLayerType, ropeFields, type RopeParsed } from './rope.ts';

/** The transformers config-class defaults a module passes to the base schema. */
export interface DecoderDefaults {
  /** `num_key_value_heads` when absent; null means one per query head (MHA). */
  num_key_value_heads: number | null;
  /** `head_dim` when absent; null means hidden_size / num_attention_heads. */
  head_dim: number | null;
  hidden_act: string;
  max_position_embeddings: number;
  rms_norm_eps: number;
  tie_word_embeddings: boolean;
  rope_theta: number;
}

/** The keys every Llama-style config shares, with a module's defaults. */
export function decoderFields(defaults: DecoderDefaults) {
  const count = z.nullable(optionalCount());
  return {
    architectures: architectures(),
    /** Width of the residual stream. Required. */
    hidden_size: requiredCount(),
    /** Decoder layers. Required. */
    num_hidden_layers: layerCount(),
    /** Query heads. Required. */
    num_attention_heads: requiredCount(),
    /** Dense MLP width (Mixtral: each expert's). Required. */
    intermediate_size: requiredCount(),
    /** Token vocabulary. Required. */
    vocab_size: requiredCount(),
    /** KV heads; null means one per query head. */
    num_key_value_heads:
      defaults.num_key_value_heads === null ? count : z._default(count, defaults.num_key_value_heads),
    /** Per-head width; null means hidden_size / num_attention_heads. */
    head_dim: defaults.head_dim === null ? count : z._default(count, defaults.head_dim),
    hidden_act: z._default(text(), defaults.hidden_act),
    max_position_embeddings: z._default(requiredCount(), defaults.max_position_embeddings),
    rms_norm_eps: z._default(positiveNumber(), defaults.rms_norm_eps),
    tie_word_embeddings: z._default(flag(), defaults.tie_word_embeddings),
    /** Bias on q, k, v and o where the attention class reads the flag (LlamaAttention uses one flag for all four). */
    attention_bias: z._default(flag(), false),
    /** Bias on gate, up and down where the MLP class reads the flag. */
    mlp_bias: z._default(flag(), false),
    /** Per-layer attention kinds, which newer transformers versions write out. */
    layer_types: layerTypes(),
    quantization_config: quantizationConfig(),
    ...ropeFields(defaults.rope_theta),
  };
}

/** What the base schema yields; a module's schema extends it. */
export interface DecoderParsed extends RopeParsed {
  architectures?: string[] | undefined;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  vocab_size: number;
  num_key_value_heads?: number | null | undefined;
  head_dim?: number | null | undefined;
  hidden_act: string;
  max_position_embeddings: number;
  rms_norm_eps: number;
  tie_word_embeddings: boolean;
  attention_bias: boolean;
  mlp_bias: boolean;
  layer_types?: string[] | undefined;
  quantization_config?:
    { quant_method?: string | undefined; weight_block_size?: number[] | undefined } | null | undefined;
}

/** What a module may state about its architecture; everything left out takes the common decoder's value. */
export interface DecoderOverrides {
  /** Default: `attention_bias` on q, k, v and o; `mlp_bias` on the MLP. */
  bias?: BiasSpec;
  /** The activation's config name; default `hidden_act`. */
  activation?: string;
  /** Gemma's (1 + w) RMSNorm; default false. */
  unitOffset?: boolean;
  /** The norm modules inside each layer; default `input_layernorm`, `post_attention_layernorm`. */
  layerNorms?: string[];
  /** Per-head q/k norms (Qwen3, Gemma 3); default false. */
  qkNorm?: boolean;
  /** What each layer can see; default from `layer_types` (full attention only), else global. */
  reach?: AttentionReach[];
  /** Each layer's attention; default GQA from the heads, KV heads and head_dim keys. */
  attention?: (layer: number) => AttentionSpec;
  /** Each layer's MLP; default dense of `intermediate_size`. */
  mlp?: (layer: number) => MlpSpec;
  /** Each layer's position encoding; default RoPE with the θ and scaling of the layer's type. */
  position?: (layer: number, reach: AttentionReach) => LayerPositionSpec;
  softCapping?: SoftCappingSpec;
  queryPreAttnScalar?: number | null;
  moeNaming?: MoeNaming;
  /** A multimodal checkpoint's vision tower; default none. */
  vision?: VisionSpec;
  /** Where the language model's tensors live; default `model`. */
  tensorPrefix?: ModelSpec['tensorPrefix'];
  /** MTP modules stored after the decoder layers; default 0. */
  multiTokenPredictionLayers?: number;
}

/**
 * Features per head: the config's `head_dim` when it is a number, else hiddenSize / heads, which
 * must then divide exactly (transformers would silently floor it and build a model of another size).
 */
export function resolveHeadDim(
  headDim: number | null | undefined,
  hiddenSize: number,
  heads: number,
  headsKey = 'num_attention_heads',
): number {
  if (typeof headDim === 'number') return headDim;
  if (hiddenSize % heads !== 0) {
    throw new ConfigError(
      headsKey,
      `hidden size ${hiddenSize} is not divisible by ${heads} heads, and the config sets no head_dim`,
    );
  }
  return hiddenSize / heads;
}

/** Grouped-query attention needs every KV head to serve the same number of query heads. */
export function checkKvGroups(heads: number, kvHeads: number, kvKey = 'num_key_value_heads'): void {
  if (kvHeads > heads || heads % kvHeads !== 0) {
    throw new ConfigError(kvKey, `${heads} attention heads cannot be split evenly over ${kvHeads} key/value heads`);
  }
}

/** The GQA geometry the common keys describe, checked. */
export function gqaAttention(parsed: DecoderParsed): AttentionSpec {
  const heads = parsed.num_attention_heads;
  const kvHeads = parsed.num_key_value_heads ?? heads;
  checkKvGroups(heads, kvHeads);
  return {
    kind: 'gqa',
    heads,
    kvHeads,
    headDim: resolveHeadDim(parsed.head_dim, parsed.hidden_size, heads),
    sinks: false,
  };
}

/**
 * A routed MoE MLP: what every MoE config states (experts, top-k, expert width), with the rest
 * defaulting to "absent" (no shared expert, no gate, no router bias). Refuses a top-k above the
 * number of experts, which no router can pick.
 */
export function routedMlp(
  moe: Pick<Extract<MlpSpec, { kind: 'moe' }>, 'experts' | 'topK' | 'expertFfnSize' | 'normalizeTopK'> &
    Partial<Extract<MlpSpec, { kind: 'moe' }>>,
): MlpSpec {
  if (moe.topK > moe.experts) {
    throw new ConfigError(
      'num_experts_per_tok',
      `routes each token to ${moe.topK} experts but there are only ${moe.experts}`,
    );
  }
  return {
    kind: 'moe',
    experts: moe.experts,
    topK: moe.topK,
    expertFfnSize: moe.expertFfnSize,
    sharedExperts: moe.sharedExperts ?? 0,
    sharedExpertFfnSize: moe.sharedExpertFfnSize ?? null,
    sharedExpertGate: moe.sharedExpertGate ?? false,
    routerBias: moe.routerBias ?? false,
    normalizeTopK: moe.normalizeTopK,
  };
}

/** Names the MLP the way papers do: a gated SiLU is SwiGLU, a gated GELU is GeGLU. */
export function activationSpec(name: string, gated: boolean): ModelSpec['activation'] {
  const isGelu = name.startsWith('gelu');
  const base = isGelu ? 'GELU' : name === 'silu' || name === 'swish' ? 'Swish' : name;
  const label = gated ? (isGelu ? 'GeGLU' : base === 'Swish' ? 'SwiGLU' : `${name} GLU`) : base;
  return { name, gated, label };
}

const GLOBAL: AttentionReach = { kind: 'global' };

/** A local layer's reach: the window when the config sets one, else global (a null window turns sliding off). */
export function windowReach(window: number | null): AttentionReach {
  return window === null ? GLOBAL : { kind: 'sliding', windowTokens: window };
}

/** The same reach on every layer: a window when `window` is a number (Mistral v0.1), else global. */
export function uniformReach(layers: number, window: number | null): AttentionReach[] {
  const reach = windowReach(window);
  return Array.from({ length: layers }, () => reach);
}

/**
 * A config's explicit `layer_types` list, which newer transformers versions write out and which
 * overrides each architecture's own rule: `sliding_attention` layers use `window`, `chunked_attention`
 * layers use `chunk` (where the architecture has chunks), `full_attention` layers attend globally.
 */
export function reachFromLayerTypes(
  layerTypes: string[],
  layers: number,
  window: number | null,
  chunk: number | null = null,
  noWindowReason = 'the config sets no sliding_window',
): AttentionReach[] {
  if (layerTypes.length !== layers) {
    throw new ConfigError('layer_types', `lists ${layerTypes.length} layers but num_hidden_layers is ${layers}`);
  }
  const kinds = [
    'full_attention',
    ...(window === null ? [] : ['sliding_attention']),
    ...(chunk === null ? [] : ['chunked_attention']),
  ];
  return layerTypes.map((kind, index): AttentionReach => {
    if (kind === 'full_attention') return GLOBAL;
    if (kind === 'sliding_attention' && window !== null) return { kind: 'sliding', windowTokens: window };
    if (kind === 'chunked_attention' && chunk !== null) return { kind: 'chunked', chunkTokens: chunk };
    if (kind === 'sliding_attention') {
      throw new ConfigError(`layer_types.${index}`, `is sliding_attention but ${noWindowReason}`);
    }
    throw new ConfigError(
      `layer_types.${index}`,
      `${describeValue(kind)} is not an attention kind this architecture has (${kinds.join(', ')})`,
    );
  });
}

/** The whole spec from a parsed config and a module's overrides. */
export function buildDecoderSpec(
  identity: { modelType: string; causalLmClass: string },
  parsed: DecoderParsed,
  overrides: DecoderOverrides,
): ModelSpec {
  const layers = parsed.num_hidden_layers;
  const reach =
    overrides.reach ??
    (parsed.layer_types ? reachFromLayerTypes(parsed.layer_types, layers, null) : uniformReach(layers, null));
  // The common geometry is built (and checked) once and shared by every layer unless the module says otherwise.
  let shared: AttentionSpec | undefined;
  const attentionOf = overrides.attention ?? (() => (shared ??= gqaAttention(parsed)));
  const dense: MlpSpec = { kind: 'dense', ffnSize: parsed.intermediate_size };
  const decoderLayers = reach.map((layerReach, layer): LayerSpec => ({
    attention: attentionOf(layer),
    reach: layerReach,
    position: overrides.position?.(layer, layerReach) ?? ropeForLayerType(parsed, layerTypeOf(layerReach)),
    mlp: overrides.mlp?.(layer) ?? dense,
  }));
  // The model-wide RoPE is that of its global layers (the ones long context depends on), or of its
  // first layer when none is global; only the layer types the model has are looked up.
  const globalLayer = decoderLayers.find((layer) => layer.reach.kind === 'global') ?? decoderLayers[0];
  const globalPosition =
    globalLayer?.position.kind === 'rope' ? globalLayer.position : ropeForLayerType(parsed, 'full_attention');
  return {
    modelType: identity.modelType,
    architectureClass: parsed.architectures?.[0] ?? identity.causalLmClass,
    hiddenSize: parsed.hidden_size,
    ffnSize: parsed.intermediate_size,
    vocabSize: parsed.vocab_size,
    maxContextTokens: parsed.max_position_embeddings,
    norm: {
      kind: 'rmsnorm',
      epsilon: parsed.rms_norm_eps,
      hasBias: false,
      unitOffset: overrides.unitOffset ?? false,
      layerNorms: overrides.layerNorms ?? ['input_layernorm', 'post_attention_layernorm'],
      qkNorm: overrides.qkNorm ?? false,
    },
    activation: activationSpec(overrides.activation ?? parsed.hidden_act, true),
    bias: overrides.bias ?? {
      qkv: parsed.attention_bias,
      attentionOutput: parsed.attention_bias,
      mlp: parsed.mlp_bias,
    },
    tiedEmbeddings: parsed.tie_word_embeddings,
    position: {
      kind: 'rope',
      theta: globalPosition.theta,
      scaling: globalPosition.scaling,
      ...(globalPosition.rotaryFraction === undefined ? {} : { rotaryFraction: globalPosition.rotaryFraction }),
    },
    softCapping: overrides.softCapping ?? { attentionLogits: null, finalLogits: null },
    queryPreAttnScalar: overrides.queryPreAttnScalar ?? null,
    decoderLayers,
    moeNaming: overrides.moeNaming ?? null,
    vision: overrides.vision ?? null,
    tensorPrefix: overrides.tensorPrefix ?? 'model',
    multiTokenPredictionLayers: overrides.multiTokenPredictionLayers ?? 0,
    quantization: quantizationOf(parsed.quantization_config),
  };
}

/** A module's definition: its identity, its schema (the base fields plus its own), and its differences. */
export interface DecoderDefinition<Schema extends z.ZodMiniType> {
  modelType: string;
  configClass: string;
  causalLmClass: string;
  schema: Schema;
  /** What differs from the common decoder, read off the parsed config. */
  describe?: (parsed: z.output<Schema>) => DecoderOverrides;
  /** Tensors, when the checkpoint's layout is not the common decoder's. */
  tensors?: (spec: ModelSpec) => TensorInfo[];
  storedExtras?: ArchitectureModule['storedExtras'];
  checkpointOnlyTensors?: ArchitectureModule['checkpointOnlyTensors'];
  optionalBufferSets?: ArchitectureModule['optionalBufferSets'];
  quantizationMethods?: ArchitectureModule['quantizationMethods'];
}

/** An architecture module from a decoder definition. */
export function decoderModule<Schema extends z.ZodMiniType>(definition: DecoderDefinition<Schema>): ArchitectureModule {
  const { modelType, configClass, causalLmClass, schema } = definition;
  const module: ArchitectureModule = {
    modelType,
    configClass,
    causalLmClass,
    parse(config) {
      const parsed = parseWith(schema, config);
      return buildDecoderSpec(
        { modelType, causalLmClass },
        parsed as unknown as DecoderParsed,
        definition.describe?.(parsed) ?? {},
      );
    },
    tensors: definition.tensors ?? ((spec) => decoderModelTensors(spec)),
  };
  if (definition.storedExtras) module.storedExtras = definition.storedExtras;
  if (definition.checkpointOnlyTensors) module.checkpointOnlyTensors = definition.checkpointOnlyTensors;
  if (definition.optionalBufferSets) module.optionalBufferSets = definition.optionalBufferSets;
  if (definition.quantizationMethods) module.quantizationMethods = definition.quantizationMethods;
  return module;
}
