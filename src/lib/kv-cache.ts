/**
 * KV cache: the keys and values every layer keeps for the tokens it can still attend to.
 *
 * A layer stores 2 (key and value) × kvHeads × headDim elements per token, for at most
 * min(context, window) tokens: a sliding-window layer keeps a rolling buffer of its window and
 * stops growing there. Sizes are bytes; the site shows them in binary units (1 GiB = 2^30 bytes).
 */
import type { KvDtype } from './options.ts';
import { KV_DTYPE_BYTES } from './options.ts';
import type { ModelSpec } from './types.ts';

export interface KvCacheResult {
  dtype: KvDtype;
  batch: number;
  /** Tokens per sequence. */
  context: number;
  /** Bytes one more token adds to one sequence when no window has filled up: Σ over layers 2·kvHeads·headDim·bytes. */
  bytesPerToken: number;
  /** Bytes for `batch` sequences of `context` tokens, windows applied. */
  bytes: number;
}

/** Bytes one layer stores per cached token: 2 · kvHeads · headDim · bytes per element. */
export function kvBytesPerTokenPerLayer(spec: ModelSpec, dtype: KvDtype): number {
  return 2 * spec.kvHeads * spec.headDim * KV_DTYPE_BYTES[dtype];
}

/** Tokens a layer holds at a given context: all of them, or its window once the window is full. */
export function cachedTokens(contextTokens: number, window: number | null): number {
  return window === null ? contextTokens : Math.min(contextTokens, window);
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
  const perLayer = kvBytesPerTokenPerLayer(spec, options.dtype);
  let tokensAcrossLayers = 0;
  for (const window of spec.layerWindows) tokensAcrossLayers += cachedTokens(options.contextTokens, window);
  return {
    dtype: options.dtype,
    batch: options.batch,
    context: options.contextTokens,
    bytesPerToken: perLayer * spec.layers,
    bytes: options.batch * perLayer * tokensAcrossLayers,
  };
}
