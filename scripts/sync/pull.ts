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
 *
 * Everything from outside is untrusted: a repo id (from models.json or the command line) must be a
 * Hub repo id and its folder must lie inside the snapshot, with no symbolic link on the way (see
 * modelFolder); every answer is read only up to a limit (limits.ts); the config is parsed with the
 * size and nesting limits /try/ applies; and snapshot files that no longer parse are replaced, saying so.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { downloadFile, HubApiError, modelInfo } from '@huggingface/hub';
import {
  displayPath,
  loadManifest,
  modelFile,
  modelFolder,
  writeFileAtomically,
  writeJsonAtomically,
} from '../../src/data/snapshot.ts';
import type { HubRecord, Manifest, ManifestEntry } from '../../src/lib/index.ts';
import {
  ConfigError,
  checkpointAccount,
  countParams,
  hubRecordSchema,
  parseConfig,
  parseUntrustedConfigText,
  reconcileHubCount,
  tensorList,
} from '../../src/lib/index.ts';
import { changedConfigKeys } from '../../src/lib/config/diff.ts';
import { describeValue } from '../../src/lib/errors.ts';
import { repoIdProblem } from '../../src/lib/hub-record.ts';
import { HubNetworkError, HubTimeoutError } from './hub-fetch.ts';
import { limitFetch, MAX_CONFIG_BYTES, MAX_INFO_BYTES, PullError, sizeText } from './limits.ts';

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
  /**
   * The fetch to use (with timeouts and retries: see hub-fetch.ts) for answers of at most
   * `maxBytes` bytes. Its answers are limited again here, so a fetch that reads no limit is safe too.
   */
  fetch: (maxBytes: number) => typeof fetch;
  /** Models pulled at once. */
  concurrency: number;
  /** The clock, for `pulledAt`. */
  now: () => Date;
}

export type PullOutcome =
  | { repo: string; status: 'updated'; details: string[] }
  | { repo: string; status: 'unchanged'; details: string[] }
  | { repo: string; status: 'failed'; reason: string };

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
    // @huggingface/hub reads the body itself: hand it one that errors past the limit.
    fetch: limitFetch(options.fetch(MAX_INFO_BYTES), MAX_INFO_BYTES),
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
    fetch: limitFetch(options.fetch(MAX_CONFIG_BYTES), MAX_CONFIG_BYTES),
    xet: false,
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
  });
  if (blob === null) throw new PullError(`the repo has no config.json at ${sha}`);
  return blob.text();
}

/** A snapshot file's text, or why it cannot stand (too large to be one, or not what it should hold). */
type Existing<T> = { value: T; text: string } | { problem: string } | null;

/**
 * Reads a file the pull is about to replace, with the limits applied to anything untrusted (a
 * file on disk may be truncated, corrupt or huge). Null when it does not exist yet.
 */
function readExisting<T>(file: string, read: (value: unknown) => T): Existing<T> {
  if (!existsSync(file)) return null;
  const size = statSync(file).size;
  if (size > MAX_CONFIG_BYTES) {
    return { problem: `${sizeText(size)}, over the ${sizeText(MAX_CONFIG_BYTES)} a snapshot file may hold` };
  }
  const text = readFileSync(file, 'utf8');
  try {
    return { value: read(parseUntrustedConfigText(text)), text };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function readExistingRecord(value: unknown): HubRecord {
  const parsed = hubRecordSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path.map(String).join('.') ?? '';
  throw new Error(`does not validate: ${key === '' ? '' : `${key}: `}${issue?.message ?? 'invalid'}`);
}

async function pullOne(
  entry: ManifestEntry,
  options: PullOptions,
): Promise<{ outcome: PullOutcome; pin: string | null }> {
  const repo = entry.repo;
  try {
    // Before any request: the id must lead to a real folder inside the snapshot, with real files.
    const folder = modelFolder(repo, options.snapshotDir);
    for (const file of ['config.json', 'hub.json'] as const) modelFile(repo, file, options.snapshotDir);

    const revision = options.latest || entry.revision === null ? 'main' : entry.revision;
    const info = await fetchInfo(repo, revision, options);
    const text = await fetchConfigText(repo, info.sha, options);

    let config: unknown;
    try {
      config = parseUntrustedConfigText(text);
    } catch (error) {
      // "is not valid JSON (…)", or "is refused: the JSON nests deeper than 32 levels; …"
      const message = error instanceof ConfigError ? error.message : 'unreadable';
      const refusal = message.startsWith('not valid JSON') ? message : `refused: ${message}`;
      throw new PullError(`config.json at ${info.sha.slice(0, 7)} is ${refusal}`);
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

    // Checked again just before reading and writing: still no link in the way.
    const configFile = modelFile(repo, 'config.json', options.snapshotDir);
    const hubFile = modelFile(repo, 'hub.json', options.snapshotDir);
    const oldConfig = readExisting(configFile, (value) => value);
    const oldHub = readExisting(hubFile, readExistingRecord);
    const oldText = oldConfig !== null && 'text' in oldConfig ? oldConfig.text : null;
    const oldRecord = oldHub !== null && 'value' in oldHub ? oldHub.value : null;
    const details: string[] = [];
    // A file that no longer reads is named and replaced like any other (atomically, below).
    for (const [file, old] of [
      [configFile, oldConfig],
      [hubFile, oldHub],
    ] as const) {
      if (old !== null && 'problem' in old) {
        details.push(`${displayPath(file)} was unusable, so the pull replaced it: ${old.problem}`);
      }
    }
    if (oldRecord?.revision !== info.sha) {
      details.push(`revision ${oldRecord?.revision?.slice(0, 7) ?? 'unpinned'} → ${info.sha.slice(0, 7)}`);
    }
    if (oldConfig === null) {
      details.push('new config.json');
    } else if ('value' in oldConfig && oldText !== text) {
      const keys = changedConfigKeys(oldConfig.value, config);
      details.push(`config.json changed (${keys.length > 0 ? keys.join(', ') : 'formatting only'})`);
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
  // An id from the command line becomes a folder name: it must be a Hub repo id before anything else.
  const invalid = options.repos.flatMap((repo) => {
    const problem = repoIdProblem(repo);
    return problem === null ? [] : [`${describeValue(repo)} is not a Hub repo id: ${problem}`];
  });
  if (invalid.length > 0) {
    throw new ConfigError(null, `${invalid.join('; ')} (give each model as org/name, as in its Hub address)`);
  }
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
