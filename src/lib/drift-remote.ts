/**
 * Weight drift read from a Hugging Face Hub (or a mirror, or a test server) with range requests:
 * the commit each revision points at, one request for the index, one per shard for its header
 * (two when a header is longer than the first read), then the chosen rows of every tensor. Network
 * access is injected (`fetch`, the base URL, the token), so the CLI, the browser tool's worker and the
 * tests run the same code; nothing here touches the DOM or Node.
 *
 * Every answer is checked before it is used: a range answered with anything but the bytes asked for
 * (a 200 with the whole file, a short or long body, another range) is an error naming the file.
 */
import { assertSafeShardFilename, encodeShardFilename } from '@huggingface/hub';
import type { DriftReport, RowStats, TensorDrift } from './drift.ts';
import {
  accumulateRows,
  compareTensorNames,
  fullAccumulator,
  fullDrift,
  MAX_FULL_ELEMENTS,
  rowLayout,
  rowStats,
  sampleRows,
  tensorDrift,
} from './drift.ts';
import { repoIdProblem } from './repo-id.ts';
import type { FloatDtype, TensorDifference, TensorEntry } from './safetensors.ts';
import {
  assertFloatDtype,
  decodeFloats,
  DriftError,
  DTYPE_BYTES,
  headerLength,
  HEADER_LENGTH_BYTES,
  MAX_HEADER_BYTES,
  parseHeader,
  parseIndex,
} from './safetensors.ts';

export { DriftError } from './safetensors.ts';
export type { DriftProblem, TensorDifference } from './safetensors.ts';

export const INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_FILE = 'model.safetensors';
/** The first read of each shard: enough for any real header (a Llama 3 8B shard's is about 25 KB). */
export const HEADER_PROBE_BYTES = 64 * 1024;
/** The longest range requested at once: whole rows, at least one. */
export const MAX_RANGE_BYTES = 16 * 1024 * 1024;
/** The longest index or model-info answer read. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Requests in flight at once per run. */
export const DEFAULT_CONCURRENCY = 6;

/** How to reach the Hub. */
export interface HubAccess {
  /** Base URL without a trailing slash: https://huggingface.co, a mirror, a test server. */
  hubUrl: string;
  /** Sent as `Authorization: Bearer …` (gated and private repos). */
  accessToken?: string | undefined;
  fetch: typeof fetch;
  signal?: AbortSignal | undefined;
  /** Called as response bytes arrive (headers, index and tensor rows alike). */
  onBytes?: ((bytes: number) => void) | undefined;
}

/** A tensor of a checkpoint: where its bytes are. */
export interface RemoteTensor extends TensorEntry {
  file: string;
}

export interface Checkpoint {
  repo: string;
  /** The commit read. */
  revision: string;
  tensors: Map<string, RemoteTensor>;
}

/** A difference as the English message lists it. */
export function differenceLine(difference: TensorDifference): string {
  if ('onlyIn' in difference) return `${difference.name}: only in ${difference.onlyIn}`;
  const [a, b] = difference.shapes;
  return `${difference.name}: shape [${a.shape.join(', ')}] in ${a.repo}, [${b.shape.join(', ')}] in ${b.repo}`;
}

/** Thrown when the two checkpoints differ in tensor names or shapes: every difference, one per line. */
export class DriftMismatchError extends DriftError {
  readonly differences: string[];

  constructor(differences: string[], entries: TensorDifference[] = []) {
    const shown = differences.slice(0, 20);
    const more = differences.length - shown.length;
    super(
      `the checkpoints differ in ${differences.length} tensor${differences.length === 1 ? '' : 's'}:\n  ${shown.join('\n  ')}${more > 0 ? `\n  … and ${more} more` : ''}`,
      { code: 'mismatch', differences: entries },
    );
    this.name = 'DriftMismatchError';
    this.differences = differences;
  }
}

/** Throws unless `repo` is a Hub model id (`org/name`, the Hub's rules: see hub-record.ts). */
export function assertRepoId(repo: string): void {
  const problem = repoIdProblem(repo);
  if (problem !== null) throw new DriftError(`"${repo.slice(0, 100)}" is not a Hub repo id: ${problem}`);
}

function headers(access: HubAccess, extra: Record<string, string> = {}): Record<string, string> {
  return access.accessToken ? { ...extra, authorization: `Bearer ${access.accessToken}` } : extra;
}

function statusError(status: number, what: string, access: HubAccess): DriftError {
  if (status === 401 || status === 403)
    return new DriftError(
      access.accessToken
        ? `${what}: ${status}, the token was refused or has no access to this repo (accept its licence on the Hub first)`
        : `${what}: ${status}, the repo is gated or private: accept its licence on the Hub and give an access token (HF_TOKEN)`,
      { code: 'unauthorized', what, status, withToken: Boolean(access.accessToken) },
    );
  if (status === 404) return new DriftError(`${what}: not found (404)`, { code: 'not-found', what });
  return new DriftError(`${what}: the server answered ${status}`);
}

async function request(access: HubAccess, url: string, what: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await access.fetch(url, { ...init, signal: access.signal ?? null });
  } catch (error) {
    if (access.signal?.aborted) throw access.signal.reason ?? error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new DriftError(`${what}: cannot reach ${new URL(url).origin} (${detail})`);
  }
}

/**
 * Reads a body into `expected` bytes exactly (or up to `limit` when the length is unknown), counting
 * bytes as they arrive. A body that stops short or runs long is an error: a truncated range is never
 * decoded as if it were whole.
 */
async function readBody(
  response: Response,
  access: HubAccess,
  what: string,
  expected: number | null,
  limit: number,
): Promise<Uint8Array> {
  const capacity = expected ?? limit;
  const reader = response.body?.getReader();
  if (reader === undefined) {
    if (expected === 0 || expected === null) return new Uint8Array(0);
    throw new DriftError(`${what}: empty answer, expected ${expected} bytes`);
  }
  let buffer = new Uint8Array(expected ?? Math.min(limit, 64 * 1024));
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.byteLength > capacity) {
        await reader.cancel();
        throw new DriftError(
          expected === null
            ? `${what}: answer longer than ${limit} bytes`
            : `${what}: the server sent more than the ${expected} bytes asked for`,
        );
      }
      if (filled + value.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.min(capacity, Math.max(buffer.byteLength * 2, filled + value.byteLength)));
        grown.set(buffer.subarray(0, filled));
        buffer = grown;
      }
      buffer.set(value, filled);
      filled += value.byteLength;
      access.onBytes?.(value.byteLength);
    }
  } catch (error) {
    if (error instanceof DriftError) throw error;
    if (access.signal?.aborted) throw access.signal.reason ?? error;
    throw new DriftError(
      `${what}: truncated, the connection broke after ${filled}${expected === null ? '' : ` of ${expected}`} bytes`,
      { code: 'truncated', what, received: filled, expected },
    );
  }
  if (expected !== null && filled !== expected)
    throw new DriftError(`${what}: truncated range, received ${filled} of ${expected} bytes`, {
      code: 'truncated',
      what,
      received: filled,
      expected,
    });
  return buffer.subarray(0, filled);
}

function resolveUrl(access: HubAccess, repo: string, revision: string, file: string): string {
  return `${access.hubUrl}/${repo}/resolve/${encodeURIComponent(revision)}/${encodeShardFilename(file)}`;
}

/** The commit a branch, tag or commit names, from `/api/models/{repo}/revision/{revision}`. */
export async function resolveRevision(access: HubAccess, repo: string, revision: string): Promise<string> {
  assertRepoId(repo);
  const what = `${repo}@${revision}`;
  const response = await request(
    access,
    `${access.hubUrl}/api/models/${repo}/revision/${encodeURIComponent(revision)}`,
    what,
    {
      headers: headers(access),
    },
  );
  if (!response.ok) {
    await response.body?.cancel();
    throw statusError(response.status, what, access);
  }
  const bytes = await readBody(response, { ...access, onBytes: undefined }, what, null, MAX_JSON_BYTES);
  let sha: unknown;
  try {
    sha = (JSON.parse(new TextDecoder().decode(bytes)) as { sha?: unknown }).sha;
  } catch {
    throw new DriftError(`${what}: the model info is not JSON`);
  }
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha))
    throw new DriftError(`${what}: the model info names no commit`);
  return sha;
}

/**
 * Bytes [start, end) of a file. With `clip`, a file shorter than `end` gives what it has (the header
 * probe); otherwise anything but exactly those bytes is an error. Returns the file's size as well,
 * from Content-Range.
 */
export async function readRange(
  access: HubAccess,
  repo: string,
  revision: string,
  file: string,
  start: number,
  end: number,
  clip = false,
): Promise<{ bytes: Uint8Array; fileBytes: number }> {
  const what = `${repo}/${file}`;
  const response = await request(access, resolveUrl(access, repo, revision, file), what, {
    headers: headers(access, { range: `bytes=${start}-${end - 1}` }),
  });
  if (response.status !== 206) {
    await response.body?.cancel();
    if (response.ok)
      throw new DriftError(`${what}: the server ignored the range request (answered ${response.status})`);
    throw statusError(response.status, what, access);
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range === null) {
    await response.body?.cancel();
    throw new DriftError(`${what}: the range answer has no readable Content-Range`);
  }
  const [gotStart, gotEnd, fileBytes] = [Number(range[1]), Number(range[2]) + 1, Number(range[3])];
  const wanted = clip ? Math.min(end, fileBytes) : end;
  if (gotStart !== start || gotEnd !== wanted) {
    await response.body?.cancel();
    throw new DriftError(
      fileBytes < end && !clip
        ? `${what}: truncated, the file has ${fileBytes} bytes but bytes up to ${end} were expected`
        : `${what}: asked for bytes ${start}–${end - 1}, the server sent ${gotStart}–${gotEnd - 1}`,
      fileBytes < end && !clip ? { code: 'truncated', what, received: fileBytes, expected: end } : undefined,
    );
  }
  return { bytes: await readBody(response, access, what, gotEnd - gotStart, 0), fileBytes };
}

/** A shard's header: one probe, and a second read only when the header is longer than the probe. */
async function readShardHeader(
  access: HubAccess,
  repo: string,
  revision: string,
  file: string,
): Promise<RemoteTensor[]> {
  const what = `${repo}/${file}`;
  const probe = await readRange(access, repo, revision, file, 0, HEADER_PROBE_BYTES, true);
  const length = headerLength(probe.bytes, what, probe.fileBytes);
  const end = HEADER_LENGTH_BYTES + length;
  const json =
    end <= probe.bytes.byteLength
      ? probe.bytes.subarray(HEADER_LENGTH_BYTES, end)
      : (await readRange(access, repo, revision, file, HEADER_LENGTH_BYTES, end)).bytes;
  return parseHeader(json, what, probe.fileBytes).tensors.map((tensor) => ({ ...tensor, file }));
}

/** Runs `tasks` with at most `limit` in flight; the first failure rejects (the rest are left to finish). */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * A checkpoint's tensors and where they are: the commit, then `model.safetensors.index.json` (or,
 * when there is none, the single `model.safetensors`), then every shard's header.
 */
export async function openCheckpoint(access: HubAccess, repo: string, revision: string): Promise<Checkpoint> {
  const commit = await resolveRevision(access, repo, revision);
  const indexWhat = `${repo}/${INDEX_FILE}`;
  const response = await request(access, resolveUrl(access, repo, commit, INDEX_FILE), indexWhat, {
    headers: headers(access),
  });
  let shards: string[];
  let weightMap: Map<string, string> | null = null;
  if (response.status === 404) {
    await response.body?.cancel();
    shards = [SINGLE_FILE];
  } else if (!response.ok) {
    await response.body?.cancel();
    throw statusError(response.status, indexWhat, access);
  } else {
    const text = new TextDecoder().decode(await readBody(response, access, indexWhat, null, MAX_JSON_BYTES));
    const index = parseIndex(text, indexWhat, assertSafeShardFilename);
    shards = index.shards;
    weightMap = index.weightMap;
  }
  const perShard = await pool(
    shards.map((file) => () => readShardHeader(access, repo, commit, file)),
    DEFAULT_CONCURRENCY,
  );
  const tensors = new Map<string, RemoteTensor>();
  for (const tensor of perShard.flat()) {
    const other = tensors.get(tensor.name);
    if (other !== undefined)
      throw new DriftError(`${repo}: tensor "${tensor.name}" is in both ${other.file} and ${tensor.file}`);
    tensors.set(tensor.name, tensor);
  }
  if (weightMap !== null) {
    for (const [name, file] of weightMap) {
      const tensor = tensors.get(name);
      if (tensor === undefined) throw new DriftError(`${indexWhat}: "${name}" is not in ${file}`);
      if (tensor.file !== file) throw new DriftError(`${indexWhat}: "${name}" is in ${tensor.file}, not ${file}`);
    }
  }
  return { repo, revision: commit, tensors };
}

export interface DriftOptions {
  mode: 'full' | 'sampled';
  /** k, in sampled mode. */
  rowsPerTensor: number;
  seed: number;
}

export interface PlannedTensor {
  name: string;
  shape: number[];
  a: RemoteTensor & { dtype: FloatDtype };
  b: RemoteTensor & { dtype: FloatDtype };
  rowCount: number;
  rowElements: number;
  /** Row indices to read, ascending. */
  rows: number[];
  /** Bytes to read for this tensor, both checkpoints. */
  bytes: number;
}

export interface DriftPlan {
  a: Checkpoint;
  b: Checkpoint;
  options: DriftOptions;
  tensors: PlannedTensor[];
  /** Bytes the rows of every tensor will take, both checkpoints together. */
  bytesToRead: number;
}

/**
 * What will be read: the two checkpoints must have the same names and shapes (else every difference
 * is listed), every tensor must be BF16, F16 or F32, and full mode refuses tensors over
 * {@link MAX_FULL_ELEMENTS}. Sampled rows come from {@link sampleRows}.
 */
export function planDrift(a: Checkpoint, b: Checkpoint, options: DriftOptions): DriftPlan {
  const found: TensorDifference[] = [];
  for (const name of a.tensors.keys()) if (!b.tensors.has(name)) found.push({ name, onlyIn: a.repo });
  for (const name of b.tensors.keys()) if (!a.tensors.has(name)) found.push({ name, onlyIn: b.repo });
  for (const [name, ta] of a.tensors) {
    const tb = b.tensors.get(name);
    if (tb !== undefined && ta.shape.join(',') !== tb.shape.join(','))
      found.push({
        name,
        shapes: [
          { repo: a.repo, shape: ta.shape },
          { repo: b.repo, shape: tb.shape },
        ],
      });
  }
  const differences = found
    .map((entry) => ({ entry, line: differenceLine(entry) }))
    .sort((x, y) => (x.line < y.line ? -1 : x.line > y.line ? 1 : 0));
  if (differences.length > 0)
    throw new DriftMismatchError(
      differences.map(({ line }) => line),
      differences.map(({ entry }) => entry),
    );
  const tensors: PlannedTensor[] = [];
  const tooLarge: string[] = [];
  for (const [name, ta] of a.tensors) {
    const tb = b.tensors.get(name) as RemoteTensor;
    assertFloatDtype(ta.dtype, name, a.repo);
    assertFloatDtype(tb.dtype, name, b.repo);
    const { rowCount, rowElements } = rowLayout(ta.shape);
    if (options.mode === 'full' && rowCount * rowElements > MAX_FULL_ELEMENTS) tooLarge.push(name);
    const rows =
      options.mode === 'full'
        ? Array.from({ length: rowCount }, (_, i) => i)
        : sampleRows(options.rowsPerTensor, rowCount, options.seed, name);
    const bytes =
      rows.length * rowElements * (DTYPE_BYTES[ta.dtype as FloatDtype] + DTYPE_BYTES[tb.dtype as FloatDtype]);
    tensors.push({
      name,
      shape: ta.shape,
      a: ta as PlannedTensor['a'],
      b: tb as PlannedTensor['b'],
      rowCount,
      rowElements,
      rows,
      bytes,
    });
  }
  if (tooLarge.length > 0)
    throw new DriftError(
      `full mode holds every ratio of a tensor in memory, at most ${MAX_FULL_ELEMENTS} elements; too large: ${tooLarge.slice(0, 5).join(', ')}${tooLarge.length > 5 ? ` and ${tooLarge.length - 5} more` : ''} (use sampled mode)`,
    );
  return { a, b, options, tensors, bytesToRead: tensors.reduce((total, tensor) => total + tensor.bytes, 0) };
}

/** Consecutive row indices grouped into runs of at most {@link MAX_RANGE_BYTES} (at least one row each). */
export function rowRuns(rows: readonly number[], rowBytes: number): { first: number; count: number }[] {
  const perRun = Math.max(1, Math.floor(MAX_RANGE_BYTES / Math.max(1, rowBytes)));
  const runs: { first: number; count: number }[] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last !== undefined && last.first + last.count === row && last.count < perRun) last.count += 1;
    else runs.push({ first: row, count: 1 });
  }
  return runs;
}

async function readRows(
  access: HubAccess,
  checkpoint: Checkpoint,
  tensor: RemoteTensor & { dtype: FloatDtype },
  rowElements: number,
  first: number,
  count: number,
): Promise<Float32Array> {
  const rowBytes = rowElements * DTYPE_BYTES[tensor.dtype];
  const start = tensor.start + first * rowBytes;
  const { bytes } = await readRange(
    access,
    checkpoint.repo,
    checkpoint.revision,
    tensor.file,
    start,
    start + count * rowBytes,
  );
  return decodeFloats(bytes, tensor.dtype);
}

/** Reads one tensor's rows from both checkpoints and measures its drift. */
export async function measureTensor(access: HubAccess, plan: DriftPlan, tensor: PlannedTensor): Promise<TensorDrift> {
  const rowBytes = tensor.rowElements * Math.max(DTYPE_BYTES[tensor.a.dtype], DTYPE_BYTES[tensor.b.dtype]);
  const runs = rowRuns(tensor.rows, rowBytes);
  const allRows = tensor.rows.length === tensor.rowCount;
  const full = plan.options.mode === 'full' ? fullAccumulator(tensor.rowCount, tensor.rowElements) : null;
  const stats: RowStats[] = [];
  for (const run of runs) {
    const [a, b] = await Promise.all([
      readRows(access, plan.a, tensor.a, tensor.rowElements, run.first, run.count),
      readRows(access, plan.b, tensor.b, tensor.rowElements, run.first, run.count),
    ]);
    if (full !== null) {
      accumulateRows(full, a, b, tensor.rowElements);
      continue;
    }
    for (let row = 0; row < run.count; row += 1) {
      const from = row * tensor.rowElements;
      const to = from + tensor.rowElements;
      stats.push(rowStats(a.subarray(from, to), b.subarray(from, to)));
    }
  }
  return full !== null
    ? fullDrift(tensor.name, tensor.shape, full)
    : tensorDrift(tensor.name, tensor.shape, stats, allRows, plan.options.seed);
}

/**
 * Measures every planned tensor not in `done` (results of an interrupted run of the same plan),
 * a few at a time, calling `onTensor` as each finishes (in completion order), and returns the report.
 */
export async function runDrift(
  access: HubAccess,
  plan: DriftPlan,
  done: readonly TensorDrift[],
  onTensor: (result: TensorDrift, finished: readonly TensorDrift[]) => void | Promise<void>,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<DriftReport> {
  const finished = [...done];
  const known = new Set(done.map((tensor) => tensor.name));
  const todo = plan.tensors.filter((tensor) => !known.has(tensor.name));
  await pool(
    todo.map((tensor) => async () => {
      const result = await measureTensor(access, plan, tensor);
      finished.push(result);
      await onTensor(result, finished);
    }),
    // Both checkpoints are read at once for each tensor: half as many tensors as requests.
    Math.max(1, Math.floor(concurrency / 2)),
  );
  return reportOf(plan, finished);
}

/** The diff file for a plan and its results so far, tensors in file order whatever order they finished in. */
export function reportOf(plan: DriftPlan, tensors: readonly TensorDrift[]): DriftReport {
  return {
    a: { repo: plan.a.repo, revision: plan.a.revision },
    b: { repo: plan.b.repo, revision: plan.b.revision },
    mode: plan.options.mode,
    seed: plan.options.seed,
    tensors: [...tensors].sort((x, y) => compareTensorNames(x.name, y.name)),
  };
}

/**
 * Checks results from an earlier, interrupted run against this plan before they are reused: same
 * repos, commits, mode and seed, and each tensor's name, shape and number of rows as planned.
 * Returns the reusable results; throws naming the first disagreement.
 */
export function resumable(plan: DriftPlan, previous: DriftReport): TensorDrift[] {
  const expected = reportOf(plan, []);
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  for (const key of ['a', 'b', 'mode', 'seed'] as const)
    if (!same(previous[key], expected[key]))
      throw new DriftError(
        `the earlier results were made with ${key} = ${JSON.stringify(previous[key])}, this run has ${JSON.stringify(expected[key])}`,
      );
  const planned = new Map(plan.tensors.map((tensor) => [tensor.name, tensor]));
  for (const tensor of previous.tensors) {
    const match = planned.get(tensor.name);
    if (match === undefined || !same(match.shape, tensor.shape) || match.rows.length !== tensor.rows)
      throw new DriftError(`the earlier result for "${tensor.name}" does not match this run's plan`);
  }
  return [...previous.tensors];
}

export { MAX_HEADER_BYTES };
