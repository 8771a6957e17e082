/**
 * zod building blocks shared by the architecture parsers, with messages written for a reader who
 * is looking at a config.json ("must be a positive whole number, got -1"), not at a schema.
 */
import { z } from 'zod';
import { ConfigError, describeValue } from '../errors.ts';

const missing = 'is missing (required: every real config of this architecture sets it)';

/** A count that must be present: layers, heads, sizes. Safe integers only, so every product stays exact. */
export function requiredCount() {
  return z
    .number({
      error: (issue) =>
        issue.input === undefined ? missing : `must be a positive whole number, got ${describeValue(issue.input)}`,
    })
    .int({ error: (issue) => `must be a positive whole number, got ${describeValue(issue.input)}` })
    .positive({ error: (issue) => `must be a positive whole number, got ${describeValue(issue.input)}` });
}

/** A positive count that may be absent (the default is the transformers config class's). */
export function optionalCount() {
  return requiredCount().optional();
}

/** A positive real number (epsilons, rope θ, soft-capping values). */
export function positiveNumber() {
  return z
    .number({ error: (issue) => `must be a positive number, got ${describeValue(issue.input)}` })
    .positive({ error: (issue) => `must be a positive number, got ${describeValue(issue.input)}` });
}

/** A true/false flag. */
export function flag() {
  return z.boolean({ error: (issue) => `must be true or false, got ${describeValue(issue.input)}` });
}

/** A string (activation names and the like). */
export function text() {
  return z.string({ error: (issue) => `must be a string, got ${describeValue(issue.input)}` });
}

/**
 * `rope_scaling`: null, or an object with a `rope_type` (or legacy `type`) and numeric fields.
 * Unknown fields are kept: transformers adds scaling types faster than this file would.
 */
export function ropeScaling() {
  return z
    .looseObject({
      rope_type: text().optional(),
      type: text().optional(),
      factor: positiveNumber().optional(),
      original_max_position_embeddings: requiredCount().optional(),
    })
    .nullable()
    .optional();
}

/** `layer_types`: the per-layer attention kind newer transformers configs spell out. */
export function layerTypes() {
  return z
    .array(text(), { error: (issue) => `must be a list of strings, got ${describeValue(issue.input)}` })
    .optional();
}

/** The `architectures` list; its first entry names the class that loads the checkpoint. */
export function architectures() {
  return z
    .array(text(), { error: (issue) => `must be a list of class names, got ${describeValue(issue.input)}` })
    .optional();
}

/**
 * Validates `raw` against `schema`, turning the first zod issue into a {@link ConfigError} that
 * names the key (dotted path) and what was wrong with it.
 */
export function parseWith<Schema extends z.ZodType>(schema: Schema, raw: Record<string, unknown>): z.output<Schema> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new ConfigError(null, 'config does not validate');
  const key = issue.path.map(String).join('.') || null;
  throw new ConfigError(key, issue.message);
}
