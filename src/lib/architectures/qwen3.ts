/**
 * Qwen3 (`model_type: "qwen3"`): Qwen2 with three changes. Each attention head normalises its
 * query and key (`self_attn.q_norm`, `k_norm`, RMSNorm of width head_dim); `head_dim` is explicit
 * (128 by default, so Qwen3-4B's 32 heads are 4,096 wide over a 2,560-wide residual stream); and
 * the q/k/v bias is gone (one `attention_bias` flag for q, k, v and o, false by default). The
 * sliding-window keys keep Qwen2's `use_sliding_window` / `max_window_layers` rule. Defaults are
 * transformers' Qwen3Config.
 */
import * as z from 'zod/mini';
import type { CheckpointBuffer } from '../hub-record.ts';
import type { ModelSpec } from '../types.ts';
import { decoderFields, decoderModule } from './base.ts';
import { QWEN2_DEFAULTS, qwenReach, qwenWindowFields } from './qwen2.ts';

/**
 * Some tied Qwen3 checkpoints (Qwen3-0.6B) store `lm_head.weight` although the model ties it to
 * the embedding: the Hub's count then holds the embedding twice. The config cannot tell.
 */
export function storedTiedHead(spec: ModelSpec): CheckpointBuffer[][] {
  if (!spec.tiedEmbeddings) return [];
  const elements = spec.vocabSize * spec.hiddenSize;
  return [
    [
      {
        tensors: 'lm_head.weight',
        shape: [spec.vocabSize, spec.hiddenSize],
        count: 1,
        elements,
        dtype: 'BF16',
        explanation:
          'The output head, stored although tie_word_embeddings is true: the model loads it as the embedding matrix ' +
          '(one set of parameters), but the checkpoint file holds a second copy, which the Hub counts.',
      },
    ],
  ];
}

export const qwen3 = decoderModule({
  modelType: 'qwen3',
  configClass: 'Qwen3Config',
  causalLmClass: 'Qwen3ForCausalLM',
  schema: z.looseObject({ ...decoderFields({ ...QWEN2_DEFAULTS, head_dim: 128 }), ...qwenWindowFields }),
  describe: (parsed) => ({ qkNorm: true, reach: qwenReach(parsed) }),
  optionalBufferSets: storedTiedHead,
});
