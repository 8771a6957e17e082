import { describe, expect, it } from 'vitest';
import type { Gpu, MemoryModel, MemoryOptions, ModelSpec, TensorInfo } from '../../src/lib/index.ts';
import {
  activationBytesPerTokenPerLayer,
  ConfigError,
  countParams,
  customGpu,
  decodeWeightBytes,
  ggufType,
  gpuById,
  GPUS,
  kvBytesPerGpu,
  matmulParamsPerToken,
  memoryPlan,
  resolveMemoryOptions,
  resolveTrainingOptions,
  trainingMemory,
  useMoreBits,
  weightsBytes,
} from '../../src/lib/index.ts';
import { snapshotSpec, snapshotTensors } from '../fixtures.ts';

const MIB = 2 ** 20;

function model(id: string): MemoryModel & { spec: ModelSpec; tensors: TensorInfo[] } {
  const spec = snapshotSpec(id);
  const tensors = snapshotTensors(id);
  return { spec, tensors, matmulParams: matmulParamsPerToken(spec, tensors) };
}

function plan(id: string, options: Partial<MemoryOptions> & { gpu: Gpu }): ReturnType<typeof memoryPlan> {
  return memoryPlan(model(id), {
    format: 'bf16',
    kvDtype: 'bf16',
    contextTokens: 4096,
    batch: 1,
    gpus: 1,
    reserveFraction: 0.1,
    attention: 'causal',
    ...options,
  });
}

const h100 = gpuById('h100-sxm');
const h200 = gpuById('h200');
const rtx4090 = gpuById('rtx-4090');

function tensor(id: string, name: string): TensorInfo {
  const found = snapshotTensors(id).find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`${id} has no ${name}`);
  return found;
}

describe('weights in a format', () => {
  it('gives Llama 3.1 70B 2 × 70,553,706,496 bytes in bf16', () => {
    const llama = model('meta-llama/Llama-3.1-70B');
    expect(countParams(llama.spec, llama.tensors).total).toBe(70_553_706_496);
    expect(weightsBytes(llama.spec, llama.tensors, 'bf16')).toBe(2 * 70_553_706_496);
    expect(weightsBytes(llama.spec, llama.tensors, 'fp32')).toBe(4 * 70_553_706_496);
  });

  it('quantizes only the decoder linear weights in int4: embeddings, head and norms stay bf16', () => {
    const llama = model('meta-llama/Llama-3.1-8B');
    // embed_tokens and lm_head: 128,256 × 4,096 = 525,336,576 each; norms 32 × 2 × 4,096 + 4,096 = 266,240
    const kept = 2 * 525_336_576 + 266_240;
    const linear = 8_030_261_248 - kept; // 6,979,321,856 attention and MLP weights
    expect(linear).toBe(6_979_321_856);
    // AWQ/GPTQ: 4-bit weight + (16-bit scale + 4-bit zero) / 128 = 4.15625 bits
    expect(weightsBytes(llama.spec, llama.tensors, 'int4')).toBe((linear * 4.15625) / 8 + kept * 2);
    expect(weightsBytes(llama.spec, llama.tensors, 'fp8')).toBe(linear + kept * 2);
    expect(weightsBytes(llama.spec, llama.tensors, 'mxfp4')).toBe((linear * 4.25) / 8 + kept * 2);
  });

  it("follows llama.cpp's use_more_bits: first and last eighth, and every third layer between", () => {
    const more = Array.from({ length: 32 }, (_, layer) => layer).filter((layer) => useMoreBits(layer, 32));
    // 32 / 8 = 4: layers 0–3 and 28–31, and (i − 4) mod 3 = 2 for i in 4 … 27
    expect(more).toEqual([0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
  });

  it("types Llama 3.1 8B's tensors in Q4_K_M as llama_tensor_get_type does", () => {
    const id = 'meta-llama/Llama-3.1-8B';
    const spec = snapshotSpec(id);
    expect(ggufType(spec, tensor(id, 'lm_head.weight'), 'q4_k_m')).toBe('Q6_K');
    expect(ggufType(spec, tensor(id, 'model.embed_tokens.weight'), 'q4_k_m')).toBe('Q4_K');
    expect(ggufType(spec, tensor(id, 'model.layers.0.self_attn.v_proj.weight'), 'q4_k_m')).toBe('Q6_K');
    expect(ggufType(spec, tensor(id, 'model.layers.4.self_attn.v_proj.weight'), 'q4_k_m')).toBe('Q4_K');
    expect(ggufType(spec, tensor(id, 'model.layers.6.mlp.down_proj.weight'), 'q4_k_m')).toBe('Q6_K');
    expect(ggufType(spec, tensor(id, 'model.layers.5.mlp.down_proj.weight'), 'q4_k_m')).toBe('Q4_K');
    expect(ggufType(spec, tensor(id, 'model.layers.5.self_attn.q_proj.weight'), 'q4_k_m')).toBe('Q4_K');
    expect(ggufType(spec, tensor(id, 'model.norm.weight'), 'q4_k_m')).toBe('F32');
    // Q4_0 files get a Q6_K head too; Q8_0 files keep it Q8_0
    expect(ggufType(spec, tensor(id, 'lm_head.weight'), 'q4_0')).toBe('Q6_K');
    expect(ggufType(spec, tensor(id, 'lm_head.weight'), 'q8_0')).toBe('Q8_0');
  });

  it('adds up Llama 3.1 8B in Q4_K_M tensor by tensor', () => {
    const llama = model('meta-llama/Llama-3.1-8B');
    const moreBitsLayers = 16;
    const attnV = 1024 * 4096;
    const ffnDown = 4096 * 14_336;
    const linear = 6_979_321_856;
    const bits =
      moreBitsLayers * (attnV + ffnDown) * 6.5625 + // Q6_K attn_v and ffn_down in 16 layers
      (linear - moreBitsLayers * (attnV + ffnDown)) * 4.5 + // every other linear weight Q4_K
      525_336_576 * 4.5 + // token_embd Q4_K
      525_336_576 * 6.5625 + // output Q6_K
      266_240 * 32; // norms F32
    expect(weightsBytes(llama.spec, llama.tensors, 'q4_k_m')).toBe(Math.ceil(bits / 8));
    expect(weightsBytes(llama.spec, llama.tensors, 'q4_k_m')).toBe(4_912_898_048);
  });

  it("gives Mixtral's attention the 8-expert rules: attn_v and attn_k Q8_0, attn_output Q5_K", () => {
    const id = 'mistralai/Mixtral-8x7B-v0.1';
    const spec = snapshotSpec(id);
    expect(ggufType(spec, tensor(id, 'model.layers.4.self_attn.v_proj.weight'), 'q4_k_m')).toBe('Q8_0');
    expect(ggufType(spec, tensor(id, 'model.layers.4.self_attn.k_proj.weight'), 'q4_k_m')).toBe('Q8_0');
    expect(ggufType(spec, tensor(id, 'model.layers.4.self_attn.o_proj.weight'), 'q4_k_m')).toBe('Q5_K');
    expect(ggufType(spec, tensor(id, 'model.layers.6.block_sparse_moe.experts.{expert}.w2.weight'), 'q4_k_m')).toBe(
      'Q6_K',
    );
    expect(ggufType(spec, tensor(id, 'model.layers.5.block_sparse_moe.gate.weight'), 'q4_k_m')).toBe('F32');
  });

  it('gives a 70B Llama Q5_K for the attn_v layers use_more_bits skips', () => {
    const id = 'meta-llama/Llama-3.1-70B';
    const spec = snapshotSpec(id);
    // 80 layers: 10 … 69 get more bits only where (i − 10) mod 3 = 2; layer 10 does not
    expect(ggufType(spec, tensor(id, 'model.layers.10.self_attn.v_proj.weight'), 'q4_k_m')).toBe('Q5_K');
    expect(ggufType(spec, tensor(id, 'model.layers.12.self_attn.v_proj.weight'), 'q4_k_m')).toBe('Q6_K');
  });
});

describe('the GPU catalogue', () => {
  it('records memory as the device reports it', () => {
    // nvidia-smi: H100 SXM 81,559 MiB; H200 143,771 MiB; RTX 4090 24,564 MiB
    expect(h100.memoryBytes).toBe(81_559 * MIB);
    expect(h100.memoryBytes).toBe(85_520_809_984);
    expect(h200.memoryBytes).toBe(150_754_820_096);
    expect(rtx4090.memoryBytes).toBe(25_757_220_864);
  });

  it('cites a source for every entry and has positive numbers', () => {
    for (const entry of GPUS) {
      expect(entry.source, entry.id).toMatch(/^https:\/\//);
      expect(entry.memoryBytes).toBeGreaterThan(0);
      expect(entry.bandwidthBytesPerSecond).toBeGreaterThan(0);
      expect(entry.bf16FlopsPerSecond).toBeGreaterThan(0);
    }
  });

  it('takes a custom GPU as three numbers and refuses nonsense', () => {
    expect(customGpu({ memoryBytes: '1000', bandwidthBytesPerSecond: '2e12', flopsPerSecond: 3e14 })).toMatchObject({
      id: 'custom',
      memoryBytes: 1000,
      bandwidthBytesPerSecond: 2e12,
      bf16FlopsPerSecond: 3e14,
    });
    expect(() => customGpu({ memoryBytes: 0, bandwidthBytesPerSecond: 1, flopsPerSecond: 1 })).toThrow(ConfigError);
    expect(() => customGpu({ memoryBytes: 1, bandwidthBytesPerSecond: 'NaN', flopsPerSecond: 1 })).toThrow(
      'gpu-bandwidth: must be a positive number',
    );
    expect(() => customGpu({ memoryBytes: 1, bandwidthBytesPerSecond: 1, flopsPerSecond: Infinity })).toThrow(
      'gpu-flops',
    );
    expect(() => gpuById('h100')).toThrow('gpu: must be one of h100-sxm');
  });
});

describe('serving memory', () => {
  it("does not fit Llama 3.1 70B's bf16 weights on one H100", () => {
    const result = plan('meta-llama/Llama-3.1-70B', { gpu: h100 });
    // usable 0.9 × 85,520,809,984 = 76,968,728,985.6 bytes < 141,107,412,992 bytes of weights
    expect(result.usableBytesPerGpu).toBe(0.9 * 85_520_809_984);
    expect(result.weights).toEqual({ format: 'bf16', bytes: 141_107_412_992 });
    expect(result.fits).toBe(false);
    expect(result.maxContext).toBe(0);
    expect(result.maxBatch).toBe(0);
  });

  it('derives the max batch of Llama 3.1 8B at 128K context on one 24 GB GPU', () => {
    // KV of one 131,072-token sequence: 131,072 tokens × 32 layers · 2 · 8 · 128 · 2 B = 17,179,869,184 bytes
    const kvPerSequence = 131_072 * 32 * 2 * 8 * 128 * 2;
    expect(kvPerSequence).toBe(17_179_869_184);
    const usable = 0.9 * 24_564 * MIB; // 23,181,498,777.6 bytes of the RTX 4090
    // bf16: 23,181,498,777.6 − 16,060,522,496 = 7,120,976,281.6 free: not one sequence fits
    const bf16 = plan('meta-llama/Llama-3.1-8B', { gpu: rtx4090, contextTokens: 131_072 });
    expect(bf16.fits).toBe(false);
    expect(bf16.maxBatch).toBe(Math.floor((usable - 16_060_522_496) / kvPerSequence));
    expect(bf16.maxBatch).toBe(0);
    // ... and the longest context of one sequence is the free bytes over 131,072 bytes per token
    expect(bf16.maxContext).toBe(Math.floor((usable - 16_060_522_496) / 131_072));
    expect(bf16.maxContext).toBe(54_328);
    // int4 weights (5,727,854,592 bytes) leave 17,453,644,185.6: one sequence
    const int4 = plan('meta-llama/Llama-3.1-8B', { gpu: rtx4090, contextTokens: 131_072, format: 'int4' });
    expect(int4.weights.bytes).toBe(5_727_854_592);
    expect(int4.maxBatch).toBe(1);
    expect(int4.fits).toBe(true);
  });

  it('splits 8 KV heads over 8 GPUs one each, and replicates them over 16', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-70B');
    const oneToken = { contextTokens: 1, batch: 1, dtype: 'bf16' as const };
    // 80 layers · 2 (K and V) · kvHeads per GPU · 128 · 2 bytes
    expect(kvBytesPerGpu(spec, 1, oneToken)).toBe(80 * 2 * 8 * 128 * 2);
    expect(kvBytesPerGpu(spec, 2, oneToken)).toBe(80 * 2 * 4 * 128 * 2);
    expect(kvBytesPerGpu(spec, 8, oneToken)).toBe(80 * 2 * 1 * 128 * 2);
    expect(kvBytesPerGpu(spec, 16, oneToken)).toBe(80 * 2 * 1 * 128 * 2); // ceil(8 / 16) = 1: replicated
    expect(kvBytesPerGpu(spec, 3, oneToken)).toBe(80 * 2 * 3 * 128 * 2); // ceil(8 / 3) = 3
  });

  it("stops Mistral 7B's cache at its 4,096-token window, so no context is too long", () => {
    const result = plan('mistralai/Mistral-7B-v0.1', { gpu: h100, contextTokens: 131_072 });
    // every layer slides: 32 · 2 · 8 · 128 · 2 bytes × 4,096 tokens, not × 131,072
    expect(result.kvCacheBytes).toBe(32 * 2 * 8 * 128 * 2 * 4096);
    expect(result.kvCacheBytes).toBe(536_870_912);
    expect(result.maxContext).toBe(100_000_000); // the calculators' cap
  });

  it("keeps DeepSeek-V3's whole MLA latent on each of 8 H200s", () => {
    const fp8 = plan('deepseek-ai/DeepSeek-V3', { gpu: h200, gpus: 8, format: 'fp8', contextTokens: 131_072 });
    // 61 layers × (kv_lora_rank 512 + qk_rope 64) × 2 bytes = 70,272 bytes per token, on every GPU
    expect(fp8.perGpuKvCacheBytes).toBe(61 * 576 * 2 * 131_072);
    expect(fp8.perGpuKvCacheBytes).toBe(fp8.kvCacheBytes);
    // fp8: 669,065,609,216 linear weights × 1 byte + 1,960,809,984 others × 2 bytes
    expect(fp8.weights.bytes).toBe(669_065_609_216 + 2 * 1_960_809_984);
    expect(fp8.perGpuWeightsBytes).toBe(672_987_229_184 / 8);
    expect(fp8.fits).toBe(true);
    // (0.9 × 150,754,820,096 − 84,123,403,648) / 70,272 = 733,662.6
    expect(fp8.maxContext).toBe(Math.floor((0.9 * 150_754_820_096 - 84_123_403_648) / 70_272));
    expect(fp8.maxContext).toBe(733_662);
    // bf16: 1,342,052,838,400 / 8 = 167,756,604,800 bytes per GPU, more than an H200 offers
    expect(plan('deepseek-ai/DeepSeek-V3', { gpu: h200, gpus: 8 }).fits).toBe(false);
  });

  it('holds every Mixtral expert but reads only two per token when decoding', () => {
    const mixtral = model('mistralai/Mixtral-8x7B-v0.1');
    const counts = countParams(mixtral.spec, mixtral.tensors);
    // resident: all 46,702,792,704 parameters; read per step: the 12,748,853,248 active ones without the embedding table
    expect(weightsBytes(mixtral.spec, mixtral.tensors, 'bf16')).toBe(2 * 46_702_792_704);
    expect(counts.activeNonEmbedding).toBe(12_748_853_248);
    expect(decodeWeightBytes(mixtral.spec, mixtral.tensors, 'bf16')).toBe(2 * 12_748_853_248);
    // 32 × (41,943,040 attention + 2 × 3 × 58,720,256 experts + 32,768 router + 8,192 norms) + 4,096 + 131,072,000 head
    expect(32 * (41_943_040 + 6 * 58_720_256 + 32_768 + 8192) + 4096 + 131_072_000).toBe(12_748_853_248);
    // on 2 H100s at 4,096 tokens: each reads half the weights plus 4 of 8 KV heads' cache
    const result = memoryPlan(mixtral, {
      format: 'bf16',
      kvDtype: 'bf16',
      contextTokens: 4096,
      batch: 1,
      gpu: h100,
      gpus: 2,
      reserveFraction: 0.1,
      attention: 'causal',
    });
    const kvPerGpu = 32 * 2 * 4 * 128 * 2 * 4096;
    expect(result.perGpuKvCacheBytes).toBe(kvPerGpu);
    expect(result.decodeTokensPerSecond).toBe(3.35e12 / (12_748_853_248 + kvPerGpu));
  });

  it('bounds prefill by the FLOPs over N peaks', () => {
    const llama = model('meta-llama/Llama-3.1-8B');
    const result = plan('meta-llama/Llama-3.1-8B', { gpu: h100, gpus: 2, batch: 3 });
    // flops.prefill at 4,096 causal tokens: 4,096 × 2 × 7,504,924,672 + attention (flops.test.ts derives it)
    const prefill = 4096 * 2 * llama.matmulParams + 32 * 4 * 32 * 128 * ((4096 * 4097) / 2);
    expect(result.prefillSeconds).toBe((3 * prefill) / (2 * 989.5e12));
  });
});

describe('options', () => {
  it('defaults to bf16 on one H100 with a 10% reserve', () => {
    expect(resolveMemoryOptions({})).toEqual({ format: 'bf16', gpu: h100, gpus: 1, reserveFraction: 0.1 });
  });

  it.each([
    [{ weights: 'q3_k' }, 'weights: must be one of'],
    [{ gpus: '0' }, 'gpus: must be a whole number of GPUs from 1 to 1024'],
    [{ gpus: 2000 }, 'gpus: must be a whole number'],
    [{ reserve: '1' }, 'reserve: must be a fraction'],
    [{ reserve: 'abc' }, 'reserve: must be a fraction'],
    [{ gpu: 'tpu' }, 'gpu: must be one of'],
  ])('refuses %j', (raw, message) => {
    expect(() => resolveMemoryOptions(raw)).toThrow(message);
  });

  it('refuses a training mode or rank it does not know', () => {
    expect(() => resolveTrainingOptions({ train: 'dpo' })).toThrow('train: must be one of full, lora, qlora');
    expect(() => resolveTrainingOptions({ train: 'lora', loraRank: '1.5' })).toThrow('lora-rank');
    expect(resolveTrainingOptions({ train: 'qlora' })).toEqual({ mode: 'qlora', loraRank: 16 });
  });
});

describe('fine-tuning memory', () => {
  const llama = model('meta-llama/Llama-3.1-8B');

  it('charges full fine-tuning 16 bytes per parameter plus Korthikanti activations', () => {
    const result = trainingMemory(llama.spec, llama.tensors, {
      mode: 'full',
      loraRank: 16,
      format: 'bf16',
      contextTokens: 4096,
      batch: 1,
    });
    expect(result.trainableStateBytes).toBe(16 * 8_030_261_248);
    expect(result.frozenWeightsBytes).toBe(0);
    // s·b·h·(34 + 5·a·s/h) per layer: 4,096 · 4,096 · (34 + 5 · 32 · 4,096 / 4,096) = 4,096 · 4,096 · 194
    expect(activationBytesPerTokenPerLayer(4096, 32, 4096)).toBe(4096 * 194);
    expect(result.activationBytes).toBe(32 * 4096 * 4096 * 194);
    // full recomputation keeps each layer's input: 2·s·b·h bytes
    expect(result.activationBytesWithRecomputation).toBe(32 * 2 * 4096 * 4096);
    expect(result.bytes).toBe(16 * 8_030_261_248 + 32 * 4096 * 4096 * 194);
  });

  it('trains r·(in + out) parameters per adapted matrix with LoRA, over int4 weights with QLoRA', () => {
    const options = { loraRank: 16, format: 'bf16' as const, contextTokens: 4096, batch: 1 };
    const lora = trainingMemory(llama.spec, llama.tensors, { ...options, mode: 'lora' });
    // per layer, 16 × (in + out): q and o 8,192; k and v 5,120; gate, up and down 18,432
    const perLayer = 16 * (2 * 8192 + 2 * 5120 + 3 * 18_432);
    expect(lora.trainableParameters).toBe(32 * perLayer);
    expect(lora.trainableParameters).toBe(41_943_040);
    expect(lora.frozenWeightsBytes).toBe(2 * 8_030_261_248);
    expect(lora.trainableStateBytes).toBe(16 * 41_943_040);
    const qlora = trainingMemory(llama.spec, llama.tensors, { ...options, mode: 'qlora' });
    expect(qlora.frozenWeightsBytes).toBe(5_727_854_592);
    expect(qlora.trainableParameters).toBe(41_943_040);
  });
});
