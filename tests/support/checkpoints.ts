/**
 * Small sharded safetensors checkpoints with known perturbations, for the weight-drift tests.
 *
 * Checkpoint A: a 3-layer Llama-shaped model (hidden 8, 4 key/value dims, MLP 16, vocabulary 32),
 * BF16, two shards. Every element of A is +1 or −1 (the sign from a fixed pattern). Checkpoint B is
 * A with each element multiplied by (1 + δ), where δ = k/16 for a small integer k that depends on the
 * tensor and on the row (on the element, for 1-D tensors). With |a| = 1 and k ≤ 15, a·(1 + δ) has at
 * most 5 significant bits, so BF16 stores it exactly and |b − a| = δ exactly: every ratio in the file
 * is δ / (1 + ε) and every metric has a closed form (see tests/lib/drift.test.ts).
 */
import { Buffer } from 'node:buffer';

export const HIDDEN = 8;
export const KV = 4;
export const MLP = 16;
export const VOCAB = 32;
export const LAYERS = 3;

/** 40-hex commits the fake hub answers for `main`. */
export const SHA_A = 'a'.repeat(40);
export const SHA_B = 'b'.repeat(40);

export interface TensorSpec {
  name: string;
  shape: number[];
}

/** Tensor names and shapes, in shard order: layers 0–1 and the embeddings in shard 1, the rest in shard 2. */
export function tensorSpecs(): { shard: string; tensors: TensorSpec[] }[] {
  const layer = (i: number): TensorSpec[] => [
    { name: `model.layers.${i}.input_layernorm.weight`, shape: [HIDDEN] },
    { name: `model.layers.${i}.self_attn.q_proj.weight`, shape: [HIDDEN, HIDDEN] },
    { name: `model.layers.${i}.self_attn.k_proj.weight`, shape: [KV, HIDDEN] },
    { name: `model.layers.${i}.self_attn.v_proj.weight`, shape: [KV, HIDDEN] },
    { name: `model.layers.${i}.self_attn.o_proj.weight`, shape: [HIDDEN, HIDDEN] },
    { name: `model.layers.${i}.post_attention_layernorm.weight`, shape: [HIDDEN] },
    { name: `model.layers.${i}.mlp.gate_proj.weight`, shape: [MLP, HIDDEN] },
    { name: `model.layers.${i}.mlp.up_proj.weight`, shape: [MLP, HIDDEN] },
    { name: `model.layers.${i}.mlp.down_proj.weight`, shape: [HIDDEN, MLP] },
  ];
  return [
    {
      shard: 'model-00001-of-00002.safetensors',
      tensors: [{ name: 'model.embed_tokens.weight', shape: [VOCAB, HIDDEN] }, ...layer(0), ...layer(1)],
    },
    {
      shard: 'model-00002-of-00002.safetensors',
      tensors: [
        ...layer(2),
        { name: 'model.norm.weight', shape: [HIDDEN] },
        { name: 'lm_head.weight', shape: [VOCAB, HIDDEN] },
      ],
    },
  ];
}

/** A name's position among every tensor (0-based), which picks its perturbations. */
function tensorIndex(name: string): number {
  return tensorSpecs()
    .flatMap((shard) => shard.tensors)
    .findIndex((tensor) => tensor.name === name);
}

/**
 * k in δ = k/16 for row `row` (2-D) or element `row` (1-D) of tensor `name`: between 1 and 15.
 *
 * @example deltaK('model.embed_tokens.weight', 0) //=> 1
 */
export function deltaK(name: string, row: number): number {
  return ((tensorIndex(name) * 7 + row * 3) % 15) + 1;
}

/** +1 or −1: the sign of A's element (row, col). */
function sign(row: number, col: number): number {
  return (row * 5 + col * 3) % 7 < 3 ? -1 : 1;
}

/** BF16 bits of a value that BF16 holds exactly (the top half of its float32). */
export function bf16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0] ?? 0;
  if ((bits & 0xffff) !== 0) throw new Error(`${value} is not exactly a BF16 value`);
  return bits >>> 16;
}

export interface RawTensor {
  name: string;
  dtype: string;
  shape: number[];
  data: Buffer;
}

/** A safetensors file: header length, JSON header (padded with spaces to 8 bytes), data. */
export function safetensorsFile(tensors: readonly RawTensor[]): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const tensor of tensors) {
    header[tensor.name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + tensor.data.length],
    };
    offset += tensor.data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, Buffer.from(json, 'utf8'), ...tensors.map((tensor) => tensor.data)]);
}

/** One tensor's values in A (`perturbed` false) or B. */
export function tensorValues(spec: TensorSpec, perturbed: boolean): number[] {
  const rows = spec.shape.length === 1 ? 1 : (spec.shape[0] ?? 1);
  const cols = spec.shape.length === 1 ? (spec.shape[0] ?? 1) : (spec.shape[1] ?? 1);
  const values: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    for (let col = 0; col < cols; col += 1) {
      const a = sign(row, col);
      const k = deltaK(spec.name, spec.shape.length === 1 ? col : row);
      values.push(perturbed ? a * (1 + k / 16) : a);
    }
  }
  return values;
}

export function bf16Data(values: readonly number[]): Buffer {
  const data = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => data.writeUInt16LE(bf16Bits(value), i * 2));
  return data;
}

export interface CheckpointOptions {
  perturbed: boolean;
  /** Replace these tensors' entries (a different shape, another dtype). */
  override?: (tensor: RawTensor) => RawTensor;
}

/** The files of checkpoint A or B: `model.safetensors.index.json` and the two shards. */
export function checkpointFiles(options: CheckpointOptions): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const weightMap: Record<string, string> = {};
  for (const { shard, tensors } of tensorSpecs()) {
    const raw = tensors.map((spec) => {
      const tensor: RawTensor = { ...spec, dtype: 'BF16', data: bf16Data(tensorValues(spec, options.perturbed)) };
      return options.override ? options.override(tensor) : tensor;
    });
    for (const tensor of raw) weightMap[tensor.name] = shard;
    files.set(shard, safetensorsFile(raw));
  }
  files.set(
    'model.safetensors.index.json',
    Buffer.from(JSON.stringify({ metadata: {}, weight_map: weightMap }, null, 2)),
  );
  return files;
}

/** Every tensor's spec, in file order. */
export function allSpecs(): TensorSpec[] {
  return tensorSpecs().flatMap((shard) => shard.tensors);
}
