/**
 * Shared setup for the browser suite: the built site on a local server, one Chromium, and pages
 * that record console errors and dialogs so every test can assert there were none.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts';
import type { StaticServer } from '../support/static-server.ts';
import { serveStatic } from '../support/static-server.ts';
import { assertBaseBuilt, assertBuilt, BASE_BUILD, DIST } from '../site/dist.ts';

export interface Harness {
  server: StaticServer;
  browser: Browser;
}

/** The site in dist/ at the root of the server, or (`base: true`) dist-base/ under its base path. */
export async function startHarness(options: { base?: boolean } = {}): Promise<Harness> {
  if (options.base === true) assertBaseBuilt();
  else assertBuilt();
  const server = await (options.base === true ? serveStatic(BASE_BUILD.dist, BASE_BUILD.base) : serveStatic(DIST));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  return { server, browser };
}

export async function stopHarness(harness: Harness | undefined): Promise<void> {
  await harness?.browser.close();
  await harness?.server.close();
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed responses and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Everything that should never happen on a page, collected as it happens: console errors, uncaught
 * exceptions, failed responses, dialogs (which are dismissed) and anything the browser says about
 * the Content-Security-Policy (a blocked script or style is a console error; an ignored directive
 * is a warning).
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /content security policy/i.test(message.text())) errors.push(message.text());
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

/** What a page reports of a CSP violation: one line for the errors list. */
interface Violation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
  sample: string;
  page: string;
}

/**
 * Reports every `securitypolicyviolation` event, in every frame of every page of the context
 * (iframes from other origins included), into `errors`. The event is the browser's own record of
 * a violation, so a violation is caught even where the console message is not.
 */
export async function watchCspViolations(context: BrowserContext, errors: string[]): Promise<void> {
  await context.exposeBinding('__atlasCspViolation', (_source, violation: Violation) => {
    errors.push(
      `CSP violation on ${violation.page}: ${violation.directive} blocked ${violation.blocked || 'inline code'}` +
        ` at ${violation.source}:${violation.line}${violation.sample ? ` (${violation.sample})` : ''}`,
    );
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __atlasCspViolation?: (violation: Violation) => void })
        .__atlasCspViolation;
      report?.({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
        page: location.href,
      });
    });
  });
}

export async function openPage(
  harness: Harness,
  path: string,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await watchCspViolations(context, errors);
  await page.goto(harness.server.url + path, { waitUntil: 'networkidle' });
  return { page, errors, close: () => context.close() };
}

/**
 * Resolves once the page has run its next animation frame callbacks: the point by which
 * <atlas-calc> has started its (one per frame) chart redraw for the controls changed so far.
 */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((frame) => requestAnimationFrame(() => frame(null))));
}

const require = createRequire(import.meta.url);

/** axe-core's violations of serious or critical impact on the current page. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern:
  // an inline <script> tag (page.addScriptTag) is refused, as it should be.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
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

/** Records every long task of the context's pages from before their first script (read with longTasksOf). */
export async function recordLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: { start: number; duration: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
    });
    observer.observe({ type: 'longtask', buffered: true });
    Object.assign(window, {
      __longTasks: () => {
        for (const entry of observer.takeRecords()) seen.push({ start: entry.startTime, duration: entry.duration });
        return seen;
      },
    });
  });
}

/** The long tasks a page has had so far (start and duration in ms); needs recordLongTasks on its context. */
export function longTasksOf(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() =>
    (window as unknown as { __longTasks: () => { start: number; duration: number }[] }).__longTasks(),
  );
}

/** The longest of some tasks, in ms (0 for none): printed by the tests as a measurement. */
export function longest(tasks: { duration: number }[]): number {
  return Math.max(0, ...tasks.map((task) => task.duration));
}
