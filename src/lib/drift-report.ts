/**
 * The diff file (content/diffs/*.json) as a schema: what `<WeightDrift>` and a resumed
 * `weights:diff` read back. (The browser tool writes files but never reads one, so it loads no zod.)
 */
import * as z from 'zod/mini';
import type { DriftReport } from './drift.ts';

const nullableNumber = z.nullable(z.number());
const checkpoint = z.object({ repo: z.string(), revision: z.string() });
const tensor = z.object({
  name: z.string(),
  shape: z.array(z.number()),
  median: z.number(),
  relFrobenius: nullableNumber,
  rows: z.number(),
  ci: z.tuple([z.number(), z.number()]),
  /** Added to the issue's format: the interval of relFrobenius (the issue asks for an interval on both metrics). */
  ciRelFrobenius: z.optional(z.tuple([nullableNumber, nullableNumber])),
});
const report = z.object({
  a: checkpoint,
  b: checkpoint,
  mode: z.enum(['full', 'sampled']),
  seed: z.number(),
  tensors: z.array(tensor),
});

/** A diff file's text, checked; throws one line naming the first problem. */
export function parseReport(text: string, where: string): DriftReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const result = report.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${where}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'not a diff file'}`);
  }
  return {
    ...result.data,
    tensors: result.data.tensors.map((entry) => ({
      ...entry,
      ciRelFrobenius: entry.ciRelFrobenius ?? [entry.relFrobenius, entry.relFrobenius],
    })),
  };
}
