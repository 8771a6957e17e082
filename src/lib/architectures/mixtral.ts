/**
 * Mixtral 8x7B, 8x22B (`model_type: "mixtral"`): Mistral's attention with a sparse MoE MLP in
 * every layer. Defaults are transformers' MixtralConfig (8 experts, top-2, 8 KV heads, no window).
 * Checkpoint names keep Mixtral's own `block_sparse_moe.experts.E.w1/w2/w3` (w1 = gate,
 * w3 = up, w2 = down); transformers 5 fuses the experts in memory, the checkpoints do not.
 */
import * as z from 'zod/mini';
import type { ModelSpec } from '../types.ts';
import {
  activationSpec,
  attentionTensors,
  checkKvGroups,
  decoderModelTensors,
  linear,
  normTensors,
  resolveHeadDim,
  uniformWindows,
  windowsFromLayerTypes,
} from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  layerTypes,
  optionalCount,
  parseWith,
  positiveNumber,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';
import { ropeFields, ropeFromConfig } from './rope.ts';
import { ConfigError } from '../errors.ts';

const mixtralConfig = z.looseObject({
  architectures: architectures(),
  hidden_size: requiredCount(),
  num_hidden_layers: layerCount(),
  num_attention_heads: requiredCount(),
  /** Hidden width of each expert's SwiGLU MLP. Required. */
  intermediate_size: requiredCount(),
  vocab_size: requiredCount(),
  num_key_value_heads: z._default(z.nullable(optionalCount()), 8),
  head_dim: z.nullable(optionalCount()),
  hidden_act: z._default(text(), 'silu'),
  max_position_embeddings: z._default(requiredCount(), 4096 * 32),
  rms_norm_eps: z._default(positiveNumber(), 1e-5),
  tie_word_embeddings: z._default(flag(), false),
  sliding_window: z._default(z.nullable(requiredCount()), null),
  layer_types: layerTypes(),
  /** Routed experts per layer. */
  num_local_experts: z._default(layerCount(), 8),
  /** Experts each token uses. */
  num_experts_per_tok: z._default(requiredCount(), 2),
  ...ropeFields(1_000_000),
});

export const mixtral: ArchitectureModule = {
  modelType: 'mixtral',
  configClass: 'MixtralConfig',
  causalLmClass: 'MixtralForCausalLM',
  parse(config) {
    const parsed = parseWith(mixtralConfig, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    if (parsed.num_experts_per_tok > parsed.num_local_experts) {
      throw new ConfigError(
        'num_experts_per_tok',
        `routes each token to ${parsed.num_experts_per_tok} experts but there are only ${parsed.num_local_experts}`,
      );
    }
    const layers = parsed.num_hidden_layers;
    const spec: ModelSpec = {
      modelType: 'mixtral',
      architectureClass: parsed.architectures?.[0] ?? 'MixtralForCausalLM',
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
      bias: { qkv: false, attentionOutput: false, mlp: false },
      tiedEmbeddings: parsed.tie_word_embeddings,
      position: ropeFromConfig(parsed),
      layerWindows: parsed.layer_types
        ? windowsFromLayerTypes(parsed.layer_types, layers, parsed.sliding_window)
        : uniformWindows(layers, parsed.sliding_window),
      moe: {
        experts: parsed.num_local_experts,
        topK: parsed.num_experts_per_tok,
        expertFfnSize: parsed.intermediate_size,
        sharedExpertFfnSize: null,
        sharedExpertGate: false,
        moeLayers: Array.from({ length: layers }, () => true),
        // MixtralSparseMoeBlock renormalises the top-k softmax weights.
        normalizeTopK: true,
      },
      softCapping: { attentionLogits: null, finalLogits: null },
      queryPreAttnScalar: null,
    };
    return spec;
  },
  tensors(spec) {
    const moe = spec.moe;
    if (moe === null) throw new ConfigError(null, 'a Mixtral spec must describe its experts');
    return decoderModelTensors(spec, (prefix, layer) => {
      const block = `${prefix}.block_sparse_moe`;
      const experts = [];
      for (let expert = 0; expert < moe.experts; expert += 1) {
        // MixtralBlockSparseTop2MLP registers w1 (gate), w2 (down), w3 (up), in that order.
        const name = `${block}.experts.${expert}`;
        const d = spec.hiddenSize;
        experts.push(
          ...linear(`${name}.w1`, moe.expertFfnSize, d, 'routedExpert', layer, false, expert),
          ...linear(`${name}.w2`, d, moe.expertFfnSize, 'routedExpert', layer, false, expert),
          ...linear(`${name}.w3`, moe.expertFfnSize, d, 'routedExpert', layer, false, expert),
        );
      }
      return [
        ...attentionTensors(`${prefix}.self_attn`, spec, layer),
        ...linear(`${block}.gate`, moe.experts, spec.hiddenSize, 'router', layer, false),
        ...experts,
        ...normTensors(`${prefix}.input_layernorm`, spec, layer),
        ...normTensors(`${prefix}.post_attention_layernorm`, spec, layer),
      ];
    });
  },
};
