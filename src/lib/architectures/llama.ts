/**
 * Llama 2, 3, 3.1, 3.2 (`model_type: "llama"`): the common decoder, as it is.
 * Defaults are transformers' LlamaConfig: absent `num_key_value_heads` means MHA (= heads),
 * untied embeddings, no biases unless `attention_bias` / `mlp_bias` say so, θ = 10,000.
 * Checkpoints saved by transformers before 4.31 also store every layer's rotary `inv_freq`.
 */
import * as z from 'zod/mini';
import { decoderFields, decoderModule } from './base.ts';

export const llama = decoderModule({
  modelType: 'llama',
  configClass: 'LlamaConfig',
  causalLmClass: 'LlamaForCausalLM',
  schema: z.looseObject(
    decoderFields({
      num_key_value_heads: null,
      head_dim: null,
      hidden_act: 'silu',
      max_position_embeddings: 2048,
      rms_norm_eps: 1e-6,
      tie_word_embeddings: false,
      rope_theta: 10_000,
    }),
  ),
  optionalBufferSets(spec) {
    const layers = spec.decoderLayers.length;
    const attention = spec.decoderLayers[0]?.attention;
    const half = attention?.kind === 'gqa' ? attention.headDim / 2 : 0;
    return [
      [
        {
          tensors: 'model.layers.{layer}.self_attn.rotary_emb.inv_freq',
          shape: [half],
          count: layers,
          elements: layers * half,
          dtype: 'F32',
          explanation:
            'Rotary inverse frequencies, a persistent buffer in checkpoints saved by transformers before 4.31; ' +
            'a count read off the checkpoint includes them.',
        },
      ],
    ];
  },
});
