/**
 * Shared setup for the browser suite: the built site on a local server, one Chromium, and pages
 * that record console errors and dialogs so every test can assert there were none.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts';
import type { StaticServer } from '../support/static-server.ts';
import { serveStatic } from '../support/static-server.ts';
import { assertBuilt, DIST } from '../site/dist.ts';

export interface Harness {
  server: StaticServer;
  browser: Browser;
}

export async function startHarness(): Promise<Harness> {
  assertBuilt();
  const server = await serveStatic(DIST);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  return { server, browser };
}

export async function stopHarness(harness: Harness | undefined): Promise<void> {
  await harness?.browser.close();
  await harness?.server.close();
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Everything that should never happen on a page, collected as it happens: console errors, uncaught
 * exceptions, failed responses and dialogs (which are dismissed).
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return errors;
}

export async function openPage(
  harness: Harness,
  path: string,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(harness.server.url + path, { waitUntil: 'networkidle' });
  return { page, errors, close: () => context.close() };
}

const require = createRequire(import.meta.url);

/** axe-core's violations of serious or critical impact on the current page. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}
