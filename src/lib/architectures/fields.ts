/**
 * zod building blocks shared by the architecture parsers, with messages written for a reader who
 * is looking at a config.json ("must be a positive whole number, got -1"), not at a schema.
 * zod/mini (tree-shakable, a few KB) rather than classic zod: this code also ships to browsers
 * inside the embeddable calculators.
 */
import * as z from 'zod/mini';
import { ConfigError, describeValue } from '../errors.ts';

const missing = 'is missing (required: every real config of this architecture sets it)';
const positiveWhole = (issue: { input?: unknown }) =>
  `must be a positive whole number, got ${describeValue(issue.input)}`;

/** A count that must be present: layers, heads, sizes. Safe integers only, so every product stays exact. */
export function requiredCount() {
  return z
    .int({ error: (issue) => (issue.input === undefined ? missing : positiveWhole(issue)) })
    .check(z.positive({ error: positiveWhole }));
}

/** The most layers (and experts per layer) a config may have: far beyond any real model. */
export const MAX_LAYERS = 10_000;

/**
 * A count of layers or experts: per-layer structures are built from it, so an absurd value (a typo
 * or an attack) is refused here, before anything is allocated.
 */
export function layerCount() {
  return requiredCount().check(
    z.maximum(MAX_LAYERS, {
      error: (issue) =>
        `${describeValue(issue.input)} is more than any real model has (at most ${MAX_LAYERS.toLocaleString('en-US')})`,
    }),
  );
}

/** A positive count that may be absent (the default is the transformers config class's). */
export function optionalCount() {
  return z.optional(requiredCount());
}

/** A 0-based layer index (`max_window_layers`, `mlp_only_layers`). */
export function layerIndex() {
  const message = (issue: { input?: unknown }) => `must be a whole number of layers, got ${describeValue(issue.input)}`;
  return z.int({ error: message }).check(z.nonnegative({ error: message }));
}

/** A positive real number (epsilons, rope θ, soft-capping values). */
export function positiveNumber() {
  const message = (issue: { input?: unknown }) => `must be a positive number, got ${describeValue(issue.input)}`;
  return z.number({ error: message }).check(z.positive({ error: message }));
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
  return z.optional(
    z.nullable(
      z.looseObject({
        rope_type: z.optional(text()),
        type: z.optional(text()),
        factor: z.optional(positiveNumber()),
        original_max_position_embeddings: z.optional(requiredCount()),
      }),
    ),
  );
}

/** `layer_types`: the per-layer attention kind newer transformers configs spell out. */
export function layerTypes() {
  return z.optional(
    z.array(text(), { error: (issue) => `must be a list of strings, got ${describeValue(issue.input)}` }),
  );
}

/**
 * `quantization_config`: how a quantized checkpoint stores its weights. Only the keys that change
 * what the checkpoint holds are read; the rest are kept.
 */
export function quantizationConfig() {
  return z.optional(
    z.nullable(
      z.looseObject(
        {
          quant_method: z.optional(text()),
          weight_block_size: z.optional(
            z.array(requiredCount(), {
              error: (issue) => `must be a list of block sides, got ${describeValue(issue.input)}`,
            }),
          ),
          /** FP8's `static` scheme also stores an input scale per linear layer. */
          activation_scheme: z.optional(text()),
          /** Modules left in bf16: they store no scales. */
          modules_to_not_convert: z.optional(
            z.nullable(
              z.array(text(), {
                error: (issue) => `must be a list of module names, got ${describeValue(issue.input)}`,
              }),
            ),
          ),
        },
        { error: (issue) => `must be an object, got ${describeValue(issue.input)}` },
      ),
    ),
  );
}

/** The `quantization_config` block as the spec records it (see ModelSpec.quantization). */
export function quantizationOf(config: z.output<ReturnType<typeof quantizationConfig>>): {
  method: string;
  weightBlockSize: [number, number] | null;
  activationScheme: string | null;
  modulesNotConverted: string[];
} | null {
  if (!config) return null;
  if (config.quant_method === undefined) {
    throw new ConfigError('quantization_config.quant_method', 'is missing: a quantization_config names its method');
  }
  const block = config.weight_block_size;
  let weightBlockSize: [number, number] | null = null;
  if (block !== undefined) {
    const [rows, columns] = block;
    if (block.length !== 2 || rows === undefined || columns === undefined) {
      throw new ConfigError(
        'quantization_config.weight_block_size',
        `must be two block sides [rows, columns], got ${describeValue(block)}`,
      );
    }
    weightBlockSize = [rows, columns];
  }
  return {
    method: config.quant_method,
    weightBlockSize,
    activationScheme: config.activation_scheme ?? null,
    modulesNotConverted: config.modules_to_not_convert ?? [],
  };
}

/** The `architectures` list; its first entry names the class that loads the checkpoint. */
export function architectures() {
  return z.optional(
    z.array(text(), { error: (issue) => `must be a list of class names, got ${describeValue(issue.input)}` }),
  );
}

/**
 * Validates `raw` against `schema`, turning the first zod issue into a {@link ConfigError} that
 * names the key (dotted path) and what was wrong with it.
 */
export function parseWith<Schema extends z.ZodMiniType>(
  schema: Schema,
  raw: Record<string, unknown>,
): z.output<Schema> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new ConfigError(null, 'config does not validate');
  const key = issue.path.map(String).join('.') || null;
  throw new ConfigError(key, issue.message);
}

/** `sliding_window`: the tokens a sliding layer attends to, with the config class's default; null turns the window off. */
export function slidingWindow(defaultWindow: number | null) {
  return z._default(z.nullable(requiredCount()), defaultWindow);
}
