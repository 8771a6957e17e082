/**
 * Links inside the site. The site is built either for the root of a domain (`/models/`) or under a
 * base path (`BASE_PATH=/decoder-atlas/` in astro.config.mjs gives `/decoder-atlas/models/`), so
 * every internal link is written root-relative as if the site were at the root, and passed through
 * `sitePath`. Used at build time (pages, components, the article rehype step) and in the browser
 * (Vite replaces `import.meta.env.BASE_URL` in bundled scripts). A locale prefix composes:
 * `sitePath('/ko' + path)`.
 */

/** The base path without its trailing slash: '' at the root of a domain, '/decoder-atlas' under a base. */
export const BASE_PATH = basePathOf(
  // Undefined when a module is run by plain Node (a script, not Vite): such code is at the root.
  (import.meta.env as ImportMetaEnv | undefined)?.BASE_URL ?? '/',
);

/** A configured base ('/', '/decoder-atlas', '/decoder-atlas/') as '' or '/decoder-atlas'. */
export function basePathOf(base: string): string {
  return base.replace(/\/+$/, '');
}

/**
 * A root-relative site path ('/models/', '/api/models.json', '/#top') under the base path. Anything
 * else (an absolute URL, '//host/…', '#anchor', a relative path) is returned as it is, and so is a
 * path already under the base, so applying it twice changes nothing.
 */
export function sitePath(path: string, base: string = BASE_PATH): string {
  if (!path.startsWith('/') || path.startsWith('//') || isUnderBase(path, base)) return path;
  return base + path;
}

/** A request path with the base path removed ('/decoder-atlas/models/x/' → '/models/x/'); other paths as they are. */
export function withoutBase(pathname: string, base: string = BASE_PATH): string {
  return isUnderBase(pathname, base) ? pathname.slice(base.length) || '/' : pathname;
}

/** An absolute URL of a site path on the site's origin (`site` as in astro.config.mjs). */
export function siteUrl(path: string, site: URL | string, base: string = BASE_PATH): string {
  return new URL(sitePath(path, base), site).href;
}

function isUnderBase(path: string, base: string): boolean {
  if (base === '') return false;
  return path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`) || path.startsWith(`${base}#`);
}
