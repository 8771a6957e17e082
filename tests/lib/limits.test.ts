import { describe, expect, it } from 'vitest';
import {
  countParams,
  expandTensors,
  formatInteger,
  groupRowName,
  groupTensorsByLayer,
  matmulParamsPerToken,
  parseConfig,
  resolveRunOptions,
  tensorCount,
  tensorList,
} from '../../src/lib/index.ts';
import { llamaConfig, present, qwen2MoeConfig, configError } from '../fixtures.ts';

describe('refusing what is not a real option or a real size', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'refuses dtype %s, a name every object inherits',
    (dtype) => {
      const error = configError(() => resolveRunOptions({ dtype }));
      expect(error.key).toBe('dtype');
      expect(error.message).toBe(`dtype: must be one of fp32, bf16, fp16, fp8, int8, int4, got "${dtype}"`);
    },
  );

  it('still accepts every real dtype', () => {
    for (const dtype of ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4']) {
      expect(resolveRunOptions({ dtype }).dtype).toBe(dtype);
    }
  });

  it('writes 135,107,989,425,094,660 with separators and never in exponent form', () => {
    const text = formatInteger(135_107_989_425_094_660);
    expect(text).not.toContain('e');
    expect(text).not.toContain('E');
    // 18 digits: six groups of three
    expect(text).toMatch(/^\d{1,3}(,\d{3}){5}$/);
    expect(text.startsWith('135,107,989,425,')).toBe(true);
    expect(formatInteger(1e21)).not.toMatch(/e/i);
    expect(formatInteger(-1_234_567)).toBe('-1,234,567');
  });

  it('refuses a parameter total past 2^53, and counts one just below it exactly', () => {
    // head_dim 2^24 with one head and one KV head: q, k, v and o are 2^24 × 2^24 = 2^48 elements each,
    // so a layer holds 4 · 2^48 = 2^50 in attention, plus an MLP of width 1 (3 · 2^24) and 2 norms (2 · 2^24)
    const huge = (layers: number) =>
      parseConfig(
        llamaConfig({
          hidden_size: 2 ** 24,
          num_hidden_layers: layers,
          num_attention_heads: 1,
          num_key_value_heads: 1,
          intermediate_size: 1,
          vocab_size: 100,
        }),
      );
    // 7 layers: 7 · 2^50 + (100 + 7 · 5 + 1 + 100) · 2^24 = 7,881,303,307,321,344 < 2^53
    const seven = huge(7);
    const total = 7 * 2 ** 50 + (100 + 7 * 5 + 1 + 100) * 2 ** 24;
    expect(total).toBe(7_881_303_307_321_344);
    expect(total).toBeLessThan(2 ** 53);
    expect(countParams(seven, tensorList(seven)).total).toBe(total);
    // 8 layers: 2^53 + 241 · 2^24 is past exact arithmetic
    const eight = huge(8);
    const error = configError(() => countParams(eight, tensorList(eight)));
    expect(error.key).toBeNull();
    expect(error.message).toContain('beyond exact arithmetic');
  });
});

describe('10,000 experts stay a short tensor list', () => {
  // qwen2MoeConfig: hidden 32, 4 heads of 8, 2 KV heads, dense 96, experts of width 64, top-2, shared 128, vocab 100
  const config = qwen2MoeConfig({ num_experts: 10_000, num_hidden_layers: 8 });

  it('lists 139 records standing for 240,115 tensors', () => {
    const spec = parseConfig(config);
    const tensors = tensorList(spec);
    // per layer: q, k, v weights and biases (6) + o (1) + router (1) + 3 expert records + shared expert (3)
    // + shared expert gate (1) + 2 norms = 17 records; plus embed_tokens, model.norm and lm_head
    expect(tensors).toHaveLength(1 + 8 * 17 + 1 + 1);
    expect(1 + 8 * 17 + 2).toBe(139);
    // the same layer with every expert's 3 matrices: 7 + 1 + 3 · 10,000 + 3 + 1 + 2 = 30,014 tensors
    expect(tensorCount(tensors)).toBe(1 + 8 * (7 + 1 + 3 * 10_000 + 3 + 1 + 2) + 1 + 1);
    expect(tensorCount(tensors)).toBe(240_115);
  });

  it('counts 494,210,592 parameters by hand, 2,788,896 of them active', () => {
    const spec = parseConfig(config);
    const attention = 32 * 32 + 32 + 2 * (16 * 32 + 16) + 32 * 32; // q with bias, k and v with bias, o
    const router = 10_000 * 32;
    const expert = 3 * 64 * 32;
    const shared = 3 * 128 * 32;
    const sharedGate = 32;
    const norms = 2 * 32;
    const perLayer = attention + router + 10_000 * expert + shared + sharedGate + norms;
    expect(perLayer).toBe(61_775_520);
    const outside = 100 * 32 + 32 + 100 * 32; // embed_tokens, model.norm, untied lm_head
    const counts = countParams(spec, tensorList(spec));
    expect(counts.total).toBe(8 * perLayer + outside);
    expect(counts.total).toBe(494_210_592);
    // active: top-2 of the 10,000 experts
    expect(counts.activePerToken).toBe(8 * (perLayer - 9_998 * expert) + outside);
    expect(counts.activePerToken).toBe(2_788_896);
    expect(counts.embedding).toBe(2 * 100 * 32);
  });

  it('parses, lists, counts, groups and expands the whole model', () => {
    const spec = parseConfig(config);
    const tensors = tensorList(spec);
    const counts = countParams(spec, tensors);
    const rows = groupTensorsByLayer(tensors);
    // embed + 7 attention + router + 3 experts + 3 shared + shared gate + 2 norms + final norm + lm_head
    expect(rows).toHaveLength(1 + 7 + 1 + 3 + 3 + 1 + 2 + 1 + 1);
    const up = rows.find((row) => row.experts === 10_000 && row.pattern.endsWith('up_proj.weight'));
    expect(up?.count).toBe(80_000);
    expect(groupRowName(present(up))).toBe('model.layers.[0–7].mlp.experts.[0–9999].up_proj.weight');
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(240_115);
    expect(rows.reduce((sum, row) => sum + row.parameters * row.count, 0)).toBe(counts.total);
    let expanded = 0;
    let elements = 0;
    for (const tensor of expandTensors(tensors)) {
      expanded += 1;
      elements += tensor.shape.reduce((product, extent) => product * extent, 1);
    }
    expect(expanded).toBe(240_115);
    expect(elements).toBe(494_210_592);
    // matrices one token meets per layer: q, k, v, o (1,024 + 512 + 512 + 1,024) + router 320,000
    // + top-2 experts 2 · 6,144 + shared expert 12,288 + its gate 32 = 347,680; plus lm_head 3,200
    const matmulPerLayer = 1024 + 512 + 512 + 1024 + 320_000 + 2 * 6144 + 12_288 + 32;
    expect(matmulPerLayer).toBe(347_680);
    expect(matmulParamsPerToken(spec, tensors)).toBe(8 * matmulPerLayer + 3200);
  });

  it('refuses a config that would exceed 250,000 tensors', () => {
    // 9 layers × (16 + 3 · 10,000 + 4) = 270,180 estimated tensors
    const error = configError(() => parseConfig(qwen2MoeConfig({ num_experts: 10_000, num_hidden_layers: 9 })));
    expect(error.key).toBe('num_hidden_layers');
    expect(error.message).toContain('limit 250,000');
    expect(error.message).toContain('10,000 experts');
  });
});
