/**
 * Pieces shared by the architecture modules: head geometry checks, per-layer windows, RoPE, and
 * the tensor builders of the Llama-style decoder (`model.layers.N.self_attn.q_proj.weight`, …)
 * that Llama, Mistral, Mixtral, Gemma, Gemma 2, Qwen2 and Qwen2-MoE all reuse.
 */
import { ConfigError, describeValue } from '../errors.ts';
import type { ActivationSpec, ModelSpec, PositionSpec, RopeScalingSpec, TensorInfo, TensorRole } from '../types.ts';

/**
 * Features per head: the config's `head_dim` when it is a number, else hiddenSize / heads, which
 * must then divide exactly (transformers would silently floor it and build a model of another size).
 */
export function resolveHeadDim(
  headDim: number | null | undefined,
  hiddenSize: number,
  heads: number,
  headsKey = 'num_attention_heads',
): number {
  if (typeof headDim === 'number') return headDim;
  if (hiddenSize % heads !== 0) {
    throw new ConfigError(
      headsKey,
      `hidden size ${hiddenSize} is not divisible by ${heads} heads, and the config sets no head_dim`,
    );
  }
  return hiddenSize / heads;
}

/** Grouped-query attention needs every KV head to serve the same number of query heads. */
export function checkKvGroups(heads: number, kvHeads: number, kvKey = 'num_key_value_heads'): void {
  if (kvHeads > heads || heads % kvHeads !== 0) {
    throw new ConfigError(kvKey, `${heads} attention heads cannot be split evenly over ${kvHeads} key/value heads`);
  }
}

/** The RoPE position scheme, with the rope_scaling block normalised (null when absent or null). */
export function ropePosition(theta: number, scaling: Record<string, unknown> | null | undefined): PositionSpec {
  return { kind: 'rope', theta, scaling: scaling ? normaliseRopeScaling(scaling) : null };
}

function normaliseRopeScaling(scaling: Record<string, unknown>): RopeScalingSpec {
  const type = scaling['rope_type'] ?? scaling['type'];
  if (typeof type !== 'string') {
    throw new ConfigError('rope_scaling.rope_type', `must name the scaling type, got ${describeValue(type)}`);
  }
  const parameters: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(scaling).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (key === 'rope_type' || key === 'type' || key === 'rope_theta') continue;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') parameters[key] = value;
  }
  const factor = scaling['factor'];
  const original = scaling['original_max_position_embeddings'];
  return {
    type,
    factor: typeof factor === 'number' ? factor : null,
    originalMaxPositionEmbeddings: typeof original === 'number' ? original : null,
    parameters,
  };
}

/** Names the MLP the way papers do: a gated SiLU is SwiGLU, a gated GELU is GeGLU. */
export function activationSpec(name: string, gated: boolean): ActivationSpec {
  const isGelu = name.startsWith('gelu');
  const base = isGelu ? 'GELU' : name === 'silu' || name === 'swish' ? 'Swish' : name;
  const label = gated ? (isGelu ? 'GeGLU' : base === 'Swish' ? 'SwiGLU' : `${name} GLU`) : base;
  return { name, gated, label };
}

/** The same window on every layer (Mistral, Mixtral), or none when the window is null. */
export function uniformWindows(layers: number, window: number | null): (number | null)[] {
  return Array.from({ length: layers }, () => window);
}

/**
 * A config's explicit `layer_types` list, which newer transformers versions write out and which
 * overrides each architecture's own rule: `sliding_attention` layers use `window`, `full_attention`
 * layers attend globally.
 */
export function windowsFromLayerTypes(layerTypes: string[], layers: number, window: number | null): (number | null)[] {
  if (layerTypes.length !== layers) {
    throw new ConfigError('layer_types', `lists ${layerTypes.length} layers but num_hidden_layers is ${layers}`);
  }
  return layerTypes.map((kind, index) => {
    if (kind === 'full_attention') return null;
    if (kind === 'sliding_attention') {
      if (window === null) {
        throw new ConfigError(`layer_types.${index}`, 'is sliding_attention but the config sets no sliding_window');
      }
      return window;
    }
    throw new ConfigError(
      `layer_types.${index}`,
      `${describeValue(kind)} is not an attention kind this architecture has (full_attention, sliding_attention)`,
    );
  });
}

/** Builds one tensor record; the element count is the product of the shape. */
export function tensor(
  name: string,
  shape: number[],
  role: TensorRole,
  layer: number | null,
  options: { expert?: number | null; isMatmul?: boolean } = {},
): TensorInfo {
  const parameters = shape.reduce((product, extent) => product * extent, 1);
  if (!Number.isSafeInteger(parameters)) {
    throw new ConfigError(null, `tensor ${name} would hold ${parameters} elements: the sizes are not realistic`);
  }
  return { name, shape, parameters, role, layer, expert: options.expert ?? null, isMatmul: options.isMatmul ?? false };
}

/** An nn.Linear: weight [out, in] (multiplied by every token) and, when present, bias [out]. */
export function linear(
  prefix: string,
  outFeatures: number,
  inFeatures: number,
  role: TensorRole,
  layer: number | null,
  hasBias: boolean,
  expert: number | null = null,
): TensorInfo[] {
  const weight = tensor(`${prefix}.weight`, [outFeatures, inFeatures], role, layer, { expert, isMatmul: true });
  return hasBias ? [weight, tensor(`${prefix}.bias`, [outFeatures], role, layer, { expert })] : [weight];
}

/** An RMSNorm or LayerNorm: a weight vector, plus a bias for LayerNorm. */
export function normTensors(prefix: string, spec: ModelSpec, layer: number | null): TensorInfo[] {
  const weight = tensor(`${prefix}.weight`, [spec.hiddenSize], 'norm', layer);
  return spec.norm.hasBias ? [weight, tensor(`${prefix}.bias`, [spec.hiddenSize], 'norm', layer)] : [weight];
}

/** q/k/v/o of a Llama-style attention block, with the biases the spec asks for. */
export function attentionTensors(prefix: string, spec: ModelSpec, layer: number): TensorInfo[] {
  const queryFeatures = spec.heads * spec.headDim;
  const kvFeatures = spec.kvHeads * spec.headDim;
  return [
    ...linear(`${prefix}.q_proj`, queryFeatures, spec.hiddenSize, 'attention', layer, spec.bias.qkv),
    ...linear(`${prefix}.k_proj`, kvFeatures, spec.hiddenSize, 'attention', layer, spec.bias.qkv),
    ...linear(`${prefix}.v_proj`, kvFeatures, spec.hiddenSize, 'attention', layer, spec.bias.qkv),
    ...linear(`${prefix}.o_proj`, spec.hiddenSize, queryFeatures, 'attention', layer, spec.bias.attentionOutput),
  ];
}

/** A gated MLP (gate, up, down) of width `ffnSize`, under transformers' names or Mixtral's w1/w3/w2. */
export function gatedMlpTensors(
  prefix: string,
  spec: ModelSpec,
  ffnSize: number,
  role: TensorRole,
  layer: number,
  options: { expert?: number | null; names?: readonly [gate: string, up: string, down: string] } = {},
): TensorInfo[] {
  const [gate, up, down] = options.names ?? ['gate_proj', 'up_proj', 'down_proj'];
  const expert = options.expert ?? null;
  const d = spec.hiddenSize;
  return [
    ...linear(`${prefix}.${gate}`, ffnSize, d, role, layer, spec.bias.mlp, expert),
    ...linear(`${prefix}.${up}`, ffnSize, d, role, layer, spec.bias.mlp, expert),
    ...linear(`${prefix}.${down}`, d, ffnSize, role, layer, spec.bias.mlp, expert),
  ];
}

/**
 * The whole Llama-style model: `model.embed_tokens`, every `model.layers.N.*` from `layerTensors`,
 * the final `model.norm`, and `lm_head` unless the embeddings are tied. Order follows module
 * registration order, which is the order `state_dict()` lists.
 */
export function decoderModelTensors(
  spec: ModelSpec,
  layerTensors: (prefix: string, layer: number) => TensorInfo[],
): TensorInfo[] {
  const tensors = [tensor('model.embed_tokens.weight', [spec.vocabSize, spec.hiddenSize], 'tokenEmbedding', null)];
  for (let layer = 0; layer < spec.layers; layer += 1) tensors.push(...layerTensors(`model.layers.${layer}`, layer));
  tensors.push(...normTensors('model.norm', spec, null));
  if (!spec.tiedEmbeddings) {
    tensors.push(tensor('lm_head.weight', [spec.vocabSize, spec.hiddenSize], 'lmHead', null, { isMatmul: true }));
  }
  return tensors;
}

/** The layer body Llama, Mistral, Gemma and Qwen2 share: attention, dense gated MLP, two norms. */
export function denseLayerTensors(prefix: string, spec: ModelSpec, layer: number): TensorInfo[] {
  return [
    ...attentionTensors(`${prefix}.self_attn`, spec, layer),
    ...gatedMlpTensors(`${prefix}.mlp`, spec, spec.ffnSize, 'mlp', layer),
    ...normTensors(`${prefix}.input_layernorm`, spec, layer),
    ...normTensors(`${prefix}.post_attention_layernorm`, spec, layer),
  ];
}
