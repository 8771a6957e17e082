/**
 * RoPE settings as configs spell them: transformers 4.x writes `rope_theta` and `rope_scaling` at
 * the top level; transformers 5 folds both into one `rope_parameters` object. Both are read here.
 */
import * as z from 'zod/mini';
import { ConfigError, describeValue } from '../errors.ts';
import type { PositionSpec } from '../types.ts';
import { ropePosition } from './decoder.ts';
import { positiveNumber, ropeScaling } from './fields.ts';

/** The zod fields every RoPE architecture accepts; `defaultTheta` is its config class's default. */
export function ropeFields(defaultTheta: number) {
  return {
    rope_theta: z._default(positiveNumber(), defaultTheta),
    rope_scaling: ropeScaling(),
    rope_parameters: z.optional(z.nullable(z.looseObject({ rope_theta: z.optional(positiveNumber()) }))),
  };
}

/** Reads RoPE θ and scaling, preferring transformers 5's `rope_parameters` when present. */
export function ropeFromConfig(parsed: {
  rope_theta: number;
  rope_scaling?: Record<string, unknown> | null | undefined;
  rope_parameters?: Record<string, unknown> | null | undefined;
}): PositionSpec {
  const parameters = parsed.rope_parameters;
  if (parameters) {
    const theta = parameters['rope_theta'] ?? parsed.rope_theta;
    if (typeof theta !== 'number') {
      throw new ConfigError('rope_parameters.rope_theta', `must be a positive number, got ${describeValue(theta)}`);
    }
    const type = parameters['rope_type'];
    return ropePosition(theta, type === undefined || type === 'default' ? null : parameters);
  }
  return ropePosition(parsed.rope_theta, parsed.rope_scaling);
}
