/**
 * RoPE settings as configs spell them. transformers 4.x writes `rope_theta` and `rope_scaling` at
 * the top level; transformers 5 folds both into one `rope_parameters` object, and for models whose
 * layer types differ (Gemma 3) keys it by layer type: `{ "full_attention": {…}, "sliding_attention": {…} }`.
 * All three shapes are read here; any other shape is refused rather than read as the default.
 */
import * as z from 'zod/mini';
import { ConfigError, describeValue } from '../errors.ts';
import type { AttentionReach, LayerPositionSpec, RopeScalingSpec } from '../types.ts';
import { positiveNumber, ropeScaling } from './fields.ts';

/** The zod fields every RoPE architecture accepts; `defaultTheta` is its config class's default. */
export function ropeFields(defaultTheta: number) {
  return {
    rope_theta: z._default(positiveNumber(), defaultTheta),
    rope_scaling: ropeScaling(),
    rope_parameters: z.optional(
      z.nullable(
        z.record(z.string(), z.unknown(), {
          error: (issue) => `must be an object, got ${describeValue(issue.input)}`,
        }),
      ),
    ),
  };
}

/** The RoPE keys of a parsed config. */
export interface RopeParsed {
  rope_theta: number;
  rope_scaling?: Record<string, unknown> | null | undefined;
  rope_parameters?: Record<string, unknown> | null | undefined;
}

/** transformers' name for a layer's attention type, the key of per-type RoPE parameters. */
export type LayerType = 'full_attention' | 'sliding_attention' | 'chunked_attention';

export function layerTypeOf(reach: AttentionReach): LayerType {
  return reach.kind === 'global'
    ? 'full_attention'
    : reach.kind === 'sliding'
      ? 'sliding_attention'
      : 'chunked_attention';
}

const LAYER_TYPES: readonly string[] = ['full_attention', 'sliding_attention', 'chunked_attention'];

/** Every other numeric or string field of a scaling block, verbatim, in key order. */
export function normaliseRopeScaling(scaling: Record<string, unknown>, key = 'rope_scaling'): RopeScalingSpec {
  const type = scaling['rope_type'] ?? scaling['type'];
  if (typeof type !== 'string') {
    throw new ConfigError(`${key}.rope_type`, `must name the scaling type, got ${describeValue(type)}`);
  }
  const parameters: Record<string, number | string | boolean> = {};
  for (const [name, value] of Object.entries(scaling).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name === 'rope_type' || name === 'type' || name === 'rope_theta') continue;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') parameters[name] = value;
  }
  const factor = scaling['factor'];
  const original = scaling['original_max_position_embeddings'];
  if (factor !== undefined && (typeof factor !== 'number' || !(factor > 0))) {
    throw new ConfigError(`${key}.factor`, `must be a positive number, got ${describeValue(factor)}`);
  }
  if (original !== undefined && (typeof original !== 'number' || !Number.isSafeInteger(original) || original < 1)) {
    throw new ConfigError(
      `${key}.original_max_position_embeddings`,
      `must be a positive whole number, got ${describeValue(original)}`,
    );
  }
  return {
    type,
    factor: typeof factor === 'number' ? factor : null,
    originalMaxPositionEmbeddings: typeof original === 'number' ? original : null,
    parameters,
  };
}

/** Keys of a RoPE block that only mean something with a scaling type. */
const SCALING_KEYS = [
  'factor',
  'original_max_position_embeddings',
  'low_freq_factor',
  'high_freq_factor',
  'beta_fast',
  'beta_slow',
];

/** One flat `rope_parameters` block (θ plus an optional scaling type) read as θ and scaling. */
function fromParameters(block: Record<string, unknown>, key: string, fallbackTheta: number) {
  const theta = block['rope_theta'] ?? fallbackTheta;
  if (typeof theta !== 'number' || !(theta > 0)) {
    throw new ConfigError(`${key}.rope_theta`, `must be a positive number, got ${describeValue(theta)}`);
  }
  const type = block['rope_type'] ?? block['type'];
  if (type === undefined || type === 'default') {
    // A scaling key with no scaling type would be dropped without a word; say so instead.
    const stray = SCALING_KEYS.find((name) => block[name] !== undefined && block[name] !== null);
    if (stray !== undefined) {
      throw new ConfigError(`${key}.${stray}`, `is set but ${key} names no rope_type that would use it`);
    }
    return { theta, scaling: null };
  }
  return { theta, scaling: normaliseRopeScaling(block, key) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * θ and scaling for the layers of one type.
 *
 * @example ropeForLayerType({ rope_theta: 500_000 }, 'full_attention') //=> { kind: 'rope', theta: 500_000, scaling: null }
 */
export function ropeForLayerType(
  parsed: RopeParsed,
  layerType: LayerType,
): Extract<LayerPositionSpec, { kind: 'rope' }> {
  const parameters = parsed.rope_parameters;
  if (parameters) {
    if (parsed.rope_scaling) {
      // transformers 5 folds rope_scaling into rope_parameters; a config with both is ambiguous.
      throw new ConfigError(
        'rope_scaling',
        'is set next to rope_parameters; a config states its RoPE in one of them (rope_parameters since transformers 5)',
      );
    }
    const keys = Object.keys(parameters);
    const keyedByType = keys.some((key) => isPlainObject(parameters[key]));
    if (keyedByType) {
      const unknown = keys.find((key) => !LAYER_TYPES.includes(key) || !isPlainObject(parameters[key]));
      if (unknown !== undefined) {
        throw new ConfigError(
          `rope_parameters.${unknown}`,
          `is not understood: rope_parameters is either one block (rope_theta, rope_type, …) or one block per layer type (${LAYER_TYPES.join(', ')})`,
        );
      }
      const block = parameters[layerType];
      if (!isPlainObject(block)) {
        throw new ConfigError('rope_parameters', `has no entry for ${layerType}, which this model's layers use`);
      }
      return { kind: 'rope', ...fromParameters(block, `rope_parameters.${layerType}`, parsed.rope_theta) };
    }
    return { kind: 'rope', ...fromParameters(parameters, 'rope_parameters', parsed.rope_theta) };
  }
  return {
    kind: 'rope',
    theta: parsed.rope_theta,
    scaling: parsed.rope_scaling ? normaliseRopeScaling(parsed.rope_scaling) : null,
  };
}
