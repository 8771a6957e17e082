/**
 * `npm run weights:diff -- org/a org/b [--revision-a R] [--revision-b R] [--rows K | --full] [--seed S] [--out FILE]`:
 * how far each tensor of checkpoint B moved from checkpoint A, read from the Hub with range requests
 * (the headers, then k rows per tensor, or every row with --full). Prints the diff file (the format of
 * content/diffs/, see src/lib/drift.ts) on stdout, or writes it to --out.
 *
 * With --out the results so far are written after every tensor (to a temporary file renamed over
 * the target, so the file is never half-written), and a run that finds the file already there
 * resumes it: the tensors it holds are not read again, provided repos, commits, mode and seed agree.
 *
 * Environment: HF_TOKEN (gated repos such as Llama), HF_ENDPOINT (the Hub's base URL: a mirror, or
 * a test server), HF_SYNC_TIMEOUT_MS (default 60000, per request), HF_SYNC_RETRY_BASE_MS (default
 * 1000: the first retry's delay after a 429, a 5xx or a failed connection; 3 attempts in all).
 * Progress (bytes read, tensors done, ETA) goes to stderr.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DriftReport, TensorDrift } from '../src/lib/drift.ts';
import { DEFAULT_ROWS_PER_TENSOR, reportJson } from '../src/lib/drift.ts';
import type { HubAccess } from '../src/lib/drift-remote.ts';
import {
  assertRepoId,
  DriftError,
  openCheckpoint,
  planDrift,
  reportOf,
  resumable,
  runDrift,
} from '../src/lib/drift-remote.ts';
import { parseReport } from '../src/lib/drift-report.ts';
import { formatBytes } from '../src/lib/units.ts';
import { printErr, printOut } from './terminal.ts';

const USAGE =
  'usage: npm run weights:diff -- org/a org/b [--revision-a R] [--revision-b R] [--rows K | --full] [--seed S] [--out FILE]';

class UsageError extends Error {}

function integerFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${name} must be a positive number of milliseconds, got "${raw}"`);
  return value;
}

/**
 * fetch with a timeout per request and up to 3 attempts when the connection fails or the server
 * says to try again (429, 5xx). The body is left to the caller (it streams, and a range that breaks
 * off mid-body is reported as truncated, not retried).
 */
function retryingFetch(timeoutMs: number, baseDelayMs: number): typeof fetch {
  return async (input, init) => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      try {
        const response = await fetch(input, { ...init, signal });
        if ((response.status !== 429 && response.status < 500) || attempt === 3) return response;
        await response.body?.cancel();
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        lastError = timeout.aborted ? new Error(`no answer within ${timeoutMs / 1000} s`) : error;
        if (attempt === 3) break;
      }
      await new Promise((done) => setTimeout(done, baseDelayMs * 2 ** (attempt - 1)));
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  };
}

/** Writes `text` to `path` through a temporary file in the same folder and a rename: never half-written. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

async function main(): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        'revision-a': { type: 'string' },
        'revision-b': { type: 'string' },
        rows: { type: 'string' },
        full: { type: 'boolean', default: false },
        seed: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
    if (values.help) {
      printOut(USAGE);
      return 0;
    }
    if (positionals.length !== 2) throw new UsageError(`expected two repo ids, got ${positionals.length}`);
    if (values.full && values.rows !== undefined) throw new UsageError('--rows and --full exclude each other');
    for (const repo of positionals) assertRepoId(repo);
  } catch (error) {
    printErr(`weights:diff: ${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
    return 1;
  }
  const [repoA = '', repoB = ''] = positionals;
  let access: HubAccess;
  let options;
  try {
    options = {
      mode: values.full ? ('full' as const) : ('sampled' as const),
      rowsPerTensor: integerFlag('rows', values.rows, DEFAULT_ROWS_PER_TENSOR, 1, 1_000_000),
      seed: integerFlag('seed', values.seed, 0, 0, 4_294_967_295),
    };
    const hubUrl = (process.env['HF_ENDPOINT'] || 'https://huggingface.co').replace(/\/+$/, '');
    try {
      new URL(hubUrl);
    } catch {
      throw new UsageError(`HF_ENDPOINT is not a URL: "${hubUrl.slice(0, 100)}"`);
    }
    access = {
      hubUrl,
      accessToken: process.env['HF_TOKEN'] || undefined,
      fetch: retryingFetch(positiveEnv('HF_SYNC_TIMEOUT_MS', 60_000), positiveEnv('HF_SYNC_RETRY_BASE_MS', 1000)),
    };
  } catch (error) {
    printErr(`weights:diff: ${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
    return 1;
  }

  const out = values.out === undefined ? null : resolve(values.out);
  let bytesRead = 0;
  access.onBytes = (bytes) => (bytesRead += bytes);
  try {
    const [a, b] = await Promise.all([
      openCheckpoint(access, repoA, values['revision-a'] ?? 'main'),
      openCheckpoint(access, repoB, values['revision-b'] ?? 'main'),
    ]);
    const plan = planDrift(a, b, options);
    let done: TensorDrift[] = [];
    if (out !== null && existsSync(out)) {
      const previous: DriftReport = parseReport(readFileSync(out, 'utf8'), values.out ?? out);
      done = resumable(plan, previous);
      printErr(
        `weights:diff: resuming ${values.out}: ${done.length} of ${plan.tensors.length} tensors already measured`,
      );
    }
    const known = new Set(done.map((tensor) => tensor.name));
    const bytesToRead = plan.tensors
      .filter((tensor) => !known.has(tensor.name))
      .reduce((sum, tensor) => sum + tensor.bytes, 0);
    printErr(
      `weights:diff: ${plan.tensors.length} tensors, ${options.mode === 'full' ? 'every row' : `${options.rowsPerTensor} rows per tensor (seed ${options.seed})`}; ${formatBytes(bytesToRead)} of rows to read`,
    );
    const headerBytes = bytesRead;
    const started = Date.now();
    let lastShown = 0;
    const progress = (finished: number, final = false) => {
      const now = Date.now();
      if (!final && now - lastShown < 1000) return;
      lastShown = now;
      const rowBytes = bytesRead - headerBytes;
      const eta = rowBytes > 0 ? ((now - started) / 1000) * ((bytesToRead - rowBytes) / rowBytes) : Infinity;
      printErr(
        `weights:diff: ${finished}/${plan.tensors.length} tensors, ${formatBytes(rowBytes)} of ${formatBytes(bytesToRead)} read${final ? '' : `, ETA ${duration(eta)}`}`,
      );
    };
    const report = await runDrift(access, plan, done, (_result, finished) => {
      if (out !== null) writeAtomically(out, reportJson(reportOf(plan, finished)));
      progress(finished.length);
    });
    progress(report.tensors.length, true);
    if (out === null) process.stdout.write(reportJson(report));
    else {
      writeAtomically(out, reportJson(report));
      printOut(`wrote ${values.out}: ${report.tensors.length} tensors, ${report.mode}, seed ${report.seed}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DriftError || error instanceof Error) {
      for (const line of error.message.split('\n')) printErr(`weights:diff: ${line}`);
      if (out !== null && existsSync(out))
        printErr(`weights:diff: results so far are in ${values.out}; run again to resume`);
      return 1;
    }
    printErr(`weights:diff: ${String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
