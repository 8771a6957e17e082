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
import type { CheckpointBuffer } from '../hub-record.ts';
import type { LayerSpec, TensorInfo } from '../types.ts';
import { activationSpec, resolveHeadDim } from './base.ts';
import { normTensors, tensor } from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  optionalCount,
  parseWith,
  positiveNumber,
  quantizationConfig,
  quantizationOf,
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
  quantization_config: quantizationConfig(),
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
    // Multi-head attention with learned absolute positions: every layer alike, all global.
    const layer: LayerSpec = {
      attention: {
        kind: 'gqa',
        heads,
        kvHeads: heads,
        headDim: resolveHeadDim(null, hiddenSize, heads, 'n_head'),
        sinks: false,
      },
      reach: { kind: 'global' },
      position: { kind: 'learned' },
      mlp: { kind: 'dense', ffnSize: parsed.n_inner ?? 4 * hiddenSize },
    };
    return {
      modelType: 'gpt2',
      architectureClass: parsed.architectures?.[0] ?? 'GPT2LMHeadModel',
      hiddenSize,
      ffnSize: parsed.n_inner ?? 4 * hiddenSize,
      vocabSize: parsed.vocab_size,
      maxContextTokens: parsed.n_positions,
      norm: {
        kind: 'layernorm',
        epsilon: parsed.layer_norm_epsilon,
        hasBias: true,
        unitOffset: false,
        layerNorms: ['ln_1', 'ln_2'],
        qkNorm: false,
      },
      activation: activationSpec(parsed.activation_function, false),
      bias: { qkv: true, attentionOutput: true, mlp: true },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: { kind: 'learned', maxPositions: parsed.n_positions },
      softCapping: { attentionLogits: null, finalLogits: null },
      queryPreAttnScalar: null,
      decoderLayers: Array.from({ length: parsed.n_layer }, () => layer),
      moeNaming: null,
      vision: null,
      tensorPrefix: 'model',
      multiTokenPredictionLayers: 0,
      quantization: quantizationOf(parsed.quantization_config),
    };
  },
  tensors(spec) {
    const d = spec.hiddenSize;
    const tensors: TensorInfo[] = [
      tensor('transformer.wte.weight', [spec.vocabSize, d], 'tokenEmbedding', null),
      tensor('transformer.wpe.weight', [spec.maxContextTokens, d], 'positionEmbedding', null),
    ];
    spec.decoderLayers.forEach((layerSpec, layer) => {
      const prefix = `transformer.h.${layer}`;
      const ffnSize = layerSpec.mlp.kind === 'dense' ? layerSpec.mlp.ffnSize : spec.ffnSize;
      tensors.push(
        ...normTensors(`${prefix}.ln_1`, spec, layer),
        ...conv1d(`${prefix}.attn.c_attn`, d, 3 * d, 'attention', layer),
        ...conv1d(`${prefix}.attn.c_proj`, d, d, 'attention', layer),
        ...normTensors(`${prefix}.ln_2`, spec, layer),
        ...conv1d(`${prefix}.mlp.c_fc`, d, ffnSize, 'mlp', layer),
        ...conv1d(`${prefix}.mlp.c_proj`, ffnSize, d, 'mlp', layer),
      );
    });
    tensors.push(...normTensors('transformer.ln_f', spec, null));
    if (!spec.tiedEmbeddings) {
      tensors.push(tensor('lm_head.weight', [spec.vocabSize, d], 'lmHead', null, { isMatmul: true }));
    }
    return tensors;
  },
  optionalBufferSets(spec) {
    // The 2019 checkpoints were saved from GPT2Model with every layer's causal mask; some also
    // hold a scalar masked_bias per layer. Either set is stored whole, or not at all.
    const layers = spec.decoderLayers.length;
    const side = spec.maxContextTokens;
    const mask: CheckpointBuffer = {
      tensors: 'h.{layer}.attn.bias',
      shape: [1, 1, side, side],
      count: layers,
      elements: layers * side * side,
      dtype: 'F32',
      explanation:
        "The 2019 checkpoint stores each layer's causal mask (a registered buffer, not a parameter); " +
        "a count read off the checkpoint, like the Hub page's, includes these elements.",
    };
    const maskedBias: CheckpointBuffer = {
      tensors: 'h.{layer}.attn.masked_bias',
      shape: [],
      count: layers,
      elements: layers,
      dtype: 'F32',
      explanation: 'A scalar fill value for masked scores that older GPT-2 checkpoints store per layer.',
    };
    return [[mask], [mask, maskedBias]];
  },
};
