/**
 * gpt-oss (`model_type: "gpt_oss"`): a Llama-style MoE decoder with three things of its own.
 * - Every query head has a learned attention sink (`self_attn.sinks`, one logit per head), and
 *   q, k, v and o carry biases (`attention_bias`, true by default).
 * - Layers alternate a 128-token sliding window (even indices) with global attention (odd ones),
 *   unless `layer_types` lists them.
 * - The router (`mlp.router`) has a bias, and the experts are stacked: `mlp.experts.gate_up_proj`
 *   of [experts, hidden, 2·intermediate] (gate and up interleaved) and `down_proj` of
 *   [experts, intermediate, hidden], each with a bias.
 * Released checkpoints store the experts as MXFP4 (`quant_method: "mxfp4"`): see {@link mxfp4Scales}.
 * Defaults are transformers' GptOssConfig, including its YaRN rope_scaling.
 */
import * as z from 'zod/mini';
import { ConfigError } from '../errors.ts';
import type { CheckpointBuffer } from '../hub-record.ts';
import type { ModelSpec } from '../types.ts';
import { decoderFields, decoderModule, gqaAttention, reachFromLayerTypes, routedMlp, windowReach } from './base.ts';
import { flag, layerCount, requiredCount, ropeScaling, slidingWindow } from './fields.ts';

/** The rope_scaling GptOssConfig applies when a config has none: YaRN from 4,096 to 131,072 tokens. */
const GPT_OSS_ROPE_SCALING = {
  rope_type: 'yarn',
  factor: 32,
  beta_fast: 32,
  beta_slow: 1,
  truncate: false,
  original_max_position_embeddings: 4096,
};

/** Weights per MXFP4 block: 32 four-bit values (16 bytes) share one 8-bit power-of-two scale. */
export const MXFP4_BLOCK_WEIGHTS = 32;

/**
 * What an MXFP4 checkpoint stores beyond the parameters. Each expert matrix is split into
 * `*_blocks` (U8, two 4-bit weights per byte) and `*_scales` (U8, one per 32 weights along the
 * input). The Hub counts a U8 element as a parameter, but knows the blocks pack two, so blocks
 * count exactly as the weights do; the scales are the surplus, one per 32 weights.
 */
export function mxfp4Scales(spec: ModelSpec): CheckpointBuffer[] {
  if (spec.quantization?.method !== 'mxfp4') return [];
  const d = spec.hiddenSize;
  const byShape = new Map<string, CheckpointBuffer>();
  const add = (name: string, shape: number[], [explanation, explanationKo]: [string, string]) => {
    const key = `${name} ${shape.join('x')}`;
    const elements = shape.reduce((product, extent) => product * extent, 1);
    const term = byShape.get(key);
    if (term === undefined) {
      byShape.set(key, { tensors: name, shape, count: 1, elements, dtype: 'U8', explanation, explanationKo });
    } else {
      term.count += 1;
      term.elements += elements;
    }
  };
  for (const layer of spec.decoderLayers) {
    if (layer.mlp.kind !== 'moe') continue;
    const { experts, expertFfnSize } = layer.mlp;
    const why = (matrix: string, inFeatures: string): [string, string] => [
      `MXFP4: ${matrix} is stored as ${matrix}_blocks (U8, two 4-bit weights per byte, which the Hub counts as two ` +
        `parameters each, so they count as the weights do) and ${matrix}_scales (U8, one shared exponent per 32 weights ` +
        `along the ${inFeatures} input features), which the Hub counts too.`,
      `MXFP4: ${matrix}는 ${matrix}_blocks(U8, 바이트 하나에 4비트 가중치 둘. Hub가 원소 하나를 파라미터 둘로 세므로 ` +
        `가중치 수와 같아짐)와 ${matrix}_scales(U8, ${inFeatures} 입력 특징을 따라 가중치 32개마다 공유 지수 하나)로 ` +
        `저장되며, Hub는 스케일도 셉니다.`,
    ];
    add(
      'model.layers.{layer}.mlp.experts.gate_up_proj_scales',
      [experts, 2 * expertFfnSize, d / MXFP4_BLOCK_WEIGHTS],
      why('gate_up_proj', 'hidden'),
    );
    add(
      'model.layers.{layer}.mlp.experts.down_proj_scales',
      [experts, d, expertFfnSize / MXFP4_BLOCK_WEIGHTS],
      why('down_proj', 'intermediate'),
    );
  }
  return [...byShape.values()];
}

export const gptOss = decoderModule({
  modelType: 'gpt_oss',
  configClass: 'GptOssConfig',
  causalLmClass: 'GptOssForCausalLM',
  schema: z.looseObject({
    ...decoderFields({
      num_key_value_heads: 8,
      head_dim: 64,
      hidden_act: 'silu',
      max_position_embeddings: 131_072,
      rms_norm_eps: 1e-5,
      tie_word_embeddings: false,
      rope_theta: 150_000,
    }),
    attention_bias: z._default(flag(), true),
    rope_scaling: z._default(ropeScaling(), GPT_OSS_ROPE_SCALING),
    sliding_window: slidingWindow(128),
    num_local_experts: z._default(layerCount(), 128),
    num_experts_per_tok: z._default(requiredCount(), 4),
  }),
  describe(parsed) {
    if (parsed.quantization_config?.quant_method === 'mxfp4') {
      // MXFP4 packs each expert row in blocks of 32 weights along its input: both widths must divide.
      for (const key of ['hidden_size', 'intermediate_size'] as const) {
        if (parsed[key] % MXFP4_BLOCK_WEIGHTS !== 0) {
          throw new ConfigError(
            key,
            `is ${parsed[key]}, not a multiple of the ${MXFP4_BLOCK_WEIGHTS}-weight blocks quantization_config "mxfp4" packs experts in`,
          );
        }
      }
    }
    const layers = parsed.num_hidden_layers;
    const window = parsed.sliding_window;
    const local = windowReach(window);
    const attention = { ...gqaAttention(parsed), sinks: true };
    const moe = routedMlp({
      experts: parsed.num_local_experts,
      topK: parsed.num_experts_per_tok,
      expertFfnSize: parsed.intermediate_size,
      routerBias: true,
      // GptOssTopKRouter takes the top-k logits first and softmaxes over those k: the weights sum to 1.
      normalizeTopK: true,
    });
    return {
      bias: { qkv: parsed.attention_bias, attentionOutput: parsed.attention_bias, mlp: true },
      // GptOssConfig.layer_types: "sliding_attention" when (i + 1) % 2 is 1, i.e. on even i.
      reach: parsed.layer_types
        ? reachFromLayerTypes(parsed.layer_types, layers, window)
        : Array.from({ length: layers }, (_, layer) => (layer % 2 === 0 ? local : { kind: 'global' })),
      attention: () => attention,
      mlp: () => moe,
      moeNaming: {
        block: 'mlp',
        router: 'router',
        routerBias: 'bias',
        experts: 'stacked',
        projections: [
          ['gate', 'gate_proj'],
          ['up', 'up_proj'],
          ['down', 'down_proj'],
        ],
        sharedExpert: 'shared_expert',
      },
    };
  },
  storedExtras: mxfp4Scales,
  quantizationMethods: ['mxfp4'],
});
