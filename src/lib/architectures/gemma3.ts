/**
 * Gemma 3: `gemma3_text` (the language model alone, Gemma3ForCausalLM) and `gemma3` (the
 * multimodal checkpoint, Gemma3ForConditionalGeneration).
 *
 * The language model is Gemma 2's (four norms per layer, (1 + w) RMSNorm, GeGLU, queries scaled by
 * 1/√query_pre_attn_scalar) with q/k norms instead of soft-capping, and five local layers for each
 * global one: layer i slides unless (i + 1) is a multiple of `sliding_window_pattern` (6), unless
 * `layer_types` lists them. Local layers rotate with θ = `rope_local_base_freq` (10⁴) and never with
 * `rope_scaling`, which only stretches the global layers (θ = 10⁶). Defaults are transformers'
 * Gemma3TextConfig, which also fills the keys a multimodal `text_config` leaves out.
 *
 * The multimodal checkpoint nests the language model under `language_model.model` and adds a
 * SigLIP vision tower (`vision_config`, defaults SiglipVisionConfig's) and the projector that maps
 * image features into the embedding space (`multi_modal_projector`).
 */
import * as z from 'zod/mini';
import type { ModelSpec, TensorInfo, VisionSpec } from '../types.ts';
import type { DecoderOverrides, DecoderParsed } from './base.ts';
import { buildDecoderSpec, decoderFields, reachFromLayerTypes, windowReach } from './base.ts';
import { decoderModelTensors, linear, tensor } from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  parseWith,
  positiveNumber,
  requiredCount,
  slidingWindow,
  text,
} from './fields.ts';
import { GEMMA_DEFAULTS, gemmaBias } from './gemma.ts';
import { SANDWICH_NORMS } from './gemma2.ts';
import type { ArchitectureModule } from './module.ts';
import { ropeForLayerType } from './rope.ts';

/** Gemma3TextConfig: its keys and defaults, every one optional (a multimodal text_config states few). */
const gemma3TextSchema = z.looseObject({
  ...decoderFields({
    ...GEMMA_DEFAULTS,
    num_key_value_heads: 4,
    max_position_embeddings: 131_072,
    rope_theta: 1_000_000,
  }),
  hidden_size: z._default(requiredCount(), 2304),
  intermediate_size: z._default(requiredCount(), 9216),
  num_hidden_layers: z._default(layerCount(), 26),
  num_attention_heads: z._default(requiredCount(), 8),
  vocab_size: z._default(requiredCount(), 262_208),
  hidden_activation: z._default(text(), 'gelu_pytorch_tanh'),
  query_pre_attn_scalar: z._default(positiveNumber(), 256),
  sliding_window: slidingWindow(4096),
  sliding_window_pattern: z._default(requiredCount(), 6),
  rope_local_base_freq: z._default(positiveNumber(), 10_000),
  attn_logit_softcapping: z._default(z.nullable(positiveNumber()), null),
  final_logit_softcapping: z._default(z.nullable(positiveNumber()), null),
});

type Gemma3TextParsed = z.output<typeof gemma3TextSchema>;

/** What Gemma 3's language model changes in the common decoder. */
function gemma3TextOverrides(parsed: Gemma3TextParsed): DecoderOverrides {
  const layers = parsed.num_hidden_layers;
  const window = parsed.sliding_window;
  const local = windowReach(window);
  const pattern = parsed.sliding_window_pattern;
  return {
    activation: parsed.hidden_activation,
    unitOffset: true,
    qkNorm: true,
    bias: gemmaBias(parsed),
    layerNorms: SANDWICH_NORMS,
    reach: parsed.layer_types
      ? reachFromLayerTypes(parsed.layer_types, layers, window)
      : Array.from({ length: layers }, (_, layer) => ((layer + 1) % pattern === 0 ? { kind: 'global' } : local)),
    // transformers builds the local rotary embedding from a copy of the config with θ = rope_local_base_freq
    // and rope_scaling forced to default; transformers 5 states both per layer type in rope_parameters.
    position: (_layer, reach) =>
      reach.kind === 'global'
        ? ropeForLayerType(parsed, 'full_attention')
        : parsed.rope_parameters
          ? ropeForLayerType(parsed, 'sliding_attention')
          : { kind: 'rope', theta: parsed.rope_local_base_freq, scaling: null },
    softCapping: { attentionLogits: parsed.attn_logit_softcapping, finalLogits: parsed.final_logit_softcapping },
    queryPreAttnScalar: parsed.query_pre_attn_scalar,
  };
}

export const gemma3Text: ArchitectureModule = {
  modelType: 'gemma3_text',
  configClass: 'Gemma3TextConfig',
  causalLmClass: 'Gemma3ForCausalLM',
  parse(config) {
    const parsed = parseWith(gemma3TextSchema, config);
    return buildDecoderSpec(
      { modelType: 'gemma3_text', causalLmClass: 'Gemma3ForCausalLM' },
      parsed as unknown as DecoderParsed,
      gemma3TextOverrides(parsed),
    );
  },
  tensors: (spec) => decoderModelTensors(spec),
};

/** SiglipVisionConfig's keys and defaults (the siglip-base geometry), as Gemma3Config reads `vision_config`. */
const siglipVisionSchema = z.looseObject({
  model_type: z._default(text(), 'siglip_vision_model'),
  hidden_size: z._default(requiredCount(), 768),
  intermediate_size: z._default(requiredCount(), 3072),
  num_hidden_layers: z._default(layerCount(), 12),
  num_attention_heads: z._default(requiredCount(), 12),
  num_channels: z._default(requiredCount(), 3),
  image_size: z._default(requiredCount(), 224),
  patch_size: z._default(requiredCount(), 16),
  /** SiglipVisionTransformer builds the attention-pooling head unless the config says false. */
  vision_use_head: z._default(flag(), true),
});

const gemma3Schema = z.looseObject({
  architectures: architectures(),
  text_config: z.prefault(gemma3TextSchema, {}),
  vision_config: z.prefault(siglipVisionSchema, {}),
  mm_tokens_per_image: z._default(requiredCount(), 256),
});

/**
 * The vision tower's tensors (SiglipVisionModel under `vision_tower.vision_model`) and the
 * projector's. None is multiplied by text tokens, so none counts towards FLOPs or active parameters.
 */
export function visionTensors(spec: ModelSpec, vision: VisionSpec): TensorInfo[] {
  const d = vision.hiddenSize;
  const tower = 'vision_tower.vision_model';
  const patches = Math.floor(vision.imageSize / vision.patchSize) ** 2;
  const plain = (name: string, shape: number[], encoderLayer: number | null = null) =>
    tensor(name, shape, 'vision', null, { encoderLayer });
  const dense = (prefix: string, out: number, inFeatures: number, encoderLayer: number | null = null) =>
    linear(prefix, out, inFeatures, 'vision', null, true).map((info) => ({ ...info, isMatmul: false, encoderLayer }));
  const layerNorm = (prefix: string, encoderLayer: number | null = null) => [
    plain(`${prefix}.weight`, [d], encoderLayer),
    plain(`${prefix}.bias`, [d], encoderLayer),
  ];
  const tensors = [
    plain(`${tower}.embeddings.patch_embedding.weight`, [d, vision.channels, vision.patchSize, vision.patchSize]),
    plain(`${tower}.embeddings.patch_embedding.bias`, [d]),
    plain(`${tower}.embeddings.position_embedding.weight`, [patches, d]),
  ];
  for (let layer = 0; layer < vision.layers; layer += 1) {
    const prefix = `${tower}.encoder.layers.${layer}`;
    tensors.push(
      // SiglipAttention registers k, v, q, then out.
      ...['k_proj', 'v_proj', 'q_proj', 'out_proj'].flatMap((name) =>
        dense(`${prefix}.self_attn.${name}`, d, d, layer),
      ),
      ...layerNorm(`${prefix}.layer_norm1`, layer),
      ...dense(`${prefix}.mlp.fc1`, vision.ffnSize, d, layer),
      ...dense(`${prefix}.mlp.fc2`, d, vision.ffnSize, layer),
      ...layerNorm(`${prefix}.layer_norm2`, layer),
    );
  }
  tensors.push(...layerNorm(`${tower}.post_layernorm`));
  if (vision.poolingHead) {
    tensors.push(
      plain(`${tower}.head.probe`, [1, 1, d]),
      plain(`${tower}.head.attention.in_proj_weight`, [3 * d, d]),
      plain(`${tower}.head.attention.in_proj_bias`, [3 * d]),
      ...dense(`${tower}.head.attention.out_proj`, d, d),
      ...layerNorm(`${tower}.head.layernorm`),
      ...dense(`${tower}.head.mlp.fc1`, vision.ffnSize, d),
      ...dense(`${tower}.head.mlp.fc2`, d, vision.ffnSize),
    );
  }
  // Gemma3MultiModalProjector: image features are multiplied by a [vision, text] matrix after a (1 + w) RMSNorm.
  tensors.push(
    plain('multi_modal_projector.mm_input_projection_weight', [d, spec.hiddenSize]),
    plain('multi_modal_projector.mm_soft_emb_norm.weight', [d]),
  );
  return tensors;
}

export const gemma3: ArchitectureModule = {
  modelType: 'gemma3',
  configClass: 'Gemma3Config',
  causalLmClass: 'Gemma3ForConditionalGeneration',
  parse(config) {
    const parsed = parseWith(gemma3Schema, config);
    const visionConfig = parsed.vision_config;
    const vision: VisionSpec = {
      modelType: visionConfig.model_type,
      hiddenSize: visionConfig.hidden_size,
      ffnSize: visionConfig.intermediate_size,
      layers: visionConfig.num_hidden_layers,
      heads: visionConfig.num_attention_heads,
      channels: visionConfig.num_channels,
      imageSize: visionConfig.image_size,
      patchSize: visionConfig.patch_size,
      poolingHead: visionConfig.vision_use_head,
      tokensPerImage: parsed.mm_tokens_per_image,
    };
    const text = parsed.text_config;
    return buildDecoderSpec(
      { modelType: 'gemma3', causalLmClass: 'Gemma3ForConditionalGeneration' },
      { ...(text as unknown as DecoderParsed), architectures: parsed.architectures },
      { ...gemma3TextOverrides(text), vision, tensorPrefix: 'language_model.model' },
    );
  },
  // Gemma3ForConditionalGeneration registers the vision tower, the projector, then the language model.
  tensors: (spec) => [...(spec.vision ? visionTensors(spec, spec.vision) : []), ...decoderModelTensors(spec)],
};
