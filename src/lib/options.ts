/**
 * The knobs every calculator shares (context, batch, KV dtype, attention counting), with their
 * defaults and limits, validated in one place for the CLI, the site's controls and the embeds.
 */
import { ConfigError, describeValue } from './errors.ts';

/** Bytes per stored element of the KV cache, per dtype. int4 packs two values in a byte. */
export const KV_DTYPE_BYTES = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
} as const;

export type KvDtype = keyof typeof KV_DTYPE_BYTES;

export const KV_DTYPES = Object.keys(KV_DTYPE_BYTES) as KvDtype[];

/**
 * How attention FLOPs are counted during prefill.
 * - `causal`: the token at position i attends to i + 1 keys (what a causal kernel computes).
 * - `full`: every query is charged for every key of its block: min(T, window) keys, or its chunk's
 *   length in a chunked layer (the whole T×T score matrix: the convention of the PaLM paper's
 *   6N + 12·L·H·Q·T, calflops and most profilers).
 */
export type AttentionCounting = 'causal' | 'full';

export const ATTENTION_COUNTINGS: readonly AttentionCounting[] = ['causal', 'full'];

/** The longest context the calculators accept: 10^8 tokens, beyond any released model. */
export const MAX_CONTEXT_TOKENS = 100_000_000;
/** The largest batch the calculators accept. */
export const MAX_BATCH = 1_000_000;

export interface RunOptions {
  /** Tokens in the sequence (prompt plus generated so far). */
  contextTokens: number;
  /** Sequences processed together. */
  batch: number;
  /** Element type of the stored keys and values. */
  dtype: KvDtype;
  attention: AttentionCounting;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  contextTokens: 4096,
  batch: 1,
  dtype: 'bf16',
  attention: 'causal',
};

function wholeNumberIn(key: string, value: unknown, max: number, unit: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new ConfigError(
      key,
      `must be a whole number of ${unit} from 1 to ${max.toLocaleString('en-US')}, got ${describeValue(value)}`,
    );
  }
  if (number > max) {
    throw new ConfigError(key, `must be at most ${max.toLocaleString('en-US')} ${unit}, got ${describeValue(value)}`);
  }
  return number;
}

/**
 * Checks raw option values (numbers, or the strings a flag or an input gives) and fills defaults.
 *
 * @example
 * resolveRunOptions({ context: '32768', dtype: 'fp8' })
 * //=> { contextTokens: 32768, batch: 1, dtype: 'fp8', attention: 'causal' }
 */
export function resolveRunOptions(raw: {
  context?: unknown;
  batch?: unknown;
  dtype?: unknown;
  attention?: unknown;
}): RunOptions {
  const options = { ...DEFAULT_RUN_OPTIONS };
  if (raw.context !== undefined)
    options.contextTokens = wholeNumberIn('context', raw.context, MAX_CONTEXT_TOKENS, 'tokens');
  if (raw.batch !== undefined) options.batch = wholeNumberIn('batch', raw.batch, MAX_BATCH, 'sequences');
  if (raw.dtype !== undefined) {
    // Own keys only: `constructor`, `toString` and `__proto__` are `in` every object.
    if (typeof raw.dtype !== 'string' || !Object.hasOwn(KV_DTYPE_BYTES, raw.dtype)) {
      throw new ConfigError('dtype', `must be one of ${KV_DTYPES.join(', ')}, got ${describeValue(raw.dtype)}`);
    }
    options.dtype = raw.dtype as KvDtype;
  }
  if (raw.attention !== undefined) {
    if (raw.attention !== 'causal' && raw.attention !== 'full') {
      throw new ConfigError('attention', `must be causal or full, got ${describeValue(raw.attention)}`);
    }
    options.attention = raw.attention;
  }
  return options;
}
