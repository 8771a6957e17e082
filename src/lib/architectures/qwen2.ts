/**
 * Qwen2 and Qwen2.5 (`model_type: "qwen2"`). Defaults are transformers' Qwen2Config: 32 KV heads,
 * untied embeddings. q, k and v carry a bias (o does not) whatever the config says: Qwen2Attention
 * hard-codes it. The configs carry `sliding_window` and `max_window_layers`, but the window only
 * applies when `use_sliding_window` is true, and then only on layers at index >= max_window_layers.
 */
import * as z from 'zod/mini';
import type { ModelSpec } from '../types.ts';
import {
  activationSpec,
  checkKvGroups,
  decoderModelTensors,
  denseLayerTensors,
  resolveHeadDim,
  windowsFromLayerTypes,
} from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  layerIndex,
  layerTypes,
  optionalCount,
  parseWith,
  positiveNumber,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';
import { ropeFields, ropeFromConfig } from './rope.ts';

/** The sliding-window keys Qwen2 and Qwen2-MoE share, with Qwen2Config's defaults. */
export const qwenWindowFields = {
  use_sliding_window: z._default(flag(), false),
  sliding_window: z._default(z.nullable(requiredCount()), 4096),
  /** Layers below this index attend globally even when the window is on. */
  max_window_layers: z._default(layerIndex(), 28),
  layer_types: layerTypes(),
};

/**
 * Per-layer windows under Qwen2's rule (transformers Qwen2Config.layer_types): a layer slides when
 * use_sliding_window is on, sliding_window is set and its index is >= max_window_layers.
 */
export function qwenWindows(
  parsed: {
    use_sliding_window: boolean;
    sliding_window: number | null;
    max_window_layers: number;
    layer_types?: string[] | undefined;
  },
  layers: number,
): (number | null)[] {
  const window = parsed.use_sliding_window ? parsed.sliding_window : null;
  if (parsed.layer_types) return windowsFromLayerTypes(parsed.layer_types, layers, window);
  return Array.from({ length: layers }, (_, layer) =>
    window !== null && layer >= parsed.max_window_layers ? window : null,
  );
}

const qwen2Config = z.looseObject({
  architectures: architectures(),
  hidden_size: requiredCount(),
  num_hidden_layers: layerCount(),
  num_attention_heads: requiredCount(),
  intermediate_size: requiredCount(),
  vocab_size: requiredCount(),
  num_key_value_heads: z._default(z.nullable(optionalCount()), 32),
  head_dim: z.nullable(optionalCount()),
  hidden_act: z._default(text(), 'silu'),
  max_position_embeddings: z._default(requiredCount(), 32_768),
  rms_norm_eps: z._default(positiveNumber(), 1e-6),
  tie_word_embeddings: z._default(flag(), false),
  ...qwenWindowFields,
  ...ropeFields(10_000),
});

export const qwen2: ArchitectureModule = {
  modelType: 'qwen2',
  configClass: 'Qwen2Config',
  causalLmClass: 'Qwen2ForCausalLM',
  parse(config) {
    const parsed = parseWith(qwen2Config, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    const layers = parsed.num_hidden_layers;
    const spec: ModelSpec = {
      modelType: 'qwen2',
      architectureClass: parsed.architectures?.[0] ?? 'Qwen2ForCausalLM',
      layers,
      hiddenSize: parsed.hidden_size,
      heads,
      kvHeads,
      headDim: resolveHeadDim(parsed.head_dim, parsed.hidden_size, heads),
      ffnSize: parsed.intermediate_size,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.max_position_embeddings,
      norm: { kind: 'rmsnorm', epsilon: parsed.rms_norm_eps, hasBias: false, unitOffset: false, perLayer: 2 },
      activation: activationSpec(parsed.hidden_act, true),
      bias: { qkv: true, attentionOutput: false, mlp: false },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: ropeFromConfig(parsed),
      layerWindows: qwenWindows(parsed, layers),
      moe: null,
      softCapping: { attentionLogits: null, finalLogits: null },
      queryPreAttnScalar: null,
    };
    return spec;
  },
  tensors(spec) {
    return decoderModelTensors(spec, (prefix, layer) => denseLayerTensors(prefix, spec, layer));
  },
};
