/**
 * `npm run configs:pull [-- <org/name> …] [--latest]`: refresh content/configs/ from the Hugging
 * Face Hub. Without ids it pulls every model of content/configs/models.json.
 *
 * Environment, as the Hugging Face tools read it: HF_TOKEN (gated repos such as Llama and
 * Gemma), HF_ENDPOINT (the Hub's base URL: a mirror, or a test server). HF_SYNC_TIMEOUT_MS
 * (default 30000) bounds each request. Every id, given here or in models.json, must be a Hub repo
 * id (`org/name`). Prints one line per model (updated / unchanged / failed and why) and exits 1 if
 * any failed.
 */
import { parseArgs } from 'node:util';
import { SNAPSHOT_DIR } from '../src/data/snapshot.ts';
import { ConfigError } from '../src/lib/index.ts';
import { createHubFetch } from './sync/hub-fetch.ts';
import type { PullOutcome } from './sync/pull.ts';
import { printErr, printOut } from './terminal.ts';
import { pullModels } from './sync/pull.ts';

const USAGE = 'usage: npm run configs:pull [-- <org/name> …] [--latest] [--snapshot-dir DIR]';

function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(name, `must be a positive number of milliseconds, got "${raw}"`);
  return value;
}

function line(outcome: PullOutcome): string {
  const what = outcome.status === 'failed' ? outcome.reason : outcome.details.join('; ');
  return `${outcome.status.padEnd(10)}${outcome.repo}  ${what}`;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        latest: { type: 'boolean', default: false },
        'snapshot-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    printErr(`configs:pull: ${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    printOut(USAGE);
    return 0;
  }
  const hubUrl = (process.env['HF_ENDPOINT'] || 'https://huggingface.co').replace(/\/+$/, '');
  try {
    new URL(hubUrl);
  } catch {
    printErr(`configs:pull: HF_ENDPOINT is not a URL: "${hubUrl}"`);
    return 1;
  }
  let outcomes: PullOutcome[];
  try {
    const timeoutMs = positiveEnv('HF_SYNC_TIMEOUT_MS', 30_000);
    const baseDelayMs = positiveEnv('HF_SYNC_RETRY_BASE_MS', 1000);
    outcomes = await pullModels({
      snapshotDir: parsed.values['snapshot-dir'] ?? SNAPSHOT_DIR,
      repos: parsed.positionals,
      latest: parsed.values.latest,
      hubUrl,
      accessToken: process.env['HF_TOKEN'] || undefined,
      fetch: (maxBytes) => createHubFetch({ timeoutMs, maxAttempts: 3, baseDelayMs, maxBytes }),
      concurrency: 4,
      now: () => new Date(),
    });
  } catch (error) {
    printErr(`configs:pull: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  for (const outcome of outcomes) printOut(line(outcome));
  const count = (status: PullOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  printOut(
    `${outcomes.length} model${outcomes.length === 1 ? '' : 's'}: ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('failed')} failed`,
  );
  return count('failed') > 0 ? 1 : 0;
}

process.exitCode = await main();
