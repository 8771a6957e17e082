/**
 * Helpers for tests over the built site: the pages in dist/, parsed with linkedom.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/ has no built site: run "npm run build" before the site tests (npm test does)');
  }
}

/** Every HTML file under dist/, as a path relative to dist/. */
export function htmlFiles(dir = DIST): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...htmlFiles(path));
    else if (name.endsWith('.html')) files.push(relative(DIST, path));
  }
  return files.sort();
}

export function readPage(file: string): string {
  return readFileSync(join(DIST, file), 'utf8');
}

export function parsePage(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** The page's visible text: everything outside script, style and template elements. */
export function visibleText(document: Document): string {
  const clone = document.body.cloneNode(true) as HTMLElement;
  for (const element of clone.querySelectorAll('script, style, template')) element.remove();
  return clone.textContent ?? '';
}
