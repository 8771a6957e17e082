/**
 * Helpers for tests over the built site: the pages in dist/, parsed with linkedom.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * The same site built under a base path by `npm run build:base` (package.json, which `npm test` runs):
 * as GitHub Pages serves a project site without a custom domain.
 */
export const BASE_BUILD = {
  dist: fileURLToPath(new URL('../../dist-base/', import.meta.url)),
  base: '/decoder-atlas/',
  site: 'https://decoder-atlas.github.io',
};

export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/ has no built site: run "npm run build" before the site tests (npm test does)');
  }
}

export function assertBaseBuilt(): void {
  if (!existsSync(join(BASE_BUILD.dist, 'index.html'))) {
    throw new Error('dist-base/ has no built site: run "npm run build:base" before these tests (npm test does)');
  }
}

/** Every HTML file under dist/ (or another build, `root`), as a path relative to it. */
export function htmlFiles(dir = DIST, root = dir): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...htmlFiles(path, root));
    else if (name.endsWith('.html')) files.push(relative(root, path));
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
