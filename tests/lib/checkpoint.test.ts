import { describe, expect, it } from 'vitest';
import { loadSnapshotEntry, snapshotIds } from '../../src/data/snapshot.ts';
import {
  analyzeSpec,
  architectureSummary,
  bufferElements,
  checkpointAccount,
  DEFAULT_RUN_OPTIONS,
  knownBufferSets,
  parseConfig,
  reconcileHubCount,
  storedExtras,
  tensorList,
} from '../../src/lib/index.ts';
import { gpt2Config, llamaConfig, qwen2MoeConfig, snapshotSpec } from '../fixtures.ts';

describe('from parameters to the checkpoint count', () => {
  it.each(snapshotIds().map((id) => [id]))(
    '%s: params.checkpoint is the Hub parameters plus the recorded buffers',
    (id) => {
      const entry = loadSnapshotEntry(id);
      const spec = parseConfig(entry.config);
      const analysis = analyzeSpec(id, spec, DEFAULT_RUN_OPTIONS, { recordedBuffers: entry.hub.checkpointBuffers });
      const buffers = entry.hub.checkpointBuffers.reduce((sum, buffer) => sum + buffer.elements, 0);
      // What the config alone says the checkpoint adds: MTP layers, FP8 and MXFP4 scales.
      const extras = bufferElements(storedExtras(spec, tensorList(spec)));
      expect(analysis.params.total).toBe(entry.hub.parameters);
      expect(analysis.params.checkpoint).toBe(entry.hub.parameters + extras + buffers);
      expect(analysis.checkpoint.elements).toBe(analysis.params.checkpoint);
      if (entry.hub.safetensors !== null) expect(analysis.params.checkpoint).toBe(entry.hub.safetensors.total);
      // every recorded buffer set is one the architecture knows, so the Hub count reconciles
      expect(reconcileHubCount(spec, analysis.params.total + extras, analysis.params.checkpoint ?? Number.NaN)).toEqual(
        entry.hub.checkpointBuffers,
      );
    },
  );

  it("GPT-2 small's checkpoint holds 124,439,808 + 12 × 1024² = 137,022,720 elements", () => {
    const entry = loadSnapshotEntry('openai-community/gpt2');
    const analysis = analyzeSpec('openai-community/gpt2', parseConfig(entry.config), DEFAULT_RUN_OPTIONS, {
      recordedBuffers: entry.hub.checkpointBuffers,
    });
    expect(124_439_808 + 12 * 1024 * 1024).toBe(137_022_720);
    expect(analysis.params.checkpoint).toBe(137_022_720);
    expect(analysis.checkpoint.terms.map((term) => [term.tensors, term.count, term.elements])).toEqual([
      ['h.{layer}.attn.bias', 12, 12 * 1024 * 1024],
    ]);
  });

  it("Llama 2 7B's checkpoint holds 6,738,415,616 + 32 · 64 = 6,738,417,664 elements", () => {
    const entry = loadSnapshotEntry('meta-llama/Llama-2-7b-hf');
    const analysis = analyzeSpec('meta-llama/Llama-2-7b-hf', parseConfig(entry.config), DEFAULT_RUN_OPTIONS, {
      recordedBuffers: entry.hub.checkpointBuffers,
    });
    expect(6_738_415_616 + 32 * 64).toBe(6_738_417_664);
    expect(analysis.params.checkpoint).toBe(6_738_417_664);
  });

  it('counts nothing beyond the parameters without a record', () => {
    const spec = snapshotSpec('openai-community/gpt2');
    expect(analyzeSpec('gpt2', spec, DEFAULT_RUN_OPTIONS).params.checkpoint).toBe(124_439_808);
    expect(checkpointAccount(spec, tensorList(spec), 124_439_808)).toEqual({
      parameters: 124_439_808,
      terms: [],
      elements: 124_439_808,
      undetermined: null,
    });
  });
});

describe('reconciling a Hub count', () => {
  it("recognises GPT-2's known buffer sets by the exact gap, and nothing else", () => {
    const spec = parseConfig(gpt2Config());
    const sets = knownBufferSets(spec);
    // the causal masks alone, or the masks plus a scalar masked_bias per layer
    expect(sets.map((set) => set.map((buffer) => buffer.tensors))).toEqual([
      ['h.{layer}.attn.bias'],
      ['h.{layer}.attn.bias', 'h.{layer}.attn.masked_bias'],
    ]);
    expect(sets.map(bufferElements)).toEqual([12 * 1024 * 1024, 12 * 1024 * 1024 + 12]);
    expect(reconcileHubCount(spec, 124_439_808, 124_439_808)).toEqual([]);
    expect(reconcileHubCount(spec, 124_439_808, 137_022_720)?.map((buffer) => buffer.tensors)).toEqual([
      'h.{layer}.attn.bias',
    ]);
    expect(reconcileHubCount(spec, 124_439_808, 137_022_720 + 12)?.map((buffer) => buffer.tensors)).toEqual([
      'h.{layer}.attn.bias',
      'h.{layer}.attn.masked_bias',
    ]);
    expect(reconcileHubCount(spec, 124_439_808, 137_022_721)).toBeNull();
  });

  it("knows Llama's pre-4.31 inv_freq buffers: layers × head_dim / 2", () => {
    const spec = snapshotSpec('meta-llama/Llama-2-7b-hf');
    const [set] = knownBufferSets(spec);
    expect(set?.map((buffer) => [buffer.tensors, buffer.shape, buffer.count, buffer.elements])).toEqual([
      ['model.layers.{layer}.self_attn.rotary_emb.inv_freq', [64], 32, 32 * 64],
    ]);
  });
});

describe('block-wise FP8 scales', () => {
  // hidden 256, 2 layers, 4 heads of 64, 2 KV heads, intermediate 512
  const small = (overrides: Record<string, unknown> = {}) =>
    parseConfig(
      llamaConfig({
        hidden_size: 256,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        num_key_value_heads: 2,
        intermediate_size: 512,
        vocab_size: 1000,
        quantization_config: { quant_method: 'fp8', weight_block_size: [128, 128] },
        ...overrides,
      }),
    );

  it('stores one float32 scale per 128 × 128 block of every layer matrix: 36 per layer, 72 in all', () => {
    const spec = small();
    const quantization = {
      method: 'fp8',
      weightBlockSize: [128, 128],
      activationScheme: null,
      modulesNotConverted: [],
    };
    expect(spec.quantization).toEqual(quantization);
    expect(architectureSummary(spec).quantization).toEqual(quantization);
    // q [256, 256] → 2·2 = 4; k [128, 256] → 1·2 = 2; v 2; o [256, 256] → 4;
    // gate [512, 256] → 4·2 = 8; up 8; down [256, 512] → 2·4 = 8
    const perLayer = 4 + 2 + 2 + 4 + 8 + 8 + 8;
    expect(perLayer).toBe(36);
    const terms = storedExtras(spec, tensorList(spec));
    // one term per quantized weight of the layer, named after it, over both layers
    expect(terms.map((term) => [term.tensors, term.shape, term.count, term.elements, term.dtype])).toEqual([
      ['model.layers.[0–1].self_attn.q_proj.weight_scale_inv', [2, 2], 2, 2 * 4, 'F32'],
      ['model.layers.[0–1].self_attn.k_proj.weight_scale_inv', [1, 2], 2, 2 * 2, 'F32'],
      ['model.layers.[0–1].self_attn.v_proj.weight_scale_inv', [1, 2], 2, 2 * 2, 'F32'],
      ['model.layers.[0–1].self_attn.o_proj.weight_scale_inv', [2, 2], 2, 2 * 4, 'F32'],
      ['model.layers.[0–1].mlp.gate_proj.weight_scale_inv', [4, 2], 2, 2 * 8, 'F32'],
      ['model.layers.[0–1].mlp.up_proj.weight_scale_inv', [4, 2], 2, 2 * 8, 'F32'],
      ['model.layers.[0–1].mlp.down_proj.weight_scale_inv', [2, 4], 2, 2 * 8, 'F32'],
    ]);
    expect(bufferElements(terms)).toBe(2 * 36);
    const analysis = analyzeSpec('fp8', spec, DEFAULT_RUN_OPTIONS);
    expect(analysis.params.checkpoint).toBe(analysis.params.total + 72);
    // the parameters themselves do not change: the unquantized config has the same total
    const plain = analyzeSpec('plain', small({ quantization_config: null }), DEFAULT_RUN_OPTIONS);
    expect(plain.params.total).toBe(analysis.params.total);
    expect(plain.params.checkpoint).toBe(plain.params.total);
  });

  it('rounds partial blocks up: a 320-wide MLP takes ⌈320/128⌉ = 3 block rows', () => {
    const spec = small({ intermediate_size: 320 });
    // q 4, k 2, v 2, o 4; gate [320, 256] → 3·2 = 6; up 6; down [256, 320] → 2·3 = 6
    expect(bufferElements(storedExtras(spec, tensorList(spec)))).toBe(2 * (4 + 2 + 2 + 4 + 6 + 6 + 6));
  });

  it('leaves the output head unquantized', () => {
    const spec = small();
    const outside = tensorList(spec).filter((tensor) => tensor.isMatmul && tensor.layer === null);
    expect(outside.map((tensor) => tensor.name)).toEqual(['lm_head.weight']);
    // the head [1000, 256] would add 8 · 2 = 16 scales; it is not counted
    expect(bufferElements(storedExtras(spec, tensorList(spec)))).toBe(72);
  });

  it('scales every routed and shared expert but not the router or the shared-expert gate', () => {
    // qwen2MoeConfig: hidden 32, 4 layers (all sparse), 4 heads of 8, 2 KV heads, 8 experts of 64, shared 128
    const spec = parseConfig(
      qwen2MoeConfig({ quantization_config: { quant_method: 'fp8', weight_block_size: [16, 16] } }),
    );
    // q [32, 32] → 2·2 = 4; k [16, 32] → 1·2 = 2; v 2; o 4
    const attention = 4 + 2 + 2 + 4;
    // per expert: gate [64, 32] → 4·2 = 8; up 8; down [32, 64] → 2·4 = 8; × 8 experts
    const experts = 8 * (8 + 8 + 8);
    // shared expert: gate [128, 32] → 8·2 = 16; up 16; down [32, 128] → 2·8 = 16
    const shared = 16 + 16 + 16;
    // router [8, 32] and shared_expert_gate [1, 32] stay unscaled
    expect(attention + experts + shared).toBe(252);
    expect(bufferElements(storedExtras(spec, tensorList(spec)))).toBe(4 * 252);
  });

  it('adds no scales for other quantization schemes or without block sizes', () => {
    const perTensor = small({ quantization_config: { quant_method: 'fp8' } });
    const bitsandbytes = small({ quantization_config: { quant_method: 'bitsandbytes' } });
    expect(storedExtras(perTensor, tensorList(perTensor))).toEqual([]);
    expect(storedExtras(bitsandbytes, tensorList(bitsandbytes))).toEqual([]);
  });

  it('leaves the checkpoint count undetermined, saying why, for a scheme it does not count', () => {
    for (const method of ['awq', 'bitsandbytes', 'fp8']) {
      const spec = small({ quantization_config: { quant_method: method } });
      const analysis = analyzeSpec('x', spec, DEFAULT_RUN_OPTIONS);
      expect(analysis.params.checkpoint).toBeNull();
      expect(analysis.checkpoint.undetermined).toContain(`"${method}"`);
      // the parameters do not depend on how the checkpoint stores them
      expect(analysis.params.total).toBe(
        analyzeSpec('x', small({ quantization_config: null }), DEFAULT_RUN_OPTIONS).params.total,
      );
    }
  });

  it('refuses a quantization_config that names no method', () => {
    expect(() => small({ quantization_config: { weight_block_size: [128, 128] } })).toThrow(
      'quantization_config.quant_method',
    );
  });
});
