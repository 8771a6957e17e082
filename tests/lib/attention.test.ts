import { describe, expect, it } from 'vitest';
import type { AttentionReach, AttentionSpec, LayerSpec, ModelSpec } from '../../src/lib/index.ts';
import {
  architectureSummary,
  attentionFlopsFormula,
  attentionFlopsPerKey,
  attentionKind,
  cachedTokens,
  causalKeySum,
  countParams,
  decompressedKvElementsPerToken,
  flops,
  formulaText,
  fullKeySum,
  keysAt,
  kvCache,
  kvElementsPerToken,
  kvFormula,
  matmulParamsPerToken,
  parseConfig,
  tensorList,
} from '../../src/lib/index.ts';
import { llamaConfig, present, snapshotSpec } from '../fixtures.ts';

/** DeepSeek-V3's attention geometry (config.json of deepseek-ai/DeepSeek-V3). */
const DEEPSEEK_V3_MLA: AttentionSpec = {
  kind: 'mla',
  heads: 128,
  kvLoraRank: 512,
  qkRopeHeadDim: 64,
  qkNopeHeadDim: 128,
  vHeadDim: 128,
  qLoraRank: 1536,
};

/**
 * No module parses MLA yet, so the spec is a parsed Llama spec whose layers get DeepSeek-V3's
 * attention: hidden 7,168, 61 layers, every layer MLA and global.
 */
function mlaSpec(layers = 61): ModelSpec {
  const base = parseConfig(
    llamaConfig({
      hidden_size: 7168,
      num_hidden_layers: layers,
      num_attention_heads: 128,
      num_key_value_heads: 128,
      intermediate_size: 18_432,
      vocab_size: 129_280,
    }),
  );
  return {
    ...base,
    decoderLayers: base.decoderLayers.map((layer): LayerSpec => ({ ...layer, attention: DEEPSEEK_V3_MLA })),
  };
}

/** A parsed small Llama spec whose layers get the given reaches (and, optionally, attentions). */
function mixedSpec(reaches: AttentionReach[], attentions: AttentionSpec[] = []): ModelSpec {
  const base = parseConfig(
    llamaConfig({
      hidden_size: 64,
      num_hidden_layers: reaches.length,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      intermediate_size: 128,
      vocab_size: 100,
    }),
  );
  return {
    ...base,
    decoderLayers: base.decoderLayers.map((layer, index): LayerSpec => ({
      ...layer,
      reach: present(reaches[index], 'reach'),
      attention: attentions[index] ?? layer.attention,
    })),
  };
}

const bruteCausal = (T: number, reach: AttentionReach): number => {
  let sum = 0;
  for (let i = 0; i < T; i += 1) sum += keysAt(i, reach);
  return sum;
};

describe('GQA formulas', () => {
  it('caches 2 · kvHeads · headDim elements per token per layer: Llama 3.1 8B 2 · 8 · 128 = 2,048', () => {
    const attention = present(snapshotSpec('meta-llama/Llama-3.1-8B').decoderLayers[0]).attention;
    expect(attention).toEqual({ kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128, sinks: false });
    expect(kvElementsPerToken(attention)).toBe(2 * 8 * 128);
    expect(kvElementsPerToken(attention)).toBe(2_048);
    // GQA has nothing to decompress
    expect(decompressedKvElementsPerToken(attention)).toBe(2_048);
    // 4 · heads · headDim FLOPs per key: 4 · 32 · 128 = 16,384
    expect(attentionFlopsPerKey(attention)).toBe(16_384);
  });

  it('holds for MHA and MQA too', () => {
    expect(kvElementsPerToken({ kind: 'gqa', heads: 12, kvHeads: 12, headDim: 64, sinks: false })).toBe(2 * 12 * 64);
    expect(kvElementsPerToken({ kind: 'gqa', heads: 8, kvHeads: 1, headDim: 256, sinks: false })).toBe(512);
    expect(attentionFlopsPerKey({ kind: 'gqa', heads: 8, kvHeads: 1, headDim: 256, sinks: false })).toBe(4 * 8 * 256);
  });
});

describe('MLA formulas (DeepSeek-V3 geometry)', () => {
  it('caches kv_lora_rank + qk_rope_head_dim = 512 + 64 = 576 elements per token per layer', () => {
    expect(kvElementsPerToken(DEEPSEEK_V3_MLA)).toBe(512 + 64);
    expect(kvElementsPerToken(DEEPSEEK_V3_MLA)).toBe(576);
  });

  it('would cache 128 · (128 + 64) + 128 · 128 = 40,960 elements decompressed', () => {
    expect(decompressedKvElementsPerToken(DEEPSEEK_V3_MLA)).toBe(128 * (128 + 64) + 128 * 128);
    expect(decompressedKvElementsPerToken(DEEPSEEK_V3_MLA)).toBe(40_960);
  });

  it('spends 2 · 128 · 192 + 2 · 128 · 128 = 81,920 FLOPs per key', () => {
    expect(attentionFlopsPerKey(DEEPSEEK_V3_MLA)).toBe(2 * 128 * 192 + 2 * 128 * 128);
    expect(attentionFlopsPerKey(DEEPSEEK_V3_MLA)).toBe(81_920);
  });

  it('sizes the KV cache from the latent, and reports the decompressed cache beside it', () => {
    const spec = mlaSpec();
    const result = kvCache(spec, { contextTokens: 4096, batch: 2, dtype: 'bf16' });
    // 61 layers × 576 elements × 2 bytes = 70,272 bytes per token
    expect(result.bytesPerToken).toBe(61 * 576 * 2);
    expect(result.bytesPerToken).toBe(70_272);
    expect(result.bytes).toBe(2 * 4096 * 70_272);
    // decompressed: 61 layers × 40,960 elements × 2 bytes = 4,997,120 bytes per token
    expect(result.withoutMlaCompression).toEqual({
      bytesPerToken: 61 * 40_960 * 2,
      bytes: 2 * 4096 * 61 * 40_960 * 2,
    });
    expect(result.withoutMlaCompression?.bytesPerToken).toBe(4_997_120);
    expect(result.terms).toEqual([
      {
        firstLayer: 0,
        layers: 61,
        elementsPerToken: 576,
        reach: { kind: 'global' },
        cachedTokens: 4096,
        bytes: 2 * 61 * 576 * 4096 * 2,
      },
    ]);
  });

  it('writes the formulas with the same numbers', () => {
    const spec = mlaSpec(2);
    const [kvTerm] = kvFormula(spec);
    expect(kvTerm?.value).toBe(576);
    expect(formulaText(kvTerm?.parts ?? [])).toBe('512 kv_lora_rank + 64 qk_rope_head_dim');
    const [flopsTerm] = attentionFlopsFormula(spec);
    expect(flopsTerm?.value).toBe(81_920);
    expect(formulaText(flopsTerm?.parts ?? [])).toBe(
      '2 × 128 heads × (128 qk_nope_head_dim + 64 qk_rope_head_dim) + 2 × 128 heads × 128 v_head_dim',
    );
  });

  it('summarises an all-MLA model as MLA with no KV heads or head_dim', () => {
    const spec = mlaSpec(2);
    expect(attentionKind(spec)).toEqual({ kind: 'MLA', queriesPerKvHead: null });
    expect(architectureSummary(spec)).toMatchObject({
      attentionKind: 'MLA',
      heads: 128,
      kvHeads: null,
      headDim: null,
      queriesPerKvHead: null,
      attentionWidth: null,
      mla: { heads: 128, kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536 },
    });
  });

  it("names and shapes each layer's MLA tensors as DeepSeek-V3's checkpoint does", () => {
    const spec = mlaSpec(2);
    const d = 7168;
    const attention = tensorList(spec).filter((tensor) => tensor.layer === 1 && tensor.role === 'attention');
    const selfAttention = tensorList(spec).filter(
      (tensor) => tensor.layer === 1 && tensor.name.startsWith('model.layers.1.self_attn.'),
    );
    expect(selfAttention.map((tensor) => [tensor.name, tensor.shape])).toEqual([
      ['model.layers.1.self_attn.q_a_proj.weight', [1536, d]],
      ['model.layers.1.self_attn.q_a_layernorm.weight', [1536]],
      ['model.layers.1.self_attn.q_b_proj.weight', [128 * 192, 1536]],
      ['model.layers.1.self_attn.kv_a_proj_with_mqa.weight', [576, d]],
      ['model.layers.1.self_attn.kv_a_layernorm.weight', [512]],
      ['model.layers.1.self_attn.kv_b_proj.weight', [128 * (128 + 128), 512]],
      ['model.layers.1.self_attn.o_proj.weight', [d, 128 * 128]],
    ]);
    // the two latent norms are norms; the five projections are attention matrices
    expect(attention.map((tensor) => tensor.name.split('.').at(-2))).toEqual([
      'q_a_proj',
      'q_b_proj',
      'kv_a_proj_with_mqa',
      'kv_b_proj',
      'o_proj',
    ]);
    expect(attention.every((tensor) => tensor.isMatmul)).toBe(true);
    // 1536·7168 + 24,576·1536 + 576·7168 + 32,768·512 + 7168·16,384 = 187,105,280 per layer
    const perLayer = 1536 * d + 128 * 192 * 1536 + 576 * d + 128 * 256 * 512 + d * 128 * 128;
    expect(perLayer).toBe(187_105_280);
    expect(attention.reduce((sum, tensor) => sum + tensor.parameters, 0)).toBe(perLayer);
  });

  it('charges MLA layers 81,920 FLOPs per key in decode', () => {
    const spec = mlaSpec(2);
    const matmul = matmulParamsPerToken(spec, tensorList(spec));
    const decode = flops(spec, matmul, { contextTokens: 1000, attention: 'causal' });
    expect(decode.decodeAttention).toBe(2 * 81_920 * 1000);
    expect(decode.decode).toBe(2 * matmul + 2 * 81_920 * 1000);
    // the total counts the latent norms (1,536 + 512) beside the matrices, per layer:
    // 187,105,280 attention + 2,048 latent norms + 3 · 7168 · 18,432 MLP + 2 · 7168 layer norms
    const perLayer = 187_105_280 + 2_048 + 3 * 7168 * 18_432 + 2 * 7168;
    expect(perLayer).toBe(583_483_392);
    // + embed_tokens and lm_head (129,280 · 7168 each) + the final norm
    expect(countParams(spec, tensorList(spec)).total).toBe(2 * perLayer + 2 * 129_280 * 7168 + 7168);
    expect(2 * perLayer + 2 * 129_280 * 7168 + 7168).toBe(3_020_332_032);
  });
});

describe('chunked reach', () => {
  const chunk = (c: number): AttentionReach => ({ kind: 'chunked', chunkTokens: c });

  it('lets the query at position i see (i mod c) + 1 keys', () => {
    const reach = chunk(4);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => keysAt(i, reach))).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1]);
    expect(keysAt(8191, chunk(8192))).toBe(8192);
    expect(keysAt(8192, chunk(8192))).toBe(1);
  });

  it('caches at most one chunk: min(T, c)', () => {
    expect(cachedTokens(3, chunk(8))).toBe(3);
    expect(cachedTokens(8, chunk(8))).toBe(8);
    expect(cachedTokens(100, chunk(8))).toBe(8);
  });

  // T < c, T = c, T = k·c, T = k·c + r, and T = 1
  const cases: [number, number][] = [
    [1, 8],
    [5, 8],
    [8, 8],
    [24, 8],
    [27, 8],
    [1000, 7],
    [8191, 8192],
    [8192, 8192],
    [3 * 8192 + 100, 8192],
  ];

  it.each(cases)('causalKeySum(%i, chunks of %i) is the sum of keysAt over every position', (T, c) => {
    expect(causalKeySum(T, chunk(c))).toBe(bruteCausal(T, chunk(c)));
  });

  it('causalKeySum(27, chunks of 8) = 3 · (8·9/2) + 3·4/2 = 114', () => {
    expect(3 * 36 + 6).toBe(114);
    expect(causalKeySum(27, chunk(8))).toBe(114);
  });

  it.each(cases)("fullKeySum(%i, chunks of %i) charges each query its chunk's length", (T, c) => {
    let sum = 0;
    for (let i = 0; i < T; i += 1) {
      const start = Math.floor(i / c) * c;
      sum += Math.min(c, T - start);
    }
    expect(fullKeySum(T, chunk(c))).toBe(sum);
  });

  it('fullKeySum(27, chunks of 8) = 3 · 8² + 3² = 201', () => {
    expect(fullKeySum(27, chunk(8))).toBe(201);
  });

  it('fullKeySum is T · T for global and T · min(T, w) for sliding, by brute force', () => {
    for (const T of [1, 5, 100, 513]) {
      let global = 0;
      let sliding = 0;
      for (let i = 0; i < T; i += 1) {
        global += T;
        sliding += Math.min(T, 64);
      }
      expect(fullKeySum(T, { kind: 'global' })).toBe(global);
      expect(fullKeySum(T, { kind: 'sliding', windowTokens: 64 })).toBe(sliding);
      expect(causalKeySum(T, { kind: 'global' })).toBe(bruteCausal(T, { kind: 'global' }));
      expect(causalKeySum(T, { kind: 'sliding', windowTokens: 64 })).toBe(
        bruteCausal(T, { kind: 'sliding', windowTokens: 64 }),
      );
    }
  });
});

describe('a stack mixing global, sliding and chunked layers', () => {
  const reaches: AttentionReach[] = [
    { kind: 'global' },
    { kind: 'sliding', windowTokens: 5 },
    { kind: 'chunked', chunkTokens: 4 },
    { kind: 'global' },
    { kind: 'sliding', windowTokens: 3 },
    { kind: 'chunked', chunkTokens: 7 },
  ];

  it('prefill(T) = Σ decode(t) for t = 1..T under causal counting', () => {
    const spec = mixedSpec(reaches);
    const matmul = matmulParamsPerToken(spec, tensorList(spec));
    for (const T of [1, 3, 4, 5, 7, 12, 28, 29, 100]) {
      let sum = 0;
      for (let t = 1; t <= T; t += 1) sum += flops(spec, matmul, { contextTokens: t, attention: 'causal' }).decode;
      expect(flops(spec, matmul, { contextTokens: T, attention: 'causal' }).prefill).toBe(sum);
    }
  });

  it('holds with MLA and GQA layers mixed too (two FLOPs-per-key costs)', () => {
    const mla: AttentionSpec = { ...DEEPSEEK_V3_MLA, heads: 4, qLoraRank: null };
    const spec = mixedSpec(reaches, [mla, mla, mla]);
    const matmul = matmulParamsPerToken(spec, tensorList(spec));
    let sum = 0;
    for (let t = 1; t <= 40; t += 1) sum += flops(spec, matmul, { contextTokens: t, attention: 'causal' }).decode;
    expect(flops(spec, matmul, { contextTokens: 40, attention: 'causal' }).prefill).toBe(sum);
  });

  it('adds up the attention of prefill at T = 12 by hand', () => {
    const spec = mixedSpec(reaches);
    const matmul = matmulParamsPerToken(spec, tensorList(spec));
    // 4 heads × 16 head_dim: 4 · 4 · 16 = 256 FLOPs per key in every layer
    const perKey = 4 * 4 * 16;
    // global: 12·13/2 = 78; sliding 5: 15 + 7·5 = 50; chunks of 4: 3 · 10 = 30;
    // global: 78; sliding 3: 6 + 9·3 = 33; chunks of 7: 28 + 15 = 43
    const keys = 78 + 50 + 30 + 78 + 33 + 43;
    expect(keys).toBe(312);
    const result = flops(spec, matmul, { contextTokens: 12, attention: 'causal' });
    expect(result.prefillAttention).toBe(perKey * 312);
    // decode at T = 12 (position 11): 12 + 5 + 4 + 12 + 3 + 5 = 41 keys
    expect(result.decodeAttention).toBe(perKey * 41);
    // full counting: 144 + 12·5 + 3·16 + 144 + 12·3 + (49 + 25)
    const full = flops(spec, matmul, { contextTokens: 12, attention: 'full' });
    expect(full.prefillAttention).toBe(perKey * (144 + 60 + 48 + 144 + 36 + 74));
  });

  it('caches min(T, window) or min(T, chunk) tokens per local layer', () => {
    const spec = mixedSpec(reaches);
    // 2 · 2 KV heads · 16 head_dim = 64 elements per token per layer, bf16
    const result = kvCache(spec, { contextTokens: 100, batch: 1, dtype: 'bf16' });
    expect(result.bytes).toBe(64 * 2 * (100 + 5 + 4 + 100 + 3 + 7));
    // the terms add up to the total
    expect(result.terms.reduce((sum, term) => sum + term.bytes, 0)).toBe(result.bytes);
    expect(result.terms.map((term) => [term.firstLayer, term.layers, term.cachedTokens])).toEqual([
      [0, 2, 100],
      [1, 1, 5],
      [2, 1, 4],
      [4, 1, 3],
      [5, 1, 7],
    ]);
  });
});

describe('sliding reach is unchanged', () => {
  it('Mistral 7B v0.1 stops growing its KV cache at 4,096 tokens', () => {
    const spec = snapshotSpec('mistralai/Mistral-7B-v0.1');
    expect(
      spec.decoderLayers.every((layer) => layer.reach.kind === 'sliding' && layer.reach.windowTokens === 4096),
    ).toBe(true);
    const bytes = (contextTokens: number) => kvCache(spec, { contextTokens, batch: 1, dtype: 'bf16' }).bytes;
    // 32 layers × 2 · 8 · 128 elements × 2 bytes = 131,072 bytes per token, up to 4,096 tokens
    expect(bytes(4095)).toBe(4095 * 131_072);
    expect(bytes(4096)).toBe(4096 * 131_072);
    expect(bytes(4097)).toBe(4096 * 131_072);
    expect(bytes(1_000_000)).toBe(4096 * 131_072);
    expect(kvCache(spec, { contextTokens: 1_000_000, batch: 1, dtype: 'bf16' }).terms[0]?.cachedTokens).toBe(4096);
  });
});
