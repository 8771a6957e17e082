/**
 * From the model's parameters to what the Hub counts for a checkpoint. `params.total` is the
 * model's parameters; `params.checkpoint` is the element count of the checkpoint's files, which the
 * Hub reports. They differ term by term, and every term is listed, never hidden behind a tolerance:
 *
 * - what a checkpoint always stores beyond the parameters, as its config determines it: block-wise
 *   FP8 scales (`weight_scale_inv`, one per block of every quantized weight); an architecture's own
 *   extras through its module (multi-token-prediction layers, packed-weight scales);
 * - buffers that some older checkpoints store and the config cannot tell (GPT-2's 2019 causal
 *   masks, Llama's pre-4.31 rotary `inv_freq`): known per architecture, and counted for a
 *   checkpoint when its Hub record says it has them.
 */
import { architectureFor } from './architectures/index.ts';
import type { CheckpointBuffer } from './hub-record.ts';
import { tensor } from './architectures/decoder.ts';
import { groupRowName, groupTensorsByLayer } from './tensors.ts';
import type { ModelSpec, TensorInfo } from './types.ts';

/** The terms between the parameter count and the checkpoint's count. */
export interface CheckpointAccount {
  /** The model's parameters (`params.total`). */
  parameters: number;
  /** Everything else the checkpoint stores, one term per tensor kind. */
  terms: CheckpointBuffer[];
  /** parameters + Σ terms: what the Hub counts (`params.checkpoint`); null when the config does not determine it. */
  elements: number | null;
  /** Why `elements` is null (a quantization scheme this library does not count), else null. */
  undetermined: string | null;
}

/** Elements in a set of buffers: what a count read off the checkpoint adds to the parameters. */
export function bufferElements(buffers: readonly CheckpointBuffer[]): number {
  return buffers.reduce((sum, buffer) => sum + buffer.elements, 0);
}

/**
 * The FP8 block scales of a block-quantized checkpoint: every linear weight inside the decoder
 * layers (attention, dense MLP, experts; not the router, embeddings or head, which stay bf16)
 * stores a float32 `weight_scale_inv` of [⌈out/b₀⌉, ⌈in/b₁⌉], one scale per block.
 */
export function fp8ScaleTerms(spec: ModelSpec, tensors: readonly TensorInfo[]): CheckpointBuffer[] {
  const block = understoodFp8(spec) ? (spec.quantization?.weightBlockSize ?? null) : null;
  if (block === null) return [];
  // One scale tensor per quantized weight, named after it; identical layers and experts then share a term.
  const scales = tensors.filter(isFp8Weight).map((weight) => {
    const [rows = 1, columns = 1] = weight.shape;
    return tensor(
      weight.name.replace(/\.weight$/, '.weight_scale_inv'),
      [Math.ceil(rows / block[0]), Math.ceil(columns / block[1])],
      weight.role,
      weight.layer,
      { experts: weight.experts },
    );
  });
  return groupTensorsByLayer(scales).map((row) => ({
    tensors: groupRowName(row),
    shape: row.shape,
    count: row.count,
    elements: row.parameters * row.count,
    dtype: 'F32',
    explanation: `Block-wise FP8: the weights are stored as FP8 (E4M3, one element each), and each has a float32 weight_scale_inv with one scale per ${block[0]}×${block[1]} block.`,
    explanationKo: `블록 단위 FP8: 가중치는 FP8(E4M3, 원소 하나에 하나)로 저장되고, 가중치마다 ${block[0]}×${block[1]} 블록 하나에 스케일 하나를 두는 float32 weight_scale_inv가 붙습니다.`,
  }));
}

/**
 * Whether a block-FP8 checkpoint stores this tensor in FP8: the linear weights inside the layer
 * stack (attention, dense MLP, experts, shared experts). Routers, embeddings, output heads
 * (including an MTP layer's `shared_head.head`), norms and biases stay BF16.
 */
function isFp8Weight(tensor: TensorInfo): boolean {
  return (
    tensor.isMatmul &&
    tensor.layer !== null &&
    !['router', 'sharedExpertGate', 'lmHead', 'tokenEmbedding'].includes(tensor.role)
  );
}

/**
 * Tensors the checkpoint stores that the model does not load (multi-token-prediction layers), one
 * term per group of identical tensors, named and shaped as in the files.
 */
export function checkpointOnlyTerms(spec: ModelSpec, extra: readonly TensorInfo[]): CheckpointBuffer[] {
  const quantized = understoodFp8(spec);
  const fp8Names = new Set(extra.filter(isFp8Weight).map((info) => info.name));
  // DeepSeek's checkpoints keep the routing correction bias in float32 (its inference code builds it so).
  const dtypeOf = (name: string) =>
    quantized && fp8Names.has(name) ? 'F8_E4M3' : name.endsWith('e_score_correction_bias') ? 'F32' : 'BF16';
  return groupTensorsByLayer(extra).map((row) => ({
    tensors: groupRowName(row),
    shape: row.shape,
    count: row.count,
    elements: row.parameters * row.count,
    dtype: dtypeOf(row.pattern.replace('{layer}', String(row.layers[0]))),
    explanation: `Multi-token prediction (num_nextn_predict_layers = ${spec.multiTokenPredictionLayers}): a decoder layer with its own embedding, norms, merge projection and output head after the last layer, which predicts one token further ahead. It serves training and speculative decoding; transformers does not load it, so its elements are in the checkpoint but not in the parameters.`,
    explanationKo: `다중 토큰 예측 (num_nextn_predict_layers = ${spec.multiTokenPredictionLayers}): 마지막 레이어 뒤에 붙는 디코더 레이어 하나로, 자체 임베딩, 정규화, 병합 프로젝션, 출력 헤드를 갖고 한 토큰 더 앞을 예측합니다. 학습과 추측 디코딩(speculative decoding)에 쓰이며, transformers가 불러오지 않으므로 그 원소는 체크포인트에는 있지만 파라미터에는 없습니다.`,
  }));
}

/** What every checkpoint of this config stores beyond the parameters. */
export function storedExtras(spec: ModelSpec, tensors: readonly TensorInfo[]): CheckpointBuffer[] {
  const module = architectureFor(spec.modelType);
  const extra = module?.checkpointOnlyTensors?.(spec) ?? [];
  return [
    ...checkpointOnlyTerms(spec, extra),
    ...fp8ScaleTerms(spec, [...tensors, ...extra]),
    ...(module?.storedExtras?.(spec) ?? []),
  ];
}

/**
 * The buffer sets a checkpoint of this architecture is known to store, each a complete
 * alternative (a checkpoint stores all of a set or none of it).
 */
export function knownBufferSets(spec: ModelSpec): CheckpointBuffer[][] {
  return architectureFor(spec.modelType)?.optionalBufferSets?.(spec) ?? [];
}

/**
 * The account from parameters to checkpoint elements: the config-determined extras, plus the
 * buffers a Hub record says this checkpoint stores (none when there is no record).
 *
 * @example checkpointAccount(gpt2Spec, tensors, 124_439_808, gpt2HubBuffers).elements //=> 137_022_720
 */
export function checkpointAccount(
  spec: ModelSpec,
  tensors: readonly TensorInfo[],
  parameters: number,
  recordedBuffers: readonly CheckpointBuffer[] = [],
): CheckpointAccount {
  const terms = [...storedExtras(spec, tensors), ...recordedBuffers];
  const undetermined = undeterminedBy(spec);
  return {
    parameters,
    terms,
    elements: undetermined === null ? parameters + bufferElements(terms) : null,
    undetermined,
  };
}

/**
 * Why the config does not determine what its checkpoint stores: a quantization scheme that packs
 * weights in a way no term here counts (AWQ's int32 words, bitsandbytes' state tensors, per-tensor
 * FP8 scales), rather than a count that would silently be wrong. Null when it does.
 */
function undeterminedBy(spec: ModelSpec): string | null {
  const quantization = spec.quantization;
  if (quantization === null || understoodFp8(spec)) return null;
  if (architectureFor(spec.modelType)?.quantizationMethods?.includes(quantization.method)) return null;
  const detail =
    quantization.method !== 'fp8'
      ? ''
      : quantization.weightBlockSize === null
        ? ' without weight_block_size'
        : quantization.modulesNotConverted.length > 0
          ? ' with modules_to_not_convert'
          : ` with activation_scheme "${quantization.activationScheme ?? ''}"`;
  return `quantization_config.quant_method "${quantization.method}"${detail} stores weights in a way this library does not count, so the checkpoint's element count is not determined (the parameters are)`;
}

/**
 * The FP8 layout counted here: block scales on every decoder linear weight, dynamic activation
 * scales (none stored), no module left out. Anything else is undetermined rather than guessed.
 */
function understoodFp8(spec: ModelSpec): boolean {
  const quantization = spec.quantization;
  return (
    quantization !== null &&
    quantization.method === 'fp8' &&
    quantization.weightBlockSize !== null &&
    quantization.modulesNotConverted.length === 0 &&
    (quantization.activationScheme === null || quantization.activationScheme === 'dynamic')
  );
}

/**
 * The buffers that account for the gap between the Hub's count and the checkpoint count the config
 * determines: an empty list when they agree, the matching known set when the gap is exactly its
 * size, or null when the gap is anything else (a sign the config and the checkpoint do not match).
 *
 * @example reconcileHubCount(gpt2Spec, 124_439_808, 137_022_720)?.[0]?.tensors //=> 'h.{layer}.attn.bias'
 */
export function reconcileHubCount(
  spec: ModelSpec,
  determinedElements: number,
  hubCount: number,
): CheckpointBuffer[] | null {
  // (determinedElements is a checkpointAccount's elements; callers refuse an undetermined one first.)
  const gap = hubCount - determinedElements;
  if (gap === 0) return [];
  for (const set of knownBufferSets(spec)) {
    if (bufferElements(set) === gap) return set;
  }
  return null;
}
