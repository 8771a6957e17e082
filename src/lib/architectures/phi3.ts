/**
 * Phi-3 and Phi-4 (`model_type: "phi3"`): the Llama decoder with two layout changes and two
 * attention options. The checkpoint stores q, k and v fused as one `qkv_proj` of
 * (heads + 2·kvHeads)·head_dim rows, and gate and up fused as one `gate_up_proj` of
 * 2·intermediate_size rows (gate first); none of them has a bias. Every layer slides when
 * `sliding_window` is set (Phi-3-mini: 2,047), and `partial_rotary_factor` rotates only that
 * fraction of each head (Phi-4-mini: 0.75). Defaults are transformers' Phi3Config.
 */
import * as z from 'zod/mini';
import { ConfigError } from '../errors.ts';
import type { ModelSpec, TensorInfo } from '../types.ts';
import { decoderFields, decoderModule, uniformReach } from './base.ts';
import { linear, normTensors, decoderModelTensors } from './decoder.ts';
import { positiveNumber, slidingWindow } from './fields.ts';
import { NO_BIAS } from './mistral.ts';
import { layerTypeOf, ropeForLayerType } from './rope.ts';

function fusedLayerTensors(spec: ModelSpec, prefix: string, layer: number): TensorInfo[] {
  const layerSpec = spec.decoderLayers[layer];
  const attention = layerSpec?.attention;
  if (attention?.kind !== 'gqa' || layerSpec?.mlp.kind !== 'dense') {
    throw new ConfigError(null, `phi3 layer ${layer} is not grouped-query attention with a dense MLP`);
  }
  const d = spec.hiddenSize;
  const ffn = layerSpec.mlp.ffnSize;
  return [
    // Phi3Attention registers o_proj before qkv_proj.
    ...linear(`${prefix}.self_attn.o_proj`, d, attention.heads * attention.headDim, 'attention', layer, false),
    ...linear(
      `${prefix}.self_attn.qkv_proj`,
      (attention.heads + 2 * attention.kvHeads) * attention.headDim,
      d,
      'attention',
      layer,
      false,
    ),
    ...linear(`${prefix}.mlp.gate_up_proj`, 2 * ffn, d, 'mlp', layer, false),
    ...linear(`${prefix}.mlp.down_proj`, d, ffn, 'mlp', layer, false),
    ...spec.norm.layerNorms.flatMap((name) => normTensors(`${prefix}.${name}`, spec, layer)),
  ];
}

export const phi3 = decoderModule({
  modelType: 'phi3',
  configClass: 'Phi3Config',
  causalLmClass: 'Phi3ForCausalLM',
  schema: z.looseObject({
    ...decoderFields({
      num_key_value_heads: null,
      head_dim: null,
      hidden_act: 'silu',
      max_position_embeddings: 4096,
      rms_norm_eps: 1e-5,
      tie_word_embeddings: false,
      rope_theta: 10_000,
    }),
    sliding_window: slidingWindow(null),
    partial_rotary_factor: z._default(positiveNumber(), 1),
  }),
  describe(parsed) {
    const fraction = parsed.partial_rotary_factor;
    if (fraction > 1) {
      throw new ConfigError('partial_rotary_factor', `must be at most 1 (the whole head), got ${fraction}`);
    }
    return {
      bias: NO_BIAS,
      reach: uniformReach(parsed.num_hidden_layers, parsed.sliding_window),
      position: (_layer, reach) => {
        const rope = ropeForLayerType(parsed, layerTypeOf(reach));
        return fraction < 1 ? { ...rope, rotaryFraction: fraction } : rope;
      },
    };
  },
  tensors: (spec) => decoderModelTensors(spec, (prefix, _layerSpec, layer) => fusedLayerTensors(spec, prefix, layer)),
});
