import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/lib/index.ts';
import {
  architectureSummary,
  attentionVariants,
  countParams,
  expandTensors,
  formatIndexRanges,
  groupRowName,
  groupTensorsByLayer,
  parameterBreakdown,
  parseConfig,
  tensorCount,
  tensorList,
} from '../../src/lib/index.ts';
import { gpt2Config, llamaConfig, present, qwen2MoeConfig, snapshotSpec, snapshotTensors } from '../fixtures.ts';

function shapeOf(tensors: { name: string; shape: number[] }[], name: string): number[] | undefined {
  return tensors.find((tensor) => tensor.name === name)?.shape;
}

describe('parameter counts', () => {
  it('derives GPT-2 small by hand: 124,439,808', () => {
    const d = 768;
    const vocab = 50257;
    const positions = 1024;
    const perLayer =
      2 * (2 * d) + // ln_1, ln_2: weight and bias
      (d * 3 * d + 3 * d) + // c_attn
      (d * d + d) + // attn c_proj
      (d * 4 * d + 4 * d) + // c_fc
      (4 * d * d + d); // mlp c_proj
    const expected = vocab * d + positions * d + 12 * perLayer + 2 * d;
    expect(expected).toBe(124_439_808);
    const spec = parseConfig(gpt2Config());
    expect(countParams(spec, tensorList(spec))).toEqual({
      total: 124_439_808,
      embedding: vocab * d + positions * d,
      nonEmbedding: 124_439_808 - (vocab * d + positions * d),
      activePerToken: 124_439_808,
      activeNonEmbedding: 124_439_808 - (vocab * d + positions * d),
      vision: 0,
    });
  });

  it('counts Mixtral 8x7B as 46.7 B total and about 12.9 B active (2 of 8 experts)', () => {
    const spec = snapshotSpec('mistralai/Mixtral-8x7B-v0.1');
    const counts = countParams(spec, tensorList(spec));
    const expert = 3 * 4096 * 14336;
    const attention = 4096 * 4096 * 2 + 1024 * 4096 * 2;
    const layerShared = attention + 8 * 4096 /* router */ + 2 * 4096; /* norms */
    const embeddings = 2 * 32000 * 4096;
    expect(counts.total).toBe(46_702_792_704);
    expect(counts.total).toBe(32 * (layerShared + 8 * expert) + embeddings + 4096);
    expect(counts.activePerToken).toBe(32 * (layerShared + 2 * expert) + embeddings + 4096);
    expect(counts.activePerToken).toBe(12_879_925_248);
  });

  it('matches the Gemma papers\u2019 non-embedding counts', () => {
    const nonEmbedding = (id: string) => {
      const spec = snapshotSpec(id);
      return countParams(spec, tensorList(spec)).nonEmbedding;
    };
    expect(nonEmbedding('google/gemma-2b')).toBe(1_981_884_416);
    expect(nonEmbedding('google/gemma-2-9b')).toBe(8_324_201_984);
    expect(nonEmbedding('google/gemma-2-27b')).toBe(26_047_480_320);
  });

  it('counts lm_head once when embeddings are tied, and separately when not', () => {
    const tied = parseConfig(llamaConfig({ tie_word_embeddings: true }));
    const untied = parseConfig(llamaConfig());
    const tiedCounts = countParams(tied, tensorList(tied));
    const untiedCounts = countParams(untied, tensorList(untied));
    expect(tensorList(tied).some((tensor) => tensor.name === 'lm_head.weight')).toBe(false);
    expect(shapeOf(tensorList(untied), 'lm_head.weight')).toEqual([128256, 4096]);
    expect(untiedCounts.total - tiedCounts.total).toBe(128256 * 4096);
    expect(tiedCounts.embedding).toBe(128256 * 4096);
    expect(untiedCounts.embedding).toBe(2 * 128256 * 4096);
  });

  it('counts a Qwen2-MoE shared expert as always active and only top-k routed experts', () => {
    const spec = parseConfig(qwen2MoeConfig());
    const counts = countParams(spec, tensorList(spec));
    const routedExpert = 3 * 32 * 64;
    expect(counts.total - counts.activePerToken).toBe(4 * (8 - 2) * routedExpert);
  });
});

describe('tensor list', () => {
  it('names Llama 3.1 8B tensors as its checkpoint does', () => {
    const tensors = snapshotTensors('meta-llama/Llama-3.1-8B');
    expect(shapeOf(tensors, 'model.layers.31.self_attn.k_proj.weight')).toEqual([1024, 4096]);
    expect(shapeOf(tensors, 'model.layers.31.mlp.down_proj.weight')).toEqual([4096, 14336]);
    expect(shapeOf(tensors, 'model.embed_tokens.weight')).toEqual([128256, 4096]);
    expect(shapeOf(tensors, 'lm_head.weight')).toEqual([128256, 4096]);
    // 1 embedding + 32 layers × 9 + final norm + lm_head
    expect(tensors).toHaveLength(1 + 32 * 9 + 1 + 1);
  });

  it('lists no rotary inv_freq or attn.bias buffers: they are not parameters', () => {
    for (const id of ['meta-llama/Llama-2-7b-hf', 'openai-community/gpt2']) {
      const names = snapshotTensors(id).map((tensor) => tensor.name);
      expect(names.some((name) => name.includes('inv_freq') || name.endsWith('.attn.bias'))).toBe(false);
    }
  });

  it("stores GPT-2's Conv1D weights as [in, out] with biases, and ties its head", () => {
    const tensors = tensorList(parseConfig(gpt2Config()));
    expect(shapeOf(tensors, 'transformer.h.0.attn.c_attn.weight')).toEqual([768, 2304]);
    expect(shapeOf(tensors, 'transformer.h.0.attn.c_attn.bias')).toEqual([2304]);
    expect(shapeOf(tensors, 'transformer.h.11.mlp.c_fc.weight')).toEqual([768, 3072]);
    expect(shapeOf(tensors, 'transformer.h.11.mlp.c_proj.weight')).toEqual([3072, 768]);
    expect(shapeOf(tensors, 'transformer.wpe.weight')).toEqual([1024, 768]);
    expect(shapeOf(tensors, 'transformer.ln_f.bias')).toEqual([768]);
    expect(shapeOf(tensors, 'lm_head.weight')).toBeUndefined();
  });

  it('gives Qwen2 biases on q, k and v but not o', () => {
    const tensors = snapshotTensors('Qwen/Qwen2-7B');
    expect(shapeOf(tensors, 'model.layers.0.self_attn.q_proj.bias')).toEqual([3584]);
    expect(shapeOf(tensors, 'model.layers.0.self_attn.k_proj.bias')).toEqual([512]);
    expect(shapeOf(tensors, 'model.layers.0.self_attn.v_proj.bias')).toEqual([512]);
    expect(shapeOf(tensors, 'model.layers.0.self_attn.o_proj.bias')).toBeUndefined();
  });

  it('gives Gemma 2 four norms per layer and Gemma 2B MQA k/v of one 256-wide head', () => {
    const gemma2 = snapshotTensors('google/gemma-2-9b').filter(
      (tensor) => tensor.layer === 0 && tensor.role === 'norm',
    );
    expect(gemma2.map((tensor) => tensor.name)).toEqual([
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
      'model.layers.0.pre_feedforward_layernorm.weight',
      'model.layers.0.post_feedforward_layernorm.weight',
    ]);
    expect(shapeOf(snapshotTensors('google/gemma-2b'), 'model.layers.17.self_attn.k_proj.weight')).toEqual([256, 2048]);
  });

  it("keeps Mixtral's per-expert checkpoint names w1/w2/w3 and its router", () => {
    const tensors = snapshotTensors('mistralai/Mixtral-8x7B-v0.1');
    expect(shapeOf(tensors, 'model.layers.0.block_sparse_moe.gate.weight')).toEqual([8, 4096]);
    // one record per matrix and layer stands for all 8 experts, in registration order w1, w2, w3
    const records = tensors.filter((tensor) => tensor.layer === 31 && tensor.role === 'routedExpert');
    expect(records.map((tensor) => [tensor.name, tensor.shape, tensor.experts])).toEqual([
      ['model.layers.31.block_sparse_moe.experts.{expert}.w1.weight', [14336, 4096], 8],
      ['model.layers.31.block_sparse_moe.experts.{expert}.w2.weight', [4096, 14336], 8],
      ['model.layers.31.block_sparse_moe.experts.{expert}.w3.weight', [14336, 4096], 8],
    ]);
    // the flat checkpoint list names every expert's tensor
    const flat = [...expandTensors(tensors)];
    expect(shapeOf(flat, 'model.layers.31.block_sparse_moe.experts.7.w1.weight')).toEqual([14336, 4096]);
    expect(shapeOf(flat, 'model.layers.31.block_sparse_moe.experts.7.w2.weight')).toEqual([4096, 14336]);
    expect(shapeOf(flat, 'model.layers.31.block_sparse_moe.experts.7.w3.weight')).toEqual([14336, 4096]);
    expect(shapeOf(flat, 'model.layers.31.block_sparse_moe.experts.8.w1.weight')).toBeUndefined();
  });

  it('lists Mixtral 8x7B as 323 records standing for 995 checkpoint tensors', () => {
    const tensors = snapshotTensors('mistralai/Mixtral-8x7B-v0.1');
    // per layer: q, k, v, o + router + 3 expert records + 2 norms = 10 records
    expect(tensors).toHaveLength(1 + 32 * 10 + 1 + 1);
    expect(1 + 32 * 10 + 1 + 1).toBe(323);
    // per layer: q, k, v, o + router + 8 experts × 3 matrices + 2 norms = 31 tensors
    expect(tensorCount(tensors)).toBe(1 + 32 * (4 + 1 + 8 * 3 + 2) + 1 + 1);
    expect(1 + 32 * 31 + 2).toBe(995);
    const flat = [...expandTensors(tensors)];
    expect(flat).toHaveLength(995);
    expect(new Set(flat.map((tensor) => tensor.name)).size).toBe(995);
    // state-dict order inside a layer: expert 0's w1, w2, w3, then expert 1's, …
    const layer0Experts = flat.filter((tensor) => tensor.name.startsWith('model.layers.0.block_sparse_moe.experts.'));
    expect(layer0Experts.slice(0, 4).map((tensor) => tensor.name)).toEqual([
      'model.layers.0.block_sparse_moe.experts.0.w1.weight',
      'model.layers.0.block_sparse_moe.experts.0.w2.weight',
      'model.layers.0.block_sparse_moe.experts.0.w3.weight',
      'model.layers.0.block_sparse_moe.experts.1.w1.weight',
    ]);
    expect(layer0Experts).toHaveLength(24);
  });

  it('builds Qwen2-MoE sparse layers per decoder_sparse_step and mlp_only_layers', () => {
    // Sparse where (i + 1) % 2 === 0 → layers 1 and 3; layer 3 is forced dense.
    const tensors = tensorList(parseConfig(qwen2MoeConfig({ decoder_sparse_step: 2, mlp_only_layers: [3] })));
    expect(shapeOf(tensors, 'model.layers.0.mlp.gate_proj.weight')).toEqual([96, 32]);
    expect(shapeOf(tensors, 'model.layers.1.mlp.gate.weight')).toEqual([8, 32]);
    expect(shapeOf(tensors, 'model.layers.1.mlp.experts.{expert}.down_proj.weight')).toEqual([32, 64]);
    expect(
      tensors.find((tensor) => tensor.name === 'model.layers.1.mlp.experts.{expert}.down_proj.weight')?.experts,
    ).toBe(8);
    expect(shapeOf([...expandTensors(tensors)], 'model.layers.1.mlp.experts.7.down_proj.weight')).toEqual([32, 64]);
    expect(shapeOf(tensors, 'model.layers.1.mlp.shared_expert.up_proj.weight')).toEqual([128, 32]);
    expect(shapeOf(tensors, 'model.layers.1.mlp.shared_expert_gate.weight')).toEqual([1, 32]);
    expect(shapeOf(tensors, 'model.layers.3.mlp.gate.weight')).toBeUndefined();
    expect(shapeOf(tensors, 'model.layers.3.mlp.down_proj.weight')).toEqual([32, 96]);
  });

  it('adds the biases attention_bias and mlp_bias ask for', () => {
    const tensors = tensorList(parseConfig(llamaConfig({ attention_bias: true, mlp_bias: true })));
    expect(shapeOf(tensors, 'model.layers.0.self_attn.k_proj.bias')).toEqual([1024]);
    expect(shapeOf(tensors, 'model.layers.0.self_attn.o_proj.bias')).toEqual([4096]);
    expect(shapeOf(tensors, 'model.layers.0.mlp.down_proj.bias')).toEqual([4096]);
    expect(shapeOf(tensors, 'model.layers.0.mlp.up_proj.bias')).toEqual([14336]);
  });

  it('groups the 32 identical layers of Llama 3.1 8B into one row each, × 32', () => {
    const rows = groupTensorsByLayer(snapshotTensors('meta-llama/Llama-3.1-8B'));
    expect(rows).toHaveLength(1 + 9 + 1 + 1);
    expect(rows[3]).toMatchObject({
      pattern: 'model.layers.{layer}.self_attn.v_proj.weight',
      shape: [1024, 4096],
      count: 32,
      experts: null,
    });
    expect(groupRowName(present(rows[3]))).toBe('model.layers.[0–31].self_attn.v_proj.weight');
  });

  it('groups Mixtral experts into one row per matrix: 32 layers × 8 experts = 256 tensors', () => {
    const rows = groupTensorsByLayer(snapshotTensors('mistralai/Mixtral-8x7B-v0.1'));
    // embed + q, k, v, o + router + w1, w2, w3 + 2 norms + final norm + lm_head
    expect(rows).toHaveLength(1 + 4 + 1 + 3 + 2 + 1 + 1);
    const w1 = rows.find((row) => row.pattern === 'model.layers.{layer}.block_sparse_moe.experts.{expert}.w1.weight');
    expect(w1).toMatchObject({ shape: [14336, 4096], parameters: 14336 * 4096, count: 32 * 8, experts: 8 });
    expect(w1?.layers).toEqual(Array.from({ length: 32 }, (_, layer) => layer));
    expect(groupRowName(present(w1))).toBe('model.layers.[0–31].block_sparse_moe.experts.[0–7].w1.weight');
    // the rows add up to the model: Σ parameters × count = 46,702,792,704
    expect(rows.reduce((sum, row) => sum + row.parameters * row.count, 0)).toBe(46_702_792_704);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(995);
  });

  it('gives layers that differ their own rows and writes their indices as ranges', () => {
    // sparse where (i + 1) % 2 === 0 and not in mlp_only_layers [3]: layer 1 only; 0, 2, 3 are dense
    const rows = groupTensorsByLayer(
      tensorList(parseConfig(qwen2MoeConfig({ decoder_sparse_step: 2, mlp_only_layers: [3] }))),
    );
    const dense = rows.find((row) => row.pattern === 'model.layers.{layer}.mlp.gate_proj.weight');
    expect(dense).toMatchObject({ shape: [96, 32], count: 3, layers: [0, 2, 3], experts: null });
    expect(groupRowName(present(dense))).toBe('model.layers.[0, 2–3].mlp.gate_proj.weight');
    const experts = rows.find((row) => row.pattern === 'model.layers.{layer}.mlp.experts.{expert}.up_proj.weight');
    expect(experts).toMatchObject({ shape: [64, 32], count: 1 * 8, layers: [1], experts: 8 });
    expect(groupRowName(present(experts))).toBe('model.layers.1.mlp.experts.[0–7].up_proj.weight');
    expect(formatIndexRanges([0, 1, 2, 5, 7, 8])).toBe('0–2, 5, 7–8');
    expect(formatIndexRanges([4])).toBe('4');
    expect(formatIndexRanges([])).toBe('');
  });
});

describe('parameter breakdown', () => {
  it('splits GPT-2 small into embedding, attention, MLP and norms that add up to the total', () => {
    const tensors = tensorList(parseConfig(gpt2Config()));
    const parts = parameterBreakdown(tensors);
    const embedding = 50257 * 768 + 1024 * 768;
    const attention = 12 * (768 * 2304 + 2304 + 768 * 768 + 768);
    const mlp = 12 * (768 * 3072 + 3072 + 3072 * 768 + 768);
    const norm = 12 * 4 * 768 + 2 * 768;
    expect(parts).toEqual({
      embedding,
      attention,
      mlp,
      norm,
      lmHead: 0,
      embeddingShare: embedding / 124_439_808,
      attentionShare: attention / 124_439_808,
      mlpShare: mlp / 124_439_808,
      normShare: norm / 124_439_808,
      lmHeadShare: 0,
      vision: 0,
      visionShare: 0,
      denseMlp: mlp,
      routedExperts: 0,
      sharedExperts: 0,
      denseMlpShare: mlp / 124_439_808,
      routedExpertsShare: 0,
      sharedExpertsShare: 0,
    });
    expect(parts.embedding + parts.attention + parts.mlp + parts.norm + parts.lmHead).toBe(124_439_808);
  });

  it('counts every Mixtral expert and the router as MLP', () => {
    const parts = parameterBreakdown(snapshotTensors('mistralai/Mixtral-8x7B-v0.1'));
    expect(parts.mlp).toBe(32 * (8 * 3 * 4096 * 14336 + 8 * 4096));
    expect(parts.routedExperts).toBe(parts.mlp);
    expect(parts.denseMlp + parts.sharedExperts).toBe(0);
    expect(parts.lmHead).toBe(32000 * 4096);
  });
});

describe('attention variants', () => {
  it('gives Llama 3.1 8B as MHA (32 KV heads), its own GQA (8) and MQA (1)', () => {
    const variants = attentionVariants(snapshotSpec('meta-llama/Llama-3.1-8B'));
    expect(variants.map((variant) => [variant.kind, variant.kvHeads, variant.actual])).toEqual([
      ['mha', 32, false],
      ['gqa', 8, true],
      ['mqa', 1, false],
    ]);
    // each variant's spec carries its KV heads in every layer
    expect(variants.map((variant) => architectureSummary(variant.spec).kvHeads)).toEqual([32, 8, 1]);
    // MHA would make k_proj and v_proj square: 2 × 32 layers × (4096 − 1024) × 4096 more parameters
    const total = (spec: ModelSpec) => countParams(spec, tensorList(spec)).total;
    expect(total(variants[0]?.spec as ModelSpec) - 8_030_261_248).toBe(2 * 32 * (4096 - 1024) * 4096);
  });

  it('lists a model that is already MHA once', () => {
    expect(attentionVariants(snapshotSpec('openai-community/gpt2')).map((variant) => variant.kind)).toEqual([
      'mha',
      'mqa',
    ]);
  });
});
