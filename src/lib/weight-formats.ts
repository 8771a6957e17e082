/**
 * Weights in a storage format: how many bits each parameter tensor takes, tensor by tensor.
 *
 * Conventions (stated on the site too):
 * - `fp32`, `bf16`, `fp16`: every tensor at 32 or 16 bits.
 * - `fp8`, `int8` (8 bits), `int4` (AWQ/GPTQ: 4-bit weights plus a 16-bit scale and a 4-bit zero
 *   per group of 128, (128·4 + 16 + 4) / 128 = 4.15625 bits) and `mxfp4` (OCP MX: 32 four-bit
 *   values share one 8-bit exponent, 4 + 8/32 = 4.25 bits) apply to the decoder layers' linear
 *   weights only: attention and MLP projections, routed and shared experts. Embeddings, the output
 *   head, norms, biases, routers and a vision tower stay bf16, as AWQ, GPTQ and FP8 checkpoints
 *   keep them. Per-tensor scales of fp8 and int8 are left out (a few bytes per matrix).
 * - `q8_0`, `q4_0`, `q4_k_m`: llama.cpp's GGUF types, chosen per tensor by the rules of llama.cpp's
 *   `llama_tensor_get_type` / `llama_tensor_get_type_impl` and `tensor_type_fallback`
 *   (src/llama-quant.cpp), without an importance matrix, see {@link ggufBitsPerWeight}.
 *   Bits per weight of the block types (ggml's block structs): Q8_0 34 bytes per 32 = 8.5,
 *   Q4_0 18 per 32 = 4.5, Q5_0 22 per 32 = 5.5, Q4_K 144 per 256 = 4.5, Q5_K 176 per 256 = 5.5,
 *   Q6_K 210 per 256 = 6.5625. One-dimensional tensors (norms, biases) and the router are F32, as
 *   llama.cpp's convert_hf_to_gguf.py writes them; a vision tower goes to a separate mmproj file
 *   and is counted here at bf16.
 */
import { ConfigError, describeValue } from './errors.ts';
import type { ModelSpec, TensorInfo } from './types.ts';

/** Bits per weight of the formats that apply one width to the decoder's linear weights. */
const LINEAR_FORMAT_BITS = {
  fp8: 8,
  int8: 8,
  int4: 4.15625,
  mxfp4: 4.25,
} as const;

const GGUF_TYPE_BITS = {
  F32: 32,
  F16: 16,
  Q8_0: 8.5,
  Q4_0: 4.5,
  Q5_0: 5.5,
  Q4_K: 4.5,
  Q5_K: 5.5,
  Q6_K: 6.5625,
} as const;

export type GgufType = keyof typeof GGUF_TYPE_BITS;

export const WEIGHT_FORMATS = [
  'fp32',
  'bf16',
  'fp16',
  'fp8',
  'int8',
  'int4',
  'mxfp4',
  'q8_0',
  'q4_0',
  'q4_k_m',
] as const;

export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

/** What each format is, for the site's table and the CLI's help. */
export const WEIGHT_FORMAT_LABELS: Record<WeightFormat, string> = {
  fp32: 'fp32 (32 bits, every tensor)',
  bf16: 'bf16 (16 bits, every tensor)',
  fp16: 'fp16 (16 bits, every tensor)',
  fp8: 'fp8 (8 bits, decoder linear weights)',
  int8: 'int8 (8 bits, decoder linear weights)',
  int4: 'int4 AWQ/GPTQ (4.15625 bits, decoder linear weights)',
  mxfp4: 'mxfp4 (4.25 bits, decoder linear weights)',
  q8_0: 'GGUF Q8_0 (8.5 bits)',
  q4_0: 'GGUF Q4_0 (4.5 bits, head Q6_K)',
  q4_k_m: "GGUF Q4_K_M (llama.cpp's per-tensor mix)",
};

/** Checks a format name (from a flag, a control or an attribute). */
export function resolveWeightFormat(value: unknown): WeightFormat {
  if (typeof value !== 'string' || !(WEIGHT_FORMATS as readonly string[]).includes(value)) {
    throw new ConfigError('weights', `must be one of ${WEIGHT_FORMATS.join(', ')}, got ${describeValue(value)}`);
  }
  return value as WeightFormat;
}

const DECODER_LINEAR_ROLES = new Set(['attention', 'mlp', 'routedExpert', 'sharedExpert']);

/** A weight matrix of a decoder layer's attention or MLP (experts included): what quantized formats quantize. */
export function isDecoderLinearWeight(tensor: TensorInfo): boolean {
  return tensor.layer !== null && tensor.isMatmul && DECODER_LINEAR_ROLES.has(tensor.role);
}

/** llama.cpp's tensor categories (tensor_get_category), for the tensors whose type Q4_K_M changes. */
type GgufCategory = 'tokenEmbedding' | 'output' | 'attnV' | 'attnK' | 'attnOutput' | 'ffnDown' | 'other';

/** The module name a weight belongs to: `v_proj` of `model.layers.3.self_attn.v_proj.weight`. */
function moduleName(tensor: TensorInfo): string {
  const parts = tensor.name.split('.');
  return parts.at(-1) === 'weight' ? (parts.at(-2) ?? '') : (parts.at(-1) ?? '');
}

function ggufCategory(spec: ModelSpec, tensor: TensorInfo): GgufCategory {
  if (tensor.role === 'tokenEmbedding') return 'tokenEmbedding';
  if (tensor.role === 'lmHead') return 'output';
  const module = moduleName(tensor);
  if (tensor.role === 'attention') {
    // attn_v, and the tensors llama.cpp treats like it (category_is_attn_v): a fused qkv
    // (GPT-2's c_attn, Phi's qkv_proj) and MLA's kv_b_proj (attn_kv_b).
    if (module === 'v_proj' || module === 'c_attn' || module === 'qkv_proj' || module === 'kv_b_proj') return 'attnV';
    if (module === 'k_proj') return 'attnK';
    if (module === 'o_proj' || module === 'c_proj' || module === 'out_proj' || module === 'dense') return 'attnOutput';
    return 'other';
  }
  if (tensor.role === 'mlp' || tensor.role === 'sharedExpert' || tensor.role === 'routedExpert') {
    const down = spec.moeNaming?.projections.find(([role]) => role === 'down')?.[1];
    if (module === 'down_proj' || module === 'c_proj' || module === 'fc2' || (down !== undefined && module === down)) {
      return 'ffnDown';
    }
  }
  return 'other';
}

/**
 * llama.cpp's `use_more_bits`: the first and last eighth of the layers, and every third layer in
 * between, get a wider type in Q4_K_M.
 */
export function useMoreBits(layer: number, layers: number): boolean {
  return (
    layer < Math.trunc(layers / 8) ||
    layer >= Math.trunc((7 * layers) / 8) ||
    (layer - Math.trunc(layers / 8)) % 3 === 2
  );
}

/** Block sizes of the GGUF types: a row (the input features) must be a whole number of blocks. */
const BLOCK_SIZE: Record<GgufType, number> = {
  F32: 1,
  F16: 1,
  Q8_0: 32,
  Q4_0: 32,
  Q5_0: 32,
  Q4_K: 256,
  Q5_K: 256,
  Q6_K: 256,
};

/** llama.cpp's tensor_type_fallback: a row that is not whole blocks of a k-quant takes a 32-block type, else F16. */
function fallback(type: GgufType, rowLength: number): GgufType {
  if (rowLength % BLOCK_SIZE[type] === 0) return type;
  const next: GgufType = type === 'Q4_K' ? 'Q5_0' : type === 'Q5_K' ? 'Q8_0' : type === 'Q6_K' ? 'Q8_0' : 'F16';
  return rowLength % BLOCK_SIZE[next] === 0 ? next : 'F16';
}

/** The input features of a weight (GGUF's ne[0], the row llama.cpp quantizes block by block). */
function rowLength(spec: ModelSpec, tensor: TensorInfo): number {
  // nn.Linear stores [out, in]; GPT-2's Conv1D and gpt-oss's stacked experts store [in, out].
  const transposed = spec.modelType === 'gpt2' || tensor.stacked;
  return (transposed ? tensor.shape[0] : tensor.shape[1]) ?? 1;
}

function routedExperts(spec: ModelSpec): number {
  let experts = 1;
  for (const { mlp } of spec.decoderLayers) if (mlp.kind === 'moe') experts = Math.max(experts, mlp.experts);
  return experts;
}

/**
 * llama.cpp calls an 80-layer Llama with grouped KV heads, and an 80-layer Qwen2, a 70B model
 * (llama-model.cpp, load_hparams), and gives its attn_v one more bit in Q4_K_M.
 */
function is70B(spec: ModelSpec): boolean {
  const first = spec.decoderLayers[0]?.attention;
  if (spec.decoderLayers.length !== 80 || first === undefined) return false;
  if (spec.modelType === 'qwen2') return true;
  return spec.modelType === 'llama' && first.kind === 'gqa' && first.kvHeads !== first.heads;
}

/**
 * The GGUF type llama.cpp gives a tensor in a Q8_0, Q4_0 or Q4_K_M file (no importance matrix).
 *
 * Rules implemented from llama.cpp src/llama-quant.cpp:
 * - tensor_allows_quantization: only 2-D weights are quantized; norms, biases and the router
 *   (ffn_gate_inp) are not, and stay F32; a learned position table (pos_embd) too.
 * - llama_tensor_get_type_impl, the output head (and the token embedding when tied to it): Q6_K,
 *   unless the file type is Q8_0 (stays Q8_0) or the row is not whole 256-blocks (Q8_0).
 * - Q4_K_M, attn_v (and fused qkv, MLA's kv_b): Q6_K where use_more_bits(i, n) holds over the
 *   attn_v tensors; Q5_K instead of Q4_K in a 70B model; Q8_0 in a model of exactly 8 experts.
 *   attn_k: Q8_0 in an 8-expert model. attn_output: Q5_K in an 8-expert model.
 *   ffn_down (experts' and shared experts' too, layer read from the name): Q6_K where
 *   use_more_bits(layer, layers) holds.
 * - Everything else takes the file's default type: Q8_0, Q4_0, or Q4_K for Q4_K_M.
 * - tensor_type_fallback: a row that is not whole blocks falls back (Q4_K → Q5_0, Q6_K → Q8_0, then F16).
 */
export function ggufType(spec: ModelSpec, tensor: TensorInfo, format: 'q8_0' | 'q4_0' | 'q4_k_m'): GgufType {
  if (tensor.shape.length < 2 || tensor.role === 'router' || tensor.role === 'sharedExpertGate') return 'F32';
  if (tensor.role === 'positionEmbedding') return 'F32';
  const category = ggufCategory(spec, tensor);
  const row = rowLength(spec, tensor);
  const defaultType: GgufType = format === 'q8_0' ? 'Q8_0' : format === 'q4_0' ? 'Q4_0' : 'Q4_K';
  if (category === 'output' || (spec.tiedEmbeddings && category === 'tokenEmbedding')) {
    if (defaultType === 'Q8_0' || row % 256 !== 0) return 'Q8_0';
    return 'Q6_K';
  }
  let type: GgufType = defaultType;
  if (format === 'q4_k_m') {
    const layers = spec.decoderLayers.length;
    const layer = tensor.layer ?? 0;
    const eightExperts = routedExperts(spec) === 8;
    if (category === 'attnV') {
      if (useMoreBits(layer, layers)) type = 'Q6_K';
      if (is70B(spec) && type === 'Q4_K') type = 'Q5_K';
      if (eightExperts) type = 'Q8_0';
    } else if (category === 'attnK' && eightExperts) {
      type = 'Q8_0';
    } else if (category === 'attnOutput' && eightExperts) {
      type = 'Q5_K';
    } else if (category === 'ffnDown' && useMoreBits(layer, layers)) {
      type = 'Q6_K';
    }
  }
  return fallback(type, row);
}

/**
 * Bits per weight of one tensor in a format.
 *
 * @example bitsPerWeight(llama31_8b, qProj, 'int4') //=> 4.15625
 * @example bitsPerWeight(llama31_8b, embedTokens, 'int4') //=> 16 (embeddings stay bf16)
 */
export function bitsPerWeight(spec: ModelSpec, tensor: TensorInfo, format: WeightFormat): number {
  if (format === 'fp32') return 32;
  if (format === 'bf16' || format === 'fp16') return 16;
  // A vision tower is a separate model: llama.cpp writes it to an mmproj file, quantizers leave it alone.
  if (tensor.role === 'vision') return 16;
  if (format === 'q8_0' || format === 'q4_0' || format === 'q4_k_m')
    return GGUF_TYPE_BITS[ggufType(spec, tensor, format)];
  return isDecoderLinearWeight(tensor) ? LINEAR_FORMAT_BITS[format] : 16;
}
