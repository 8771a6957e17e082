/**
 * Counterfactuals: each snapshot model with one feature switched off, every number derived by hand
 * from the config's values and written out, then the refusals and the formatting of a comparison.
 */
import { describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import type { ModelAnalysis, ModelSpec, RunOptions } from '../../src/lib/index.ts';
import {
  allGlobal,
  analyzeSpec,
  compareMetric,
  counterfactual,
  counterfactualId,
  DEFAULT_RUN_OPTIONS,
  formatDifference,
  formatRatio,
  kvCache,
  parseConfig,
  variantSpec,
  withKvHeads,
  withoutMla,
  withoutMtp,
  withoutQkNorm,
  withoutSinks,
} from '../../src/lib/index.ts';
import { configError, snapshotSpec } from '../fixtures.ts';

/** A spec analysed as the site does: with the buffers the model's hub.json records. */
function analyse(id: string, spec: ModelSpec, options: RunOptions = DEFAULT_RUN_OPTIONS): ModelAnalysis {
  return analyzeSpec(id, spec, options, { recordedBuffers: loadSnapshotEntry(id).hub.checkpointBuffers });
}

const bf16 = (contextTokens: number) => ({ contextTokens, batch: 1, dtype: 'bf16' as const });

describe('DeepSeek-V3 without MLA: ordinary attention with the same 128 heads', () => {
  const id = 'deepseek-ai/DeepSeek-V3';
  const spec = snapshotSpec(id);
  const mha = withoutMla(spec);

  it('caches 2 × 128 heads × 128 per layer instead of 512 + 64: 56.9 times the cache', () => {
    // With MLA: 61 layers × (kv_lora_rank 512 + qk_rope_head_dim 64) elements × 2 bytes (bf16).
    expect(kvCache(spec, bf16(1)).bytesPerToken).toBe(61 * (512 + 64) * 2);
    expect(61 * (512 + 64) * 2).toBe(70_272);
    // As MHA at the same head count, head_dim = v_head_dim = 128 (DeepSeek-V2's Table 1, 2·n_h·d_h·l):
    // 61 layers × 2 (K and V) × 128 heads × 128 × 2 bytes.
    expect(kvCache(mha, bf16(1)).bytesPerToken).toBe(61 * 2 * 128 * 128 * 2);
    expect(61 * 2 * 128 * 128 * 2).toBe(3_997_696);
    // The ratio is 2·128·128 / 576 = 512 / 9, the same at every context (every layer is global).
    expect(kvCache(mha, bf16(32_768)).bytes / kvCache(spec, bf16(32_768)).bytes).toBe(512 / 9);
  });

  it("is not transformers' decompressed MLA cache, whose keys keep the 64 rotary features per head", () => {
    // withoutMlaCompression: 61 × 128 heads × ((128 + 64) key + 128 value) × 2 bytes.
    expect(kvCache(spec, bf16(1)).withoutMlaCompression?.bytesPerToken).toBe(61 * 128 * (192 + 128) * 2);
    expect(61 * 128 * (192 + 128) * 2).toBe(4_997_120);
    expect(kvCache(mha, bf16(1)).withoutMlaCompression).toBeNull();
  });

  it('makes every layer (and the MTP layer) MHA of 128 heads of 128', () => {
    expect(mha.decoderLayers.every((layer) => layer.attention.kind === 'gqa')).toBe(true);
    expect(mha.decoderLayers[0]?.attention).toEqual({
      kind: 'gqa',
      heads: 128,
      kvHeads: 128,
      headDim: 128,
      sinks: false,
    });
    // One geometry object shared by all 61 layers, as the parser builds it.
    expect(new Set(mha.decoderLayers.map((layer) => layer.attention)).size).toBe(1);
    const names = analyse(id, mha).checkpoint.terms.map((term) => term.tensors);
    expect(names).toContain('model.layers.61.self_attn.k_proj.weight');
    expect(names.some((name) => name.includes('kv_a_proj_with_mqa'))).toBe(false);
  });

  it('adds 61 × (4 · 16,384 · 7,168 − MLA’s 187,107,328) parameters', () => {
    // MLA per layer: q_a 1536·7168 + q_a_layernorm 1536 + q_b (128·192)·1536 + kv_a_proj_with_mqa 576·7168
    // + kv_a_layernorm 512 + kv_b (128·(128 + 128))·512 + o 7168·(128·128).
    const mla = 1536 * 7168 + 1536 + 128 * 192 * 1536 + 576 * 7168 + 512 + 128 * 256 * 512 + 7168 * 128 * 128;
    expect(mla).toBe(187_107_328);
    // MHA per layer: q, k, v of [128·128, 7168] and o of [7168, 128·128], no biases, no norms.
    const plain = 4 * 128 * 128 * 7168;
    expect(plain).toBe(469_762_048);
    expect(analyse(id, mha).params.total - 671_026_419_200).toBe(61 * (plain - mla));
    expect(analyse(id, mha).params.total).toBe(688_268_357_120);
    // Attention parameters (the two latent norms are norms): 61 × 469,762,048.
    expect(analyse(id, mha).params.breakdown.attention).toBe(28_655_484_928);
  });

  it('leaves the parsed spec as it was', () => {
    const before = JSON.stringify(spec);
    withoutMla(spec);
    expect(JSON.stringify(spec)).toBe(before);
    expect(spec.decoderLayers[0]?.attention.kind).toBe('mla');
  });

  it('refuses an MLA whose value heads are not as wide as the content keys', () => {
    const config = { ...(loadSnapshotEntry(id).config as Record<string, unknown>), v_head_dim: 64 };
    const error = configError(() => withoutMla(parseConfig(config)));
    expect(error.key).toBe('v_head_dim');
    expect(error.message).toContain('qk_nope_head_dim is 128');
  });
});

describe('q/k norms: head_dim weights twice per layer', () => {
  it('Qwen3-8B: 36 layers × 2 × 128 = 9,216 of 8,190,735,360 parameters', () => {
    const id = 'Qwen/Qwen3-8B';
    const spec = snapshotSpec(id);
    const without = analyse(id, withoutQkNorm(spec));
    expect(analyse(id, spec).params.total - without.params.total).toBe(36 * 2 * 128);
    expect(without.params.total).toBe(8_190_735_360 - 9_216);
    expect(without.tensorGroups.some((group) => group.name.includes('q_norm'))).toBe(false);
    // KV cache and FLOPs are those of the model (norms are not counted as FLOPs).
    expect(without.kvCache).toEqual(analyse(id, spec).kvCache);
    expect(without.flops.decode).toBe(analyse(id, spec).flops.decode);
  });

  it('gemma-3-27b-it: 62 layers × 2 × 128 = 15,872', () => {
    const id = 'google/gemma-3-27b-it';
    const spec = snapshotSpec(id);
    expect(analyse(id, spec).params.total - analyse(id, withoutQkNorm(spec)).params.total).toBe(62 * 2 * 128);
  });
});

describe('gpt-oss-120b without sinks', () => {
  const id = 'openai/gpt-oss-120b';
  const spec = snapshotSpec(id);

  it('loses 36 layers × 64 heads = 2,304 parameters and no byte of cache', () => {
    const without = withoutSinks(spec);
    expect(analyse(id, spec).params.total - analyse(id, without).params.total).toBe(36 * 64);
    expect(analyse(id, without).params.total).toBe(116_829_156_672 - 2_304);
    // 36 layers × 2 × 8 KV heads × 64 × 2 bytes, with sinks or without.
    expect(kvCache(without, bf16(1)).bytesPerToken).toBe(36 * 2 * 8 * 64 * 2);
    expect(kvCache(spec, bf16(131_072))).toEqual(kvCache(without, bf16(131_072)));
    expect(without.decoderLayers.every((layer) => layer.attention.kind === 'gqa' && !layer.attention.sinks)).toBe(true);
  });
});

describe('gemma-3-27b-it with every layer global', () => {
  const id = 'google/gemma-3-27b-it';
  const spec = snapshotSpec(id);
  const global = allGlobal(spec);

  it('caches all 32,768 tokens in 62 layers instead of 1,024 in the 52 local ones', () => {
    // Per layer and token: 2 × 16 KV heads × 128 × 2 bytes = 8,192 B, the same for both.
    expect(kvCache(global, bf16(1)).bytesPerToken).toBe(kvCache(spec, bf16(1)).bytesPerToken);
    expect(kvCache(spec, bf16(32_768)).bytes).toBe((52 * 1024 + 10 * 32_768) * 8192);
    expect(kvCache(global, bf16(32_768)).bytes).toBe(62 * 32_768 * 8192);
    expect(62 * 32_768 * 8192).toBe(16_642_998_272);
  });

  it('rotates the former local layers like the global ones (θ 10⁶, linear ×8) and keeps the weights', () => {
    expect(global.decoderLayers.every((layer) => layer.reach.kind === 'global')).toBe(true);
    expect(global.decoderLayers[0]?.position).toEqual(spec.decoderLayers[5]?.position);
    expect(global.decoderLayers[0]?.position).toMatchObject({
      theta: 1_000_000,
      scaling: { type: 'linear', factor: 8 },
    });
    expect(analyse(id, global).params).toEqual(analyse(id, spec).params);
  });

  it('Mistral 7B v0.1, windowed everywhere, takes the model-wide RoPE', () => {
    const mistral = snapshotSpec('mistralai/Mistral-7B-v0.1');
    const open = allGlobal(mistral);
    expect(open.decoderLayers.every((layer) => layer.reach.kind === 'global')).toBe(true);
    expect(open.decoderLayers[0]?.position).toEqual({ kind: 'rope', theta: 10_000, scaling: null });
  });
});

describe('DeepSeek-V3 without its MTP layer', () => {
  const id = 'deepseek-ai/DeepSeek-V3';
  const spec = snapshotSpec(id);

  it('stores 684,531,386,000 − the MTP layer − its FP8 scales, and the same parameters', () => {
    const mtpLayer =
      129_280 * 7168 + // embed_tokens
      2 * 7168 + // enorm, hnorm
      7168 * 2 * 7168 + // eh_proj
      187_107_328 + // MLA, as in every layer
      256 * 7168 + // router
      256 + // e_score_correction_bias
      256 * 3 * 2048 * 7168 + // 256 routed experts
      3 * 2048 * 7168 + // the shared expert
      2 * 7168 + // input_layernorm, post_attention_layernorm
      7168 + // shared_head.norm
      129_280 * 7168; // shared_head.head
    expect(mtpLayer).toBe(13_463_426_304);
    // One float32 scale per 128 × 128 block of each FP8 weight of the layer:
    // q_a 12·56, q_b 192·12, kv_a 5·56, kv_b 256·4, o 56·128, 256 × 3 experts of 16·56, 3 shared of 16·56.
    const scales = 12 * 56 + 192 * 12 + 5 * 56 + 256 * 4 + 56 * 128 + 256 * 3 * 16 * 56 + 3 * 16 * 56;
    expect(scales).toBe(702_264);
    const without = analyse(id, withoutMtp(spec));
    expect(without.params.checkpoint).toBe(684_531_386_000 - mtpLayer - scales);
    expect(without.params.checkpoint).toBe(671_067_257_432);
    expect(without.params.total).toBe(671_026_419_200);
    expect(without.checkpoint.terms.some((term) => term.tensors.includes('layers.61'))).toBe(false);
  });
});

describe('counterfactual()', () => {
  it('names the metrics each comparison shows', () => {
    const deepseek = snapshotSpec('deepseek-ai/DeepSeek-V3');
    expect(counterfactual(deepseek, 'mla').metrics).toEqual([
      'params.total',
      'params.breakdown.attention',
      'kvCache.bytesPerToken',
      'kvCache.bytes',
      'flops.decode',
    ]);
    expect(counterfactual(deepseek, 'mtp').metrics).toEqual(['params.total', 'params.checkpoint']);
    expect(counterfactual(snapshotSpec('openai/gpt-oss-120b'), 'sinks').metrics).toContain('kvCache.bytesPerToken');
  });

  it('refuses a model without the feature', () => {
    const llama = snapshotSpec('meta-llama/Llama-3.1-8B');
    expect(configError(() => counterfactual(llama, 'mla')).key).toBe('kv_lora_rank');
    expect(configError(() => counterfactual(llama, 'qk-norm')).message).toContain('no q/k norms');
    expect(configError(() => counterfactual(llama, 'sinks')).message).toContain('no attention sinks');
    expect(configError(() => counterfactual(llama, 'local-global')).message).toContain('already global');
    expect(configError(() => counterfactual(llama, 'mtp')).key).toBe('num_nextn_predict_layers');
  });

  it('resolves the hypothetical ids pages use', () => {
    const llama = snapshotSpec('meta-llama/Llama-3.1-8B');
    const deepseek = snapshotSpec('deepseek-ai/DeepSeek-V3');
    expect(counterfactualId('deepseek-ai/DeepSeek-V3', 'mla')).toBe('deepseek-ai/DeepSeek-V3#without-mla');
    expect(variantSpec(deepseek, 'without-mla')).toEqual(withoutMla(deepseek));
    expect(variantSpec(llama, 'mha')).toEqual(withKvHeads(llama, 32));
    expect(variantSpec(llama, 'mqa')).toEqual(withKvHeads(llama, 1));
    expect(variantSpec(llama, 'without-everything')).toBeNull();
    expect(variantSpec(llama, 'moe')).toBeNull();
  });
});

describe('writing a comparison', () => {
  it('writes ratios with the decimals it takes to tell them from 1', () => {
    expect(formatRatio(3_997_696 / 70_272)).toBe('56.9×');
    expect(formatRatio(16_642_998_272 / 3_120_562_176)).toBe('5.33×');
    expect(formatRatio(671_067_257_432 / 684_531_386_000)).toBe('0.98×');
    expect(formatRatio(8_190_726_144 / 8_190_735_360)).toBe('0.9999989×');
    expect(formatRatio(116_829_154_368 / 116_829_156_672)).toBe('0.99999998×');
    expect(formatRatio(1)).toBe('1×');
  });

  it('writes small count differences exactly and signed with a minus sign', () => {
    expect(formatDifference('params.total', -9_216)).toBe('\u22129,216');
    expect(formatDifference('params.total', 17_241_937_920)).toBe('+17.2 B');
    expect(formatDifference('kvCache.bytesPerToken', 3_927_424)).toBe('+3.75 MiB');
    expect(formatDifference('kvCache.bytesPerToken', 0)).toBe('0 B');
  });

  it('compares two values: difference, ratio, and a dash for a ratio to zero', () => {
    expect(compareMetric('params.total', 8, 6)).toMatchObject({ difference: -2, ratio: 0.75, ratioText: '0.75×' });
    expect(compareMetric('params.vision', 0, 0)).toMatchObject({ ratio: null, ratioText: '\u2014' });
  });
});
