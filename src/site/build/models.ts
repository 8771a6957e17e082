/**
 * The site's view of the snapshot: every model analysed once per build, looked up by id, with
 * build-failing errors that name the article, the component and the closest valid ids when an
 * author asks for something that does not exist.
 */
import type { SnapshotEntry } from '../../data/snapshot.ts';
import { loadSnapshot } from '../../data/snapshot.ts';
import { sitePath } from '../url.ts';
import type { ModelAnalysis, ModelSpec, RunOptions, TensorInfo } from '../../lib/index.ts';
import {
  analyzeSpec,
  closestMatches,
  DEFAULT_RUN_OPTIONS,
  matmulParamsPerToken,
  parseConfig,
  resolveRunOptions,
  tensorList,
} from '../../lib/index.ts';

export interface SiteModel {
  id: string;
  /** `org` and `name` halves of the id, for routes. */
  org: string;
  name: string;
  /** The family the manifest files it under (`Llama`, `Gemma`, …). */
  family: string;
  entry: SnapshotEntry;
  spec: ModelSpec;
  tensors: TensorInfo[];
  /** Matmul parameters per token, the weight input of every FLOP count. */
  matmulParams: number;
  /**
   * The analysis at the site's default options (context 4,096, batch 1, bf16, causal), with the
   * checkpoint buffers its hub.json records, and without the flat tensor list (pages use the groups).
   * Every number a page shows is read off it by metric path (metricValue), or recomputed at other options.
   */
  analysis: ModelAnalysis;
}

let cache: SiteModel[] | undefined;

/** Every model in the snapshot, in the manifest's display order. */
export function allModels(): SiteModel[] {
  if (cache === undefined) {
    cache = loadSnapshot().map((entry): SiteModel => {
      const spec = parseConfig(entry.config);
      const tensors = tensorList(spec);
      const [org = '', name = ''] = entry.id.split('/');
      return {
        id: entry.id,
        org,
        name,
        family: entry.manifest.family,
        entry,
        spec,
        tensors,
        matmulParams: matmulParamsPerToken(spec, tensors),
        analysis: analyzeSpec(entry.id, spec, DEFAULT_RUN_OPTIONS, {
          recordedBuffers: entry.hub.checkpointBuffers,
          flatTensors: false,
        }),
      };
    });
  }
  return cache;
}

/** The analysis of a model at other options. */
export function analyzeAt(model: SiteModel, options: Partial<RunOptions>): ModelAnalysis {
  return analyzeSpec(
    model.id,
    model.spec,
    { ...DEFAULT_RUN_OPTIONS, ...options },
    { recordedBuffers: model.entry.hub.checkpointBuffers, flatTensors: false },
  );
}

/** Where a component was written: `content/articles/x.mdx:12`, or the page URL for generated pages. */
export type SourceLocation = string | undefined;

/** An authoring mistake: the build stops with this message. */
export class AuthoringError extends Error {
  constructor(source: SourceLocation, component: string, problem: string) {
    super(`${source ?? 'unknown page'}: <${component}>: ${problem}`);
    this.name = 'AuthoringError';
  }
}

/** The model an author named, or a build failure listing the closest ids. */
export function requireModel(id: unknown, component: string, source: SourceLocation): SiteModel {
  const models = allModels();
  if (typeof id !== 'string' || id === '') {
    throw new AuthoringError(source, component, `needs model="org/name", e.g. model="${models[0]?.id ?? ''}"`);
  }
  const model = models.find((candidate) => candidate.id === id);
  if (model === undefined) {
    const closest = closestMatches(
      id,
      models.map((candidate) => candidate.id),
      3,
    );
    throw new AuthoringError(
      source,
      component,
      `model="${id}" is not in the snapshot (content/configs/); closest: ${closest.join(', ')}`,
    );
  }
  return model;
}

/** A prop value from a fixed set, or a build failure listing the valid ones. */
export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  prop: string,
  component: string,
  source: SourceLocation,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const closest = typeof value === 'string' ? closestMatches(value, allowed, 1)[0] : undefined;
  throw new AuthoringError(
    source,
    component,
    `${prop}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}${closest ? ` (did you mean ${closest}?)` : ''}`,
  );
}

/** Rejects props a component does not have (a typo would otherwise be silently ignored). */
export function rejectUnknownProps(
  props: object,
  known: readonly string[],
  component: string,
  source: SourceLocation,
): void {
  for (const prop of Object.keys(props)) {
    if (prop === '__source' || known.includes(prop)) continue;
    const closest = closestMatches(prop, known, 1)[0];
    throw new AuthoringError(
      source,
      component,
      `has no prop "${prop}"; its props are ${known.join(', ')}${closest ? ` (did you mean ${closest}?)` : ''}`,
    );
  }
}

/** The Hub page of a model, at its pinned revision when the snapshot knows it. */
export function hubUrl(model: SiteModel): string {
  const revision = model.entry.hub.revision;
  return revision === null
    ? `https://huggingface.co/${model.id}`
    : `https://huggingface.co/${model.id}/tree/${revision}`;
}

/** The site path of a model page. */
export function modelPath(model: SiteModel): string {
  return sitePath(`/models/${model.org}/${model.name}/`);
}

/** The `context` prop's one word: the longest context the model's config declares (`maxContextTokens`). */
export const MAX_CONTEXT = 'max';

/**
 * The context a calculator opens at when an author writes `context="max"`: the longest context
 * every one of `models` supports, the smallest of their `maxContextTokens`. For one model that
 * is its full context; for a comparison it keeps every row within its own model's limit, so no
 * table opens on a number a listed model cannot run. A config change moves it with the config.
 *
 * @example maxContextOf([llama31_8b]) //=> 131_072
 * @example maxContextOf([gpt2, llama31_8b]) //=> 1_024
 */
export function maxContextOf(models: readonly SiteModel[]): number {
  return Math.min(...models.map((model) => model.spec.maxContextTokens));
}

/**
 * Calculator props (context, batch, dtype, attention) checked like the controls, or a build failure.
 * `context="max"` resolves against `models` (see maxContextOf); a component that has no model to
 * resolve it against passes none, and the word is refused.
 */
export function requireRunOptions(
  raw: { context?: unknown; batch?: unknown; dtype?: unknown; attention?: unknown },
  component: string,
  source: SourceLocation,
  models: readonly SiteModel[] = [],
): RunOptions {
  let context = raw.context;
  if (context === MAX_CONTEXT) {
    if (models.length === 0) {
      throw new AuthoringError(source, component, 'context="max" needs a model to take the maximum context from');
    }
    context = maxContextOf(models);
  } else if (typeof context === 'string' && !/^\s*\d+\s*$/.test(context)) {
    throw new AuthoringError(
      source,
      component,
      `context=${JSON.stringify(context)} is neither a number of tokens (context={32768}) nor "max"`,
    );
  }
  try {
    return resolveRunOptions({ ...raw, context });
  } catch (error) {
    throw new AuthoringError(source, component, error instanceof Error ? error.message : String(error));
  }
}
