/**
 * The snapshot's data files, as schemas: `content/configs/models.json` (which models the site
 * covers, pinned to which Hub revision) and each model's `hub.json` (where its config came from
 * and what the Hub says it holds). Pure; reading and writing the files is src/data's job.
 */
import * as z from 'zod/mini';
import { describeValue } from './errors.ts';

// Repo ids are checked in repo-id.ts, which loads no zod (the browser's weight-drift tool uses it).
export { MAX_REPO_NAME_LENGTH, repoIdProblem } from './repo-id.ts';
import { repoIdProblem } from './repo-id.ts';

const repoId = z.string().check(
  z.superRefine((value, context) => {
    const problem = repoIdProblem(value);
    if (problem !== null)
      context.addIssue({
        code: 'custom',
        input: value,
        message: `${describeValue(value)} is not a Hub repo id: ${problem}`,
      });
  }),
);
const commitSha = z.string().check(z.regex(/^[0-9a-f]{40}$/, 'must be a 40-character commit sha'));

/** One model of the manifest. */
export const manifestEntrySchema = z.object({
  /** The Hub repo id, `org/name`. */
  repo: repoId,
  /** The commit the snapshot is pinned to; null until the first pull from the Hub pins it. */
  revision: z.nullable(commitSha),
  /** The family the site files it under (`Llama`, `Gemma`, …). */
  family: z.string().check(z.minLength(1)),
});

/** The manifest: the models of the site, in display order. */
export const manifestSchema = z.object({
  models: z.array(manifestEntrySchema).check(z.minLength(1)),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Non-parameter tensors an older checkpoint stores next to the weights (GPT-2's causal-mask
 * `attn.bias`, Llama 2's rotary `inv_freq`). They inflate a count read off the checkpoint; the
 * difference is recorded here exactly rather than hidden behind a tolerance.
 */
export const checkpointBufferSchema = z.object({
  /** The checkpoint's tensor name, with the layer index as `{layer}`. */
  tensors: z.string(),
  /** Shape of one such tensor. */
  shape: z.array(z.int().check(z.nonnegative())),
  /** How many the checkpoint holds (one per layer). */
  count: z.int().check(z.positive()),
  /** count × product(shape). */
  elements: z.int().check(z.positive()),
  /** The stored element type (`F32`, `U8`, …). */
  dtype: z.string(),
  /** Why the checkpoint has them and what a count that includes them shows. */
  explanation: z.string(),
  /**
   * The explanation in Korean, for the Korean edition (/ko/): given by the terms the config
   * determines (FP8 and MXFP4 scales, MTP layers). Buffers a Hub record lists (and the known sets
   * they are reconciled against) have none: a Korean page quotes them in English, marked `lang="en"`.
   */
  explanationKo: z.optional(z.string()),
});

export const hubRecordSchema = z.object({
  /** The Hub repo id, `org/name`. */
  repo: repoId,
  /** The commit sha the config was pulled at, or null when the record predates the Hub sync. */
  revision: z.nullable(commitSha),
  /** When the config was pulled from the Hub (ISO 8601), or null for records from public copies. */
  pulledAt: z.nullable(z.iso.datetime()),
  /** The Hub's parameter count: parameters only, buffers excluded. */
  parameters: z.int().check(z.positive()),
  /** How that count is known. */
  parametersSource: z.string().check(z.minLength(1)),
  /** Where the config values were recorded from. */
  configSource: z.string().check(z.minLength(1)),
  /** `verbatim` (byte-faithful), `transcribed` (every key and value copied) or `partial`. */
  configStatus: z.enum(['verbatim', 'transcribed', 'partial']),
  /** Buffers the checkpoint stores besides the parameters; empty when there are none. */
  checkpointBuffers: z.array(checkpointBufferSchema),
  /** The Hub's gating: false, "auto" or "manual"; null when not known. */
  gated: z.nullable(z.union([z.literal(false), z.enum(['auto', 'manual'])])),
  /** The licence the model card declares, or null when not known. */
  license: z.nullable(z.string()),
  /** The Hub's safetensors element counts (buffers included) by dtype and in total, or null. */
  safetensors: z.nullable(
    z.object({ total: z.int().check(z.positive()), parameters: z.record(z.string(), z.int().check(z.nonnegative())) }),
  ),
  note: z.string(),
});

export type HubRecord = z.infer<typeof hubRecordSchema>;
export type CheckpointBuffer = z.infer<typeof checkpointBufferSchema>;
