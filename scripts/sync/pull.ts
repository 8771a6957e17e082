/**
 * Pulling configs from the Hugging Face Hub into the snapshot, safely.
 *
 * For each model: ask the Hub for its info at the pinned revision (or at `main` with `latest`,
 * or when nothing is pinned yet), download `config.json` at the exact commit the Hub answered
 * with, and validate before anything is written: the body parses as JSON, the config passes the
 * library's validation, and the library's parameter count equals the Hub's safetensors count, or
 * falls short of it by exactly a buffer set the family is known to store. Only then are
 * config.json and hub.json replaced, each through a temporary file and a rename. A model whose
 * revision, config bytes and count are unchanged is not rewritten, so the same input gives the
 * same files. The network is reached through an injectable fetch and base URL.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadFile, HubApiError, modelInfo } from '@huggingface/hub';
import { loadManifest, writeFileAtomically, writeJsonAtomically } from '../../src/data/snapshot.ts';
import type { HubRecord, Manifest, ManifestEntry } from '../../src/lib/index.ts';
import {
  ConfigError,
  checkpointAccount,
  countParams,
  hubRecordSchema,
  parseConfig,
  parseConfigText,
  reconcileHubCount,
  tensorList,
} from '../../src/lib/index.ts';
import { changedConfigKeys } from '../../src/lib/config/diff.ts';
import { HubNetworkError, HubTimeoutError } from './hub-fetch.ts';

export interface PullOptions {
  /** The snapshot folder (content/configs/), with models.json. */
  snapshotDir: string;
  /** Repo ids to pull; empty means every model of the manifest. */
  repos: string[];
  /** Move each pin to the Hub's current `main`. */
  latest: boolean;
  /** The Hub's base URL (HF_ENDPOINT), without a trailing slash. */
  hubUrl: string;
  /** HF_TOKEN, for gated repos. */
  accessToken: string | undefined;
  /** The fetch to use (with timeouts and retries: see hub-fetch.ts). */
  fetch: typeof fetch;
  /** Models pulled at once. */
  concurrency: number;
  /** The clock, for `pulledAt`. */
  now: () => Date;
}

export type PullOutcome =
  | { repo: string; status: 'updated'; details: string[] }
  | { repo: string; status: 'unchanged'; details: string[] }
  | { repo: string; status: 'failed'; reason: string };

/** A failure with the sentence the report prints for it. */
class PullError extends Error {}

interface HubInfo {
  sha: string;
  gated: false | 'auto' | 'manual';
  license: string | null;
  safetensors: { total: number; parameters: Record<string, number> } | null;
}

function describeHubError(error: unknown, repo: string, options: PullOptions): string {
  const page = `${options.hubUrl}/${repo}`;
  if (error instanceof HubApiError) {
    if (error.statusCode === 401 || error.statusCode === 403) {
      return options.accessToken
        ? `the Hub refused the token in HF_TOKEN (${error.statusCode}): check that it has read access and that its account accepted the licence at ${page}`
        : `the Hub refused access (${error.statusCode}): ${repo} is gated; accept its licence at ${page} and set HF_TOKEN to a read token`;
    }
    if (error.statusCode === 404) return `not found on the Hub (404): check the repo id and the pinned revision`;
    if (error.statusCode === 429) return `the Hub kept answering 429 (rate limited) after every retry`;
    if (error.statusCode >= 500) return `the Hub answered ${error.statusCode} on every attempt`;
    return `the Hub answered ${error.statusCode}`;
  }
  if (error instanceof HubTimeoutError || error instanceof HubNetworkError) return error.message;
  if (error instanceof PullError || error instanceof ConfigError) return error.message;
  return `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}

async function fetchInfo(repo: string, revision: string, options: PullOptions): Promise<HubInfo> {
  const info = await modelInfo({
    name: repo,
    revision,
    hubUrl: options.hubUrl,
    fetch: options.fetch,
    additionalFields: ['sha', 'safetensors', 'cardData'],
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
  });
  const raw = info as unknown as {
    sha?: unknown;
    gated?: unknown;
    safetensors?: { total?: unknown; parameters?: unknown } | null;
    cardData?: { license?: unknown } | null;
  };
  if (typeof raw.sha !== 'string' || !/^[0-9a-f]{40}$/.test(raw.sha)) {
    throw new PullError(`the Hub's model info has no commit sha for revision ${revision}`);
  }
  const total = raw.safetensors?.total;
  const byDtype = raw.safetensors?.parameters;
  const safetensors =
    typeof total === 'number' && byDtype !== null && typeof byDtype === 'object'
      ? { total, parameters: Object.fromEntries(Object.entries(byDtype as Record<string, number>).sort()) }
      : null;
  const gated = raw.gated === 'auto' || raw.gated === 'manual' ? raw.gated : false;
  const license = typeof raw.cardData?.license === 'string' ? raw.cardData.license : null;
  return { sha: raw.sha, gated, license, safetensors };
}

async function fetchConfigText(repo: string, sha: string, options: PullOptions): Promise<string> {
  const blob = await downloadFile({
    repo,
    path: 'config.json',
    revision: sha,
    hubUrl: options.hubUrl,
    fetch: options.fetch,
    xet: false,
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
  });
  if (blob === null) throw new PullError(`the repo has no config.json at ${sha}`);
  return blob.text();
}

async function pullOne(
  entry: ManifestEntry,
  options: PullOptions,
): Promise<{ outcome: PullOutcome; pin: string | null }> {
  const repo = entry.repo;
  const folder = join(options.snapshotDir, ...repo.split('/'));
  try {
    const revision = options.latest || entry.revision === null ? 'main' : entry.revision;
    const info = await fetchInfo(repo, revision, options);
    const text = await fetchConfigText(repo, info.sha, options);

    let config: unknown;
    try {
      config = parseConfigText(text);
    } catch (error) {
      throw new PullError(
        `config.json at ${info.sha.slice(0, 7)} is ${error instanceof ConfigError ? error.message : 'unreadable'}`,
      );
    }
    let spec;
    try {
      spec = parseConfig(config);
    } catch (error) {
      throw new PullError(
        `config.json at ${info.sha.slice(0, 7)} does not validate: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const tensors = tensorList(spec);
    const parameters = countParams(spec, tensors).total;
    if (info.safetensors === null) {
      throw new PullError('the Hub reports no safetensors parameter count to check the config against');
    }
    // What the config says the checkpoint holds (parameters plus FP8 scales, MTP layers, …); the
    // Hub's count may exceed it only by a buffer set the architecture is known to store.
    const account = checkpointAccount(spec, tensors, parameters);
    const determined = account.elements;
    if (determined === null) {
      throw new PullError(`its count cannot be checked against the Hub: ${account.undetermined ?? 'undetermined'}`);
    }
    const buffers = reconcileHubCount(spec, determined, info.safetensors.total);
    if (buffers === null) {
      throw new PullError(
        `the config gives ${parameters.toLocaleString('en-US')} parameters${determined === parameters ? '' : ` (${determined.toLocaleString('en-US')} checkpoint elements with its FP8 scales and other stored extras)`} but the Hub counts ${info.safetensors.total.toLocaleString('en-US')} ` +
          `(a difference of ${(info.safetensors.total - determined).toLocaleString('en-US')} that no known buffer explains)`,
      );
    }

    const configFile = join(folder, 'config.json');
    const hubFile = join(folder, 'hub.json');
    const oldText = existsSync(configFile) ? readFileSync(configFile, 'utf8') : null;
    let oldRecord: HubRecord | null = null;
    if (existsSync(hubFile)) {
      const parsed = hubRecordSchema.safeParse(JSON.parse(readFileSync(hubFile, 'utf8')));
      oldRecord = parsed.success ? parsed.data : null;
    }
    const details: string[] = [];
    if (oldRecord?.revision !== info.sha) {
      details.push(`revision ${oldRecord?.revision?.slice(0, 7) ?? 'unpinned'} → ${info.sha.slice(0, 7)}`);
    }
    if (oldText !== text) {
      const keys = oldText === null ? [] : changedConfigKeys(JSON.parse(oldText) as unknown, config);
      details.push(
        oldText === null
          ? 'new config.json'
          : `config.json changed (${keys.length > 0 ? keys.join(', ') : 'formatting only'})`,
      );
    }
    if (oldRecord !== null && oldRecord.parameters !== parameters) {
      details.push(
        `parameters ${oldRecord.parameters.toLocaleString('en-US')} → ${parameters.toLocaleString('en-US')}`,
      );
    }
    const unchanged =
      details.length === 0 &&
      oldRecord !== null &&
      oldRecord.pulledAt !== null &&
      JSON.stringify(oldRecord.safetensors) === JSON.stringify(info.safetensors) &&
      oldRecord.gated === info.gated &&
      oldRecord.license === info.license;
    if (unchanged)
      return { outcome: { repo, status: 'unchanged', details: [`at ${info.sha.slice(0, 7)}`] }, pin: info.sha };

    const record: HubRecord = hubRecordSchema.parse({
      repo,
      revision: info.sha,
      pulledAt: options.now().toISOString(),
      parameters,
      parametersSource:
        buffers.length === 0
          ? `the Hub's safetensors count at ${info.sha}`
          : `the Hub's safetensors count at ${info.sha} (${info.safetensors.total.toLocaleString('en-US')}) less the checkpoint buffers below${determined === parameters ? '' : ' and the stored extras the config determines'}`,
      configSource: `${options.hubUrl}/${repo}/resolve/${info.sha}/config.json`,
      configStatus: 'verbatim',
      checkpointBuffers: buffers,
      gated: info.gated,
      license: info.license,
      safetensors: info.safetensors,
      note: 'Pulled from the Hub by npm run configs:pull.',
    });
    mkdirSync(folder, { recursive: true });
    writeFileAtomically(configFile, text);
    writeJsonAtomically(hubFile, record);
    if (details.length === 0) details.push('provenance refreshed');
    return { outcome: { repo, status: 'updated', details }, pin: info.sha };
  } catch (error) {
    return { outcome: { repo, status: 'failed', reason: describeHubError(error, repo, options) }, pin: null };
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the input order in the result. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Pulls the selected models and returns one outcome per model. Pins that moved are written back
 * to models.json (only for models that were pulled successfully).
 */
export async function pullModels(options: PullOptions): Promise<PullOutcome[]> {
  const manifest: Manifest = loadManifest(options.snapshotDir);
  const unknown = options.repos.filter((repo) => !manifest.models.some((entry) => entry.repo === repo));
  if (unknown.length > 0) {
    throw new ConfigError(
      null,
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in content/configs/models.json: add a line {"repo": "${unknown[0]}", "revision": null, "family": "…"} there first`,
    );
  }
  const selected =
    options.repos.length === 0
      ? manifest.models
      : manifest.models.filter((entry) => options.repos.includes(entry.repo));
  const results = await mapBounded(selected, options.concurrency, (entry) => pullOne(entry, options));
  const pins = new Map(results.flatMap(({ outcome, pin }) => (pin === null ? [] : [[outcome.repo, pin] as const])));
  const moved = manifest.models.some((entry) => pins.has(entry.repo) && pins.get(entry.repo) !== entry.revision);
  if (moved) {
    const updated: Manifest = {
      models: manifest.models.map((entry) => ({ ...entry, revision: pins.get(entry.repo) ?? entry.revision })),
    };
    writeJsonAtomically(join(options.snapshotDir, 'models.json'), updated);
  }
  return results.map(({ outcome }) => outcome);
}
