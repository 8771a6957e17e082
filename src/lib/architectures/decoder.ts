/**
 * The tensors of a decoder, built layer by layer from the per-layer description: each layer's
 * attention by its kind (GQA or MLA), its MLP by its kind (dense or MoE), its norms by name. Every
 * Llama-style architecture (Llama, Mistral, Mixtral, Gemma, Gemma 2, Qwen2, Qwen2-MoE, and the
 * 2025 families) uses these builders; a module overrides names only where its checkpoint differs.
 */
import { ConfigError } from '../errors.ts';
import type { AttentionSpec, LayerSpec, MlpSpec, ModelSpec, TensorInfo, TensorRole } from '../types.ts';

/** Builds one tensor record; the element count is the product of the shape. */
export function tensor(
  name: string,
  shape: number[],
  role: TensorRole,
  layer: number | null,
  options: { experts?: number | null; stacked?: boolean; encoderLayer?: number | null; isMatmul?: boolean } = {},
): TensorInfo {
  const parameters = shape.reduce((product, extent) => product * extent, 1);
  if (!Number.isSafeInteger(parameters)) {
    throw new ConfigError(null, `tensor ${name} would hold ${parameters} elements: the sizes are not realistic`);
  }
  return {
    name,
    shape,
    parameters,
    role,
    layer,
    experts: options.experts ?? null,
    stacked: options.stacked ?? false,
    encoderLayer: options.encoderLayer ?? null,
    isMatmul: options.isMatmul ?? false,
  };
}

/** An nn.Linear: weight [out, in] (multiplied by every token) and, when present, bias [out]. */
export function linear(
  prefix: string,
  outFeatures: number,
  inFeatures: number,
  role: TensorRole,
  layer: number | null,
  hasBias: boolean,
  experts: number | null = null,
): TensorInfo[] {
  const weight = tensor(`${prefix}.weight`, [outFeatures, inFeatures], role, layer, { experts, isMatmul: true });
  return hasBias ? [weight, tensor(`${prefix}.bias`, [outFeatures], role, layer, { experts })] : [weight];
}

/** An RMSNorm or LayerNorm of `width` features: a weight vector, plus a bias for LayerNorm. */
export function normTensors(
  prefix: string,
  spec: ModelSpec,
  layer: number | null,
  width = spec.hiddenSize,
): TensorInfo[] {
  const weight = tensor(`${prefix}.weight`, [width], 'norm', layer);
  return spec.norm.hasBias ? [weight, tensor(`${prefix}.bias`, [width], 'norm', layer)] : [weight];
}

/**
 * A layer's attention block.
 * - GQA: q/k/v/o with the biases the spec asks for, then per-head q/k norms when the model has them
 *   (Qwen3Attention registers q_norm and k_norm after o_proj).
 * - MLA (DeepSeek-V2/V3 names): queries through a low-rank `q_a_proj` → `q_a_layernorm` → `q_b_proj`
 *   (or one `q_proj` when q_lora_rank is null); `kv_a_proj_with_mqa` makes the latent plus the shared
 *   rotary key, `kv_a_layernorm` normalises the latent, `kv_b_proj` decompresses it into every
 *   head's position-free key and value; `o_proj` maps heads × v_head_dim back.
 */
export function attentionTensors(
  prefix: string,
  spec: ModelSpec,
  attention: AttentionSpec,
  layer: number,
): TensorInfo[] {
  const d = spec.hiddenSize;
  if (attention.kind === 'gqa') {
    const queryFeatures = attention.heads * attention.headDim;
    const kvFeatures = attention.kvHeads * attention.headDim;
    const tensors = [
      ...linear(`${prefix}.q_proj`, queryFeatures, d, 'attention', layer, spec.bias.qkv),
      ...linear(`${prefix}.k_proj`, kvFeatures, d, 'attention', layer, spec.bias.qkv),
      ...linear(`${prefix}.v_proj`, kvFeatures, d, 'attention', layer, spec.bias.qkv),
      ...linear(`${prefix}.o_proj`, d, queryFeatures, 'attention', layer, spec.bias.attentionOutput),
    ];
    // GptOssAttention registers its per-head sink logits right after o_proj.
    if (attention.sinks) tensors.push(tensor(`${prefix}.sinks`, [attention.heads], 'attention', layer));
    if (spec.norm.qkNorm) {
      tensors.push(
        ...normTensors(`${prefix}.q_norm`, spec, layer, attention.headDim),
        ...normTensors(`${prefix}.k_norm`, spec, layer, attention.headDim),
      );
    }
    return tensors;
  }
  const qkHeadDim = attention.qkNopeHeadDim + attention.qkRopeHeadDim;
  const queryFeatures = attention.heads * qkHeadDim;
  const queries =
    attention.qLoraRank === null
      ? linear(`${prefix}.q_proj`, queryFeatures, d, 'attention', layer, false)
      : [
          ...linear(`${prefix}.q_a_proj`, attention.qLoraRank, d, 'attention', layer, spec.bias.qkv),
          ...normTensors(`${prefix}.q_a_layernorm`, spec, layer, attention.qLoraRank),
          ...linear(`${prefix}.q_b_proj`, queryFeatures, attention.qLoraRank, 'attention', layer, false),
        ];
  return [
    ...queries,
    ...linear(
      `${prefix}.kv_a_proj_with_mqa`,
      attention.kvLoraRank + attention.qkRopeHeadDim,
      d,
      'attention',
      layer,
      spec.bias.qkv,
    ),
    ...normTensors(`${prefix}.kv_a_layernorm`, spec, layer, attention.kvLoraRank),
    ...linear(
      `${prefix}.kv_b_proj`,
      attention.heads * (attention.qkNopeHeadDim + attention.vHeadDim),
      attention.kvLoraRank,
      'attention',
      layer,
      false,
    ),
    ...linear(
      `${prefix}.o_proj`,
      d,
      attention.heads * attention.vHeadDim,
      'attention',
      layer,
      spec.bias.attentionOutput,
    ),
  ];
}

const COMMON_PROJECTIONS: ['gate' | 'up' | 'down', string][] = [
  ['gate', 'gate_proj'],
  ['up', 'up_proj'],
  ['down', 'down_proj'],
];

/**
 * A gated MLP (gate, up, down) of width `ffnSize`, its matrices in the given registration order.
 * With `experts`, one record per matrix stands for that matrix in every routed expert.
 */
export function gatedMlpTensors(
  prefix: string,
  spec: ModelSpec,
  ffnSize: number,
  role: TensorRole,
  layer: number,
  options: { experts?: number | null; projections?: ['gate' | 'up' | 'down', string][] } = {},
): TensorInfo[] {
  const d = spec.hiddenSize;
  const experts = options.experts ?? null;
  return (options.projections ?? COMMON_PROJECTIONS).flatMap(([kind, name]) =>
    kind === 'down'
      ? linear(`${prefix}.${name}`, d, ffnSize, role, layer, spec.bias.mlp, experts)
      : linear(`${prefix}.${name}`, ffnSize, d, role, layer, spec.bias.mlp, experts),
  );
}

/**
 * Routed experts stored stacked (gpt-oss's GptOssExperts): per matrix one [experts, in, out]
 * parameter, gate and up fused into `gate_up_proj` of width 2·ffnSize, each followed by its bias.
 */
function stackedExpertTensors(prefix: string, spec: ModelSpec, ffnSize: number, layer: number, experts: number) {
  const d = spec.hiddenSize;
  const options = { experts, stacked: true };
  const matrix = (name: string, shape: number[]) =>
    tensor(`${prefix}.${name}`, shape, 'routedExpert', layer, { ...options, isMatmul: true });
  const bias = (name: string, width: number) =>
    spec.bias.mlp ? [tensor(`${prefix}.${name}_bias`, [width], 'routedExpert', layer, options)] : [];
  return [
    matrix('gate_up_proj', [d, 2 * ffnSize]),
    ...bias('gate_up_proj', 2 * ffnSize),
    matrix('down_proj', [ffnSize, d]),
    ...bias('down_proj', d),
  ];
}

/**
 * A layer's MLP block: a dense gated MLP, or router + routed experts + shared expert (+ its gate).
 * Names follow `spec.moeNaming` where a checkpoint differs from `mlp.gate` / `mlp.experts.E.gate_proj`.
 */
export function mlpTensors(prefix: string, spec: ModelSpec, mlp: MlpSpec, layer: number): TensorInfo[] {
  if (mlp.kind === 'dense') return gatedMlpTensors(`${prefix}.mlp`, spec, mlp.ffnSize, 'mlp', layer);
  const naming = spec.moeNaming;
  const block = `${prefix}.${naming?.block ?? 'mlp'}`;
  const router = `${block}.${naming?.router ?? 'gate'}`;
  const tensors = [
    tensor(`${router}.weight`, [mlp.experts, spec.hiddenSize], 'router', layer, { isMatmul: true }),
    ...(mlp.routerBias ? [tensor(`${router}.${naming?.routerBias ?? 'bias'}`, [mlp.experts], 'router', layer)] : []),
    ...(naming?.experts === 'stacked'
      ? stackedExpertTensors(`${block}.experts`, spec, mlp.expertFfnSize, layer, mlp.experts)
      : gatedMlpTensors(`${block}.experts.{expert}`, spec, mlp.expertFfnSize, 'routedExpert', layer, {
          experts: mlp.experts,
          ...(naming ? { projections: naming.projections } : {}),
        })),
  ];
  if (mlp.sharedExpertFfnSize !== null) {
    const shared = `${block}.${naming?.sharedExpert ?? 'shared_expert'}`;
    tensors.push(...gatedMlpTensors(shared, spec, mlp.sharedExpertFfnSize, 'sharedExpert', layer));
  }
  if (mlp.sharedExpertGate) {
    tensors.push(...linear(`${block}.shared_expert_gate`, 1, spec.hiddenSize, 'sharedExpertGate', layer, false));
  }
  return tensors;
}

/** A whole Llama-style decoder layer: attention, MLP, then its norms in registration order. */
export function decoderLayerTensors(
  prefix: string,
  spec: ModelSpec,
  layerSpec: LayerSpec,
  layer: number,
): TensorInfo[] {
  return [
    ...attentionTensors(`${prefix}.self_attn`, spec, layerSpec.attention, layer),
    ...mlpTensors(prefix, spec, layerSpec.mlp, layer),
    ...spec.norm.layerNorms.flatMap((name) => normTensors(`${prefix}.${name}`, spec, layer)),
  ];
}

/**
 * The whole Llama-style model: `model.embed_tokens`, every `model.layers.N.*`, the final
 * `model.norm`, and `lm_head` unless the embeddings are tied. Order follows module registration
 * order, which is the order `state_dict()` lists.
 */
export function decoderModelTensors(
  spec: ModelSpec,
  layerTensors: (prefix: string, layerSpec: LayerSpec, layer: number) => TensorInfo[] = (prefix, layerSpec, layer) =>
    decoderLayerTensors(prefix, spec, layerSpec, layer),
): TensorInfo[] {
  const model = spec.tensorPrefix;
  const tensors = [tensor(`${model}.embed_tokens.weight`, [spec.vocabSize, spec.hiddenSize], 'tokenEmbedding', null)];
  spec.decoderLayers.forEach((layerSpec, layer) =>
    tensors.push(...layerTensors(`${model}.layers.${layer}`, layerSpec, layer)),
  );
  tensors.push(...normTensors(`${model}.norm`, spec, null));
  if (!spec.tiedEmbeddings) {
    // `model.norm` → `lm_head`; `language_model.model.norm` → `language_model.lm_head`.
    const head = model.replace(/(^|\.)model$/, '$1lm_head');
    tensors.push(tensor(`${head}.weight`, [spec.vocabSize, spec.hiddenSize], 'lmHead', null, { isMatmul: true }));
  }
  return tensors;
}
