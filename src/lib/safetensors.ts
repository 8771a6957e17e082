/**
 * Reading the safetensors format from bytes, with every untrusted number bounded: a file is an
 * 8-byte little-endian header length, that many bytes of JSON (tensor name → dtype, shape and
 * `data_offsets`, relative to the end of the header), then the raw tensors, row-major.
 *
 * @huggingface/hub parses headers too (`parseSafetensorsMetadata`), but it returns neither the header
 * length (without which no tensor's absolute byte offset is known) nor a way to read tensor bytes, so
 * the header is parsed here; its `validateTensorEntry` does the per-entry checks, and this module adds
 * what it leaves out: dtype sizes against offsets, overlaps, and the bounds of the data section.
 * See https://github.com/huggingface/safetensors (format) for the layout.
 */
import { SafetensorParseError, validateTensorEntry } from '@huggingface/hub';
import type { TensorInfo } from '@huggingface/hub';

/** Thrown for anything wrong with a checkpoint's files or the answers about them: one readable line. */
/**
 * The failures a reader is most likely to meet, with what a translated message needs: the browser
 * tool says them in the page's language from these; the message stays English (the CLI prints it).
 */
/** A tensor in one checkpoint only, or shaped differently in the two (drift-remote.ts lists them). */
export type TensorDifference =
  | { name: string; onlyIn: string }
  | { name: string; shapes: [{ repo: string; shape: number[] }, { repo: string; shape: number[] }] };

export type DriftProblem =
  | { code: 'unauthorized'; what: string; status: number; withToken: boolean }
  | { code: 'not-found'; what: string }
  | { code: 'truncated'; what: string; received: number; expected: number | null }
  | { code: 'mismatch'; differences: readonly TensorDifference[] }
  | { code: 'dtype'; where: string; tensor: string; dtype: string };

export class DriftError extends Error {
  readonly problem: DriftProblem | undefined;

  constructor(message: string, problem?: DriftProblem) {
    super(message);
    this.name = 'DriftError';
    this.problem = problem;
  }
}

/** The header length prefix, in bytes. */
export const HEADER_LENGTH_BYTES = 8;
/**
 * The longest header accepted: the same bound as @huggingface/hub's parser (25 MB). Real headers are
 * tens of KB (a Llama 3 8B shard's is about 25 KB); a larger claim is a broken or hostile file.
 */
export const MAX_HEADER_BYTES = 25_000_000;

/** Bytes per element of the dtypes the drift tool decodes. */
export const DTYPE_BYTES = { BF16: 2, F16: 2, F32: 4 } as const;
export type FloatDtype = keyof typeof DTYPE_BYTES;

/** Every dtype safetensors defines, with its element size in bits (sub-byte ones included), for the size check. */
const KNOWN_DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E4M3: 8,
  F8_E5M2: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
};

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte offsets in the file: [start, end). */
  start: number;
  end: number;
}

export interface SafetensorsHeader {
  /** The JSON header's length in bytes (the first 8 bytes' value). */
  headerBytes: number;
  /** Where the data section starts: 8 + headerBytes. */
  dataStart: number;
  /** Tensors in header order (`__metadata__` excluded). */
  tensors: TensorEntry[];
}

/**
 * The header length from a file's first 8 bytes, refused when zero, over {@link MAX_HEADER_BYTES} or
 * (when the file's size is known) past its end.
 *
 * @example headerLength(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]), 'x.safetensors') //=> 2
 */
export function headerLength(prefix: Uint8Array, file: string, fileBytes?: number): number {
  if (prefix.byteLength < HEADER_LENGTH_BYTES)
    throw new DriftError(`${file}: only ${prefix.byteLength} bytes, shorter than the 8-byte header length`);
  const view = new DataView(prefix.buffer, prefix.byteOffset, HEADER_LENGTH_BYTES);
  const length = view.getBigUint64(0, true);
  if (length === 0n) throw new DriftError(`${file}: the header length is 0`);
  if (length > BigInt(MAX_HEADER_BYTES))
    throw new DriftError(`${file}: header length ${length} bytes is over the ${MAX_HEADER_BYTES}-byte limit`);
  const bytes = Number(length);
  if (fileBytes !== undefined && HEADER_LENGTH_BYTES + bytes > fileBytes)
    throw new DriftError(`${file}: header length ${bytes} bytes runs past the end of the ${fileBytes}-byte file`);
  return bytes;
}

function product(shape: readonly number[]): number {
  return shape.reduce((total, dim) => total * dim, 1);
}

/**
 * Parses and checks the JSON header (`json` is exactly `headerBytes` long). Each entry must be an
 * object with a dtype, a shape of non-negative integers and offsets that fit the data section (when
 * the file size is known); a known dtype's byte span must equal its element count times its size; no
 * two tensors may overlap.
 */
export function parseHeader(json: Uint8Array, file: string, fileBytes?: number): SafetensorsHeader {
  const headerBytes = json.byteLength;
  const dataStart = HEADER_LENGTH_BYTES + headerBytes;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new DriftError(`${file}: the header is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new DriftError(`${file}: the header is not a JSON object`);
  const dataBytes = fileBytes === undefined ? undefined : fileBytes - dataStart;
  const tensors: TensorEntry[] = [];
  for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    if (typeof raw !== 'object' || raw === null || typeof (raw as { dtype?: unknown }).dtype !== 'string')
      throw new DriftError(`${file}: tensor "${name}" has no dtype`);
    const info = raw as TensorInfo;
    try {
      validateTensorEntry(file, name, info, dataBytes);
    } catch (error) {
      if (error instanceof SafetensorParseError) throw new DriftError(error.message);
      throw error;
    }
    const [begin, end] = info.data_offsets;
    const elements = product(info.shape);
    const bits = KNOWN_DTYPE_BITS[info.dtype];
    if (bits !== undefined && (elements * bits) / 8 !== end - begin)
      throw new DriftError(
        `${file}: tensor "${name}" (${info.dtype} [${info.shape.join(', ')}]) should take ${(elements * bits) / 8} bytes, its offsets span ${end - begin}`,
      );
    tensors.push({ name, dtype: info.dtype, shape: [...info.shape], start: dataStart + begin, end: dataStart + end });
  }
  // Sorted by start, a tensor overlaps an earlier one exactly when it starts before the furthest end so far.
  const byStart = tensors.filter((tensor) => tensor.end > tensor.start).sort((x, y) => x.start - y.start);
  let furthest: TensorEntry | undefined;
  for (const current of byStart) {
    if (furthest !== undefined && current.start < furthest.end)
      throw new DriftError(`${file}: tensors "${furthest.name}" and "${current.name}" overlap`);
    if (furthest === undefined || current.end > furthest.end) furthest = current;
  }
  return { headerBytes, dataStart, tensors };
}

/** Throws unless `dtype` is one the drift tool decodes, naming the tensor. */
export function assertFloatDtype(dtype: string, tensor: string, where: string): asserts dtype is FloatDtype {
  if (!(dtype in DTYPE_BYTES))
    throw new DriftError(
      `${where}: tensor "${tensor}" is ${dtype}; only BF16, F16 and F32 can be compared (quantized or integer weights are not decoded)`,
      { code: 'dtype', where, tensor, dtype },
    );
}

/**
 * Decodes little-endian BF16, F16 or F32 bytes into float32 values (every BF16 and F16 value is
 * exactly representable in float32, so nothing is rounded).
 *
 * @example Array.from(decodeFloats(new Uint8Array([0x80, 0x3f]), 'BF16')) //=> [1]
 */
export function decodeFloats(bytes: Uint8Array, dtype: FloatDtype): Float32Array {
  const size = DTYPE_BYTES[dtype];
  if (bytes.byteLength % size !== 0)
    throw new DriftError(`${bytes.byteLength} bytes is not a whole number of ${dtype} values`);
  const count = bytes.byteLength / size;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    for (let i = 0; i < count; i += 1) out[i] = view.getFloat32(i * 4, true);
  } else if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32: shift its bits up and read them as one.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i += 1) bits[i] = view.getUint16(i * 2, true) << 16;
  } else {
    for (let i = 0; i < count; i += 1) out[i] = halfToFloat(view.getUint16(i * 2, true));
  }
  return out;
}

/** IEEE 754 binary16 bits → number (subnormals, infinities and NaN included). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Shards named by `model.safetensors.index.json`, checked; the tensor → shard map. */
export interface SafetensorsIndex {
  shards: string[];
  weightMap: Map<string, string>;
}

/** The most shards an index may name (@huggingface/hub's bound too). */
export const MAX_SHARDS = 10_000;

/** Parses `model.safetensors.index.json` text: `weight_map` must map names to safe relative shard file names. */
export function parseIndex(text: string, file: string, isSafeShard: (name: string) => void): SafetensorsIndex {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DriftError(`${file}: not valid JSON`);
  }
  const map = (parsed as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw new DriftError(`${file}: no "weight_map" object`);
  const weightMap = new Map<string, string>();
  for (const [name, shard] of Object.entries(map as Record<string, unknown>)) {
    if (typeof shard !== 'string') throw new DriftError(`${file}: weight_map["${name}"] is not a file name`);
    try {
      isSafeShard(shard);
    } catch (error) {
      throw new DriftError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    weightMap.set(name, shard);
  }
  const shards = [...new Set(weightMap.values())].sort();
  if (shards.length === 0) throw new DriftError(`${file}: weight_map is empty`);
  if (shards.length > MAX_SHARDS)
    throw new DriftError(`${file}: ${shards.length} shards, over the limit of ${MAX_SHARDS}`);
  return { shards, weightMap };
}
