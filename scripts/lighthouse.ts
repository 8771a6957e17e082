/**
 * Lighthouse's mobile scores (its default: a mid-range phone on a throttled connection, simulated) for each
 * kind of page, part of the `npm run bench:pages` report: performance, accessibility, best practices and SEO,
 * each against 95. A report, not a test: scores vary with the machine's load, so nothing in CI runs it.
 *
 * Lighthouse drives its own Chromium over the DevTools protocol: Debian's, started here with a debugging
 * port and the project's usual flags (tests/support/chromium.ts).
 */
import { spawn } from 'node:child_process';
import type { Flags } from 'lighthouse';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';

export const LIGHTHOUSE_TARGET = 95;
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type CategoryId = (typeof CATEGORIES)[number];

export const LIGHTHOUSE_PAGES = [
  { kind: 'home', path: '/' },
  { kind: 'article', path: '/families/llama/' },
  { kind: 'model page', path: '/models/meta-llama/Llama-3.1-8B/' },
  { kind: 'model index', path: '/models/' },
  { kind: 'compare', path: '/compare/' },
  { kind: 'try', path: '/try/' },
] as const;

export interface LighthouseResult {
  kind: string;
  path: string;
  /** 0 to 100 per category; null when Lighthouse could not score it. */
  scores: Record<CategoryId, number | null>;
  /** For each category under the target, its audits that lost points: "title (score)". */
  losses: Partial<Record<CategoryId, string[]>>;
}

/** Starts Chromium with a DevTools port (the port it chose, read from its "DevTools listening" line). */
async function startChromium(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(chromiumPath(), [...CHROMIUM_ARGS, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${String(code)}) before opening its DevTools port`)));
  });
  return { port, stop: () => child.kill() };
}

export async function lighthouseScores(baseUrl: string): Promise<LighthouseResult[]> {
  const chromium = await startChromium();
  const results: LighthouseResult[] = [];
  try {
    for (const { kind, path } of LIGHTHOUSE_PAGES) {
      const flags: Flags = { port: chromium.port, logLevel: 'error', onlyCategories: [...CATEGORIES] };
      const run = await lighthouse(baseUrl + path, flags);
      if (run === undefined) throw new Error(`Lighthouse returned nothing for ${path}`);
      const { lhr } = run;
      const scores = {} as Record<CategoryId, number | null>;
      const losses: LighthouseResult['losses'] = {};
      for (const id of CATEGORIES) {
        const category = lhr.categories[id];
        const score = category?.score ?? null;
        scores[id] = score === null ? null : Math.round(score * 100);
        if (category === undefined || (scores[id] ?? 0) >= LIGHTHOUSE_TARGET) continue;
        losses[id] = category.auditRefs
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
          .map((audit) => `${audit?.title ?? ''} (${Math.round((audit?.score ?? 0) * 100)})`);
      }
      results.push({ kind, path, scores, losses });
    }
  } finally {
    chromium.stop();
  }
  return results;
}

/** The report's lines: one per page, then what cost points where a category is under the target. */
export function lighthouseReport(results: readonly LighthouseResult[]): string[] {
  const lines = [
    `Lighthouse mobile (simulated throttling), target ≥ ${LIGHTHOUSE_TARGET} in every category`,
    '',
    ['page', ...CATEGORIES].join(' | '),
  ];
  for (const result of results) {
    const cells = CATEGORIES.map((id) => {
      const score = result.scores[id];
      return score === null ? 'n/a' : `${score}${score < LIGHTHOUSE_TARGET ? ' UNDER' : ''}`;
    });
    lines.push([`${result.kind} ${result.path}`, ...cells].join(' | '));
  }
  for (const result of results) {
    for (const [id, audits] of Object.entries(result.losses)) {
      lines.push(`  ${result.path} ${id}: ${audits.join('; ') || 'no single audit (rounding)'}`);
    }
  }
  return lines;
}
