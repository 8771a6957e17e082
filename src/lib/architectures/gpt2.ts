/**
 * GPT-2 (`model_type: "gpt2"`): learned absolute positions, LayerNorm with biases, a plain GELU
 * MLP of width 4 × n_embd (unless `n_inner` says otherwise), tied embeddings, biases everywhere.
 *
 * Its linear layers are Conv1D modules, which store the weight as [in, out], the transpose of
 * nn.Linear: `c_attn.weight` is [768, 2304] for gpt2, q, k and v fused along the output.
 * Names are GPT2LMHeadModel's state-dict names (`transformer.h.N.…`); the 2019 checkpoints on the
 * Hub were saved from GPT2Model and store the same tensors without the `transformer.` prefix,
 * plus a non-parameter causal-mask buffer `h.N.attn.bias` per layer.
 */
import * as z from 'zod/mini';
import type { ModelSpec, TensorInfo } from '../types.ts';
import { activationSpec, normTensors, resolveHeadDim, tensor } from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  optionalCount,
  parseWith,
  positiveNumber,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';

const gpt2Config = z.looseObject({
  architectures: architectures(),
  /** Width of the residual stream. Required. */
  n_embd: requiredCount(),
  /** Decoder layers. Required. */
  n_layer: layerCount(),
  /** Attention heads (MHA: keys and values have as many). Required. */
  n_head: requiredCount(),
  /** Rows of the learned position table, the longest context. Required. */
  n_positions: requiredCount(),
  vocab_size: requiredCount(),
  /** MLP width; absent or null means 4 × n_embd (GPT2Config). */
  n_inner: z.nullable(optionalCount()),
  activation_function: z._default(text(), 'gelu_new'),
  layer_norm_epsilon: z._default(positiveNumber(), 1e-5),
  tie_word_embeddings: z._default(flag(), true),
});

/** A Conv1D: weight [in, out] and bias [out]. */
function conv1d(prefix: string, inFeatures: number, outFeatures: number, role: 'attention' | 'mlp', layer: number) {
  return [
    tensor(`${prefix}.weight`, [inFeatures, outFeatures], role, layer, { isMatmul: true }),
    tensor(`${prefix}.bias`, [outFeatures], role, layer),
  ];
}

export const gpt2: ArchitectureModule = {
  modelType: 'gpt2',
  configClass: 'GPT2Config',
  causalLmClass: 'GPT2LMHeadModel',
  parse(config) {
    const parsed = parseWith(gpt2Config, config);
    const hiddenSize = parsed.n_embd;
    const heads = parsed.n_head;
    const spec: ModelSpec = {
      modelType: 'gpt2',
      architectureClass: parsed.architectures?.[0] ?? 'GPT2LMHeadModel',
      layers: parsed.n_layer,
      hiddenSize,
      heads,
      kvHeads: heads,
      headDim: resolveHeadDim(null, hiddenSize, heads, 'n_head'),
      ffnSize: parsed.n_inner ?? 4 * hiddenSize,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.n_positions,
      norm: { kind: 'layernorm', epsilon: parsed.layer_norm_epsilon, hasBias: true, unitOffset: false, perLayer: 2 },
      activation: activationSpec(parsed.activation_function, false),
      bias: { qkv: true, attentionOutput: true, mlp: true },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: { kind: 'learned', maxPositions: parsed.n_positions },
      layerWindows: Array.from({ length: parsed.n_layer }, () => null),
      moe: null,
      softCapping: { attentionLogits: null, finalLogits: null },
      queryPreAttnScalar: null,
    };
    return spec;
  },
  tensors(spec) {
    const d = spec.hiddenSize;
    const tensors: TensorInfo[] = [
      tensor('transformer.wte.weight', [spec.vocabSize, d], 'tokenEmbedding', null),
      tensor('transformer.wpe.weight', [spec.maxContextTokens, d], 'positionEmbedding', null),
    ];
    for (let layer = 0; layer < spec.layers; layer += 1) {
      const prefix = `transformer.h.${layer}`;
      tensors.push(
        ...normTensors(`${prefix}.ln_1`, spec, layer),
        ...conv1d(`${prefix}.attn.c_attn`, d, 3 * d, 'attention', layer),
        ...conv1d(`${prefix}.attn.c_proj`, d, d, 'attention', layer),
        ...normTensors(`${prefix}.ln_2`, spec, layer),
        ...conv1d(`${prefix}.mlp.c_fc`, d, spec.ffnSize, 'mlp', layer),
        ...conv1d(`${prefix}.mlp.c_proj`, spec.ffnSize, d, 'mlp', layer),
      );
    }
    tensors.push(...normTensors('transformer.ln_f', spec, null));
    if (!spec.tiedEmbeddings) {
      tensors.push(tensor('lm_head.weight', [spec.vocabSize, d], 'lmHead', null, { isMatmul: true }));
    }
    return tensors;
  },
};
