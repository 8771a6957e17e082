/**
 * Small config factories for tests: a real-looking config of each architecture, with overrides.
 * Sizes are Llama-3.1-8B-like unless a test says otherwise; tests state the values they rely on.
 */
import { loadSnapshotEntry } from '../src/data/snapshot.ts';
import type { ModelSpec, RunOptions, TensorInfo } from '../src/lib/index.ts';
import { ConfigError, DEFAULT_RUN_OPTIONS, parseConfig, tensorList } from '../src/lib/index.ts';

type Config = Record<string, unknown>;

export function llamaConfig(overrides: Config = {}): Config {
  return {
    model_type: 'llama',
    hidden_size: 4096,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    intermediate_size: 14336,
    vocab_size: 128256,
    max_position_embeddings: 131072,
    ...overrides,
  };
}

export function gpt2Config(overrides: Config = {}): Config {
  return {
    model_type: 'gpt2',
    n_embd: 768,
    n_layer: 12,
    n_head: 12,
    n_positions: 1024,
    vocab_size: 50257,
    ...overrides,
  };
}

/** A small Qwen2-MoE (the snapshot has none): 4 layers, 8 experts of width 64, top-2, shared 128. */
export function qwen2MoeConfig(overrides: Config = {}): Config {
  return {
    model_type: 'qwen2_moe',
    hidden_size: 32,
    num_hidden_layers: 4,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    intermediate_size: 96,
    moe_intermediate_size: 64,
    shared_expert_intermediate_size: 128,
    num_experts: 8,
    num_experts_per_tok: 2,
    vocab_size: 100,
    ...overrides,
  };
}

/** The parsed spec of a snapshot model. */
export function snapshotSpec(id: string): ModelSpec {
  return parseConfig(loadSnapshotEntry(id).config);
}

export function snapshotTensors(id: string): TensorInfo[] {
  return tensorList(snapshotSpec(id));
}

export function runOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return { ...DEFAULT_RUN_OPTIONS, ...overrides };
}

/** The config with one key removed. */
export function without(config: Config, key: string): Config {
  return Object.fromEntries(Object.entries(config).filter(([name]) => name !== key));
}

/** The value, or a failed test when it is missing (instead of a non-null assertion). */
export function present<T>(value: T | undefined, what = 'value'): T {
  if (value === undefined) throw new Error(`expected a ${what}, got undefined`);
  return value;
}

/** The ConfigError a call throws, so a test can check its key and message. */
export function configError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
