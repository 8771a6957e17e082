/**
 * From untrusted input (a file's text, a fetched body, a pasted string) to a {@link ModelSpec}.
 * Every failure is a {@link ConfigError} naming the key; nothing here throws anything else.
 */
import { architectureFor, SUPPORTED_MODEL_TYPES } from '../architectures/index.ts';
import { ConfigError, describeValue } from '../errors.ts';
import type { ModelSpec } from '../types.ts';

/** JSON text to a value; a syntax error becomes a ConfigError that says it is not JSON. */
export function parseConfigText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(null, `not valid JSON (${detail})`);
  }
}

/** Narrows a parsed value to a plain object (config.json is always one). */
export function asConfigObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new ConfigError(null, `a config must be a JSON object, got ${kind}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Validates a config object and normalises it with its architecture's module.
 *
 * @example
 * parseConfig({ model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32,
 *   num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336,
 *   vocab_size: 128256 }).headDim //=> 128
 */
export function parseConfig(value: unknown): ModelSpec {
  const config = asConfigObject(value);
  const modelType = config['model_type'];
  if (modelType === undefined) {
    throw new ConfigError('model_type', `is missing; supported: ${SUPPORTED_MODEL_TYPES.join(', ')}`);
  }
  if (typeof modelType !== 'string') {
    throw new ConfigError('model_type', `must be a string, got ${describeValue(modelType)}`);
  }
  const module = architectureFor(modelType);
  if (module === undefined) {
    throw new ConfigError(
      'model_type',
      `${describeValue(modelType)} is not a supported architecture; supported: ${SUPPORTED_MODEL_TYPES.join(', ')}`,
    );
  }
  const spec = module.parse(config);
  checkScale(spec);
  return spec;
}

/** The most tensors a config may describe: far beyond any released model (DeepSeek-V3 stores about 92,000), small enough to list. */
export const MAX_TENSORS = 250_000;

/**
 * Refuses sizes no real model has before anything is built from them: a config with a million
 * layers, or ten thousand experts in each of a hundred layers, is a typo or an attack, and listing
 * its tensors would freeze a browser tab.
 */
function checkScale(spec: ModelSpec): void {
  let tensors = 0;
  let experts = 0;
  for (const { mlp } of spec.decoderLayers) {
    // 16 bounds a layer's attention, norms and dense MLP tensors; an MoE layer adds 3 per expert and a shared expert.
    tensors += 16 + (mlp.kind === 'moe' ? 3 * mlp.experts + 4 : 0);
    if (mlp.kind === 'moe') experts = Math.max(experts, mlp.experts);
  }
  if (tensors > MAX_TENSORS) {
    const layers = spec.decoderLayers.length;
    throw new ConfigError(
      'num_hidden_layers',
      `${layers.toLocaleString('en-US')} layers${experts > 0 ? ` with up to ${experts.toLocaleString('en-US')} experts` : ''} would make about ${tensors.toLocaleString('en-US')} tensors, more than any real model (limit ${MAX_TENSORS.toLocaleString('en-US')})`,
    );
  }
}
