/**
 * KV cache: what every layer keeps for the tokens it can still attend to, layer by layer
 * (formulas in attention.ts). Sizes are bytes; the site shows them in binary units (1 GiB = 2^30 bytes).
 */
import { cachedTokens, decompressedKvElementsPerToken, kvElementsPerToken } from './attention.ts';
import { kvFormula } from './formulas.ts';
import type { KvDtype } from './options.ts';
import { KV_DTYPE_BYTES } from './options.ts';
import type { AttentionReach, ModelSpec } from './types.ts';

export interface KvCacheResult {
  dtype: KvDtype;
  batch: number;
  /** Tokens per sequence. */
  context: number;
  /** Bytes one more token adds to one sequence when no window has filled up: Σ over layers of elements per token × bytes. */
  bytesPerToken: number;
  /** Bytes for `batch` sequences of `context` tokens, windows and chunks applied. */
  bytes: number;
  /**
   * For models with MLA layers, the same cache with keys and values decompressed, as transformers'
   * eager cache stores them ("without MLA's compression"); null when no layer is MLA.
   */
  withoutMlaCompression: { bytesPerToken: number; bytes: number } | null;
  /**
   * The sum written out: one term per distinct (geometry, reach): its layers, the elements each caches
   * per token, and the tokens and bytes at these options (bytes = batch × layers × elements × tokens × dtype bytes).
   */
  terms: {
    firstLayer: number;
    layers: number;
    elementsPerToken: number;
    reach: AttentionReach;
    cachedTokens: number;
    bytes: number;
  }[];
}

/** Bytes one layer stores per cached token at a dtype. */
export function kvBytesPerTokenPerLayer(spec: ModelSpec, layer: number, dtype: KvDtype): number {
  const layerSpec = spec.decoderLayers[layer];
  return layerSpec === undefined ? 0 : kvElementsPerToken(layerSpec.attention) * KV_DTYPE_BYTES[dtype];
}

/**
 * KV-cache size for `batch` sequences of `contextTokens` tokens.
 *
 * @example
 * // Llama 3.1 8B: 32 layers · 2 · 8 KV heads · 128 · 2 bytes = 131,072 B per token (128 KiB)
 * kvCache(llama31_8b, { contextTokens: 131_072, batch: 1, dtype: 'bf16' }).bytes //=> 17_179_869_184 (16 GiB)
 */
export function kvCache(
  spec: ModelSpec,
  options: { contextTokens: number; batch: number; dtype: KvDtype },
): KvCacheResult {
  const bytesPerElement = KV_DTYPE_BYTES[options.dtype];
  let elementsPerToken = 0;
  let elements = 0;
  let decompressedPerToken = 0;
  let decompressed = 0;
  let hasMla = false;
  for (const { attention, reach } of spec.decoderLayers) {
    const perToken = kvElementsPerToken(attention);
    const perTokenDecompressed = decompressedKvElementsPerToken(attention);
    const tokens = cachedTokens(options.contextTokens, reach);
    if (attention.kind === 'mla') hasMla = true;
    elementsPerToken += perToken;
    elements += perToken * tokens;
    decompressedPerToken += perTokenDecompressed;
    decompressed += perTokenDecompressed * tokens;
  }
  return {
    dtype: options.dtype,
    batch: options.batch,
    context: options.contextTokens,
    bytesPerToken: elementsPerToken * bytesPerElement,
    bytes: options.batch * elements * bytesPerElement,
    withoutMlaCompression: hasMla
      ? { bytesPerToken: decompressedPerToken * bytesPerElement, bytes: options.batch * decompressed * bytesPerElement }
      : null,
    terms: kvFormula(spec).map(({ firstLayer, layers, value, reach }) => {
      const tokens = cachedTokens(options.contextTokens, reach);
      return {
        firstLayer,
        layers,
        elementsPerToken: value,
        reach,
        cachedTokens: tokens,
        bytes: options.batch * layers * value * tokens * bytesPerElement,
      };
    }),
  };
}

/**
 * The KV cache of one sequence at the longest context the config declares: the figure model pages
 * and comparisons quote as "at full context".
 *
 * @example kvCacheAtMaxContext(llama31_8b, 'bf16') //=> 17_179_869_184 (131,072 tokens × 128 KiB)
 */
export function kvCacheAtMaxContext(spec: ModelSpec, dtype: KvDtype = 'bf16'): number {
  return kvCache(spec, { contextTokens: spec.maxContextTokens, batch: 1, dtype }).bytes;
}
