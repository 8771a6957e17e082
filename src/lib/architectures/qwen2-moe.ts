/**
 * Qwen1.5-MoE and Qwen2-MoE (`model_type: "qwen2_moe"`). Defaults are transformers'
 * Qwen2MoeConfig: 60 routed experts of width 1,408, top-4, a shared expert of width 5,632 behind
 * a sigmoid gate, 16 KV heads. A layer is sparse when it is not in `mlp_only_layers` and
 * (index + 1) is a multiple of `decoder_sparse_step`; other layers have a dense MLP of
 * `intermediate_size`. Attention is Qwen2's (q/k/v bias, same window rule).
 */
import * as z from 'zod/mini';
import { ConfigError, describeValue } from '../errors.ts';
import type { ModelSpec } from '../types.ts';
import {
  activationSpec,
  attentionTensors,
  checkKvGroups,
  decoderModelTensors,
  gatedMlpTensors,
  linear,
  normTensors,
  resolveHeadDim,
} from './decoder.ts';
import {
  architectures,
  flag,
  layerCount,
  layerIndex,
  optionalCount,
  parseWith,
  positiveNumber,
  requiredCount,
  text,
} from './fields.ts';
import type { ArchitectureModule } from './module.ts';
import { qwenWindowFields, qwenWindows } from './qwen2.ts';
import { ropeFields, ropeFromConfig } from './rope.ts';

const qwen2MoeConfig = z.looseObject({
  architectures: architectures(),
  hidden_size: requiredCount(),
  num_hidden_layers: layerCount(),
  num_attention_heads: requiredCount(),
  /** Width of the dense MLP on non-sparse layers. Required. */
  intermediate_size: requiredCount(),
  vocab_size: requiredCount(),
  num_key_value_heads: z._default(z.nullable(optionalCount()), 16),
  head_dim: z.nullable(optionalCount()),
  hidden_act: z._default(text(), 'silu'),
  max_position_embeddings: z._default(requiredCount(), 32_768),
  rms_norm_eps: z._default(positiveNumber(), 1e-6),
  tie_word_embeddings: z._default(flag(), false),
  decoder_sparse_step: z._default(requiredCount(), 1),
  moe_intermediate_size: z._default(requiredCount(), 1408),
  shared_expert_intermediate_size: z._default(requiredCount(), 5632),
  num_experts_per_tok: z._default(requiredCount(), 4),
  num_experts: z._default(layerCount(), 60),
  norm_topk_prob: z._default(flag(), false),
  /** Layer indices that keep a dense MLP; null means none. */
  mlp_only_layers: z._default(
    z.nullable(
      z.array(layerIndex(), { error: (issue) => `must be a list of layer indices, got ${describeValue(issue.input)}` }),
    ),
    null,
  ),
  ...qwenWindowFields,
  ...ropeFields(10_000),
});

export const qwen2Moe: ArchitectureModule = {
  modelType: 'qwen2_moe',
  configClass: 'Qwen2MoeConfig',
  causalLmClass: 'Qwen2MoeForCausalLM',
  parse(config) {
    const parsed = parseWith(qwen2MoeConfig, config);
    const heads = parsed.num_attention_heads;
    const kvHeads = parsed.num_key_value_heads ?? heads;
    checkKvGroups(heads, kvHeads);
    if (parsed.num_experts_per_tok > parsed.num_experts) {
      throw new ConfigError(
        'num_experts_per_tok',
        `routes each token to ${parsed.num_experts_per_tok} experts but there are only ${parsed.num_experts}`,
      );
    }
    const layers = parsed.num_hidden_layers;
    const denseOnly = new Set(parsed.mlp_only_layers ?? []);
    const spec: ModelSpec = {
      modelType: 'qwen2_moe',
      architectureClass: parsed.architectures?.[0] ?? 'Qwen2MoeForCausalLM',
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
      moe: {
        experts: parsed.num_experts,
        topK: parsed.num_experts_per_tok,
        expertFfnSize: parsed.moe_intermediate_size,
        sharedExpertFfnSize: parsed.shared_expert_intermediate_size,
        sharedExpertGate: true,
        moeLayers: Array.from(
          { length: layers },
          (_, layer) => !denseOnly.has(layer) && (layer + 1) % parsed.decoder_sparse_step === 0,
        ),
        normalizeTopK: parsed.norm_topk_prob,
      },
      softCapping: { attentionLogits: null, finalLogits: null },
      queryPreAttnScalar: null,
    };
    return spec;
  },
  tensors(spec) {
    const moe = spec.moe;
    if (moe === null) throw new ConfigError(null, 'a Qwen2-MoE spec must describe its experts');
    return decoderModelTensors(spec, (prefix, layer) => {
      const mlp = `${prefix}.mlp`;
      const body = [];
      if (moe.moeLayers[layer]) {
        body.push(...linear(`${mlp}.gate`, moe.experts, spec.hiddenSize, 'router', layer, false));
        for (let expert = 0; expert < moe.experts; expert += 1) {
          body.push(
            ...gatedMlpTensors(`${mlp}.experts.${expert}`, spec, moe.expertFfnSize, 'routedExpert', layer, { expert }),
          );
        }
        if (moe.sharedExpertFfnSize !== null) {
          body.push(...gatedMlpTensors(`${mlp}.shared_expert`, spec, moe.sharedExpertFfnSize, 'sharedExpert', layer));
        }
        if (moe.sharedExpertGate) {
          body.push(...linear(`${mlp}.shared_expert_gate`, 1, spec.hiddenSize, 'sharedExpertGate', layer, false));
        }
      } else {
        body.push(...gatedMlpTensors(mlp, spec, spec.ffnSize, 'mlp', layer));
      }
      return [
        ...attentionTensors(`${prefix}.self_attn`, spec, layer),
        ...body,
        ...normTensors(`${prefix}.input_layernorm`, spec, layer),
        ...normTensors(`${prefix}.post_attention_layernorm`, spec, layer),
      ];
    });
  },
};
