/**
 * Locale prefixes: English at the root, Korean under /ko/. The one rule for turning a site path
 * into its other-language twin, used by pages, components, the Korean pages' link rewriting
 * (src/middleware.ts) and browser islands (small on purpose: islands import it without the
 * dictionary of src/site/i18n.ts). A base path (src/site/url.ts) composes: every function here takes
 * a path with or without the base, and the paths it returns for links carry the base, so a Korean
 * page of a `/decoder-atlas/` build links `/decoder-atlas/ko/models/`, never `/ko/decoder-atlas/…`.
 */
import { sitePath, withoutBase } from './url.ts';

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

/** The BCP-47 tag of each language, for `Intl` and `<html lang>`. */
export const LOCALE_TAGS: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };

/** The URL prefix of each language: English is the root. */
const PREFIX: Record<Lang, string> = { en: '', ko: '/ko' };

/** The language of a site path: `/ko/…` is Korean, everything else English. */
export function langOfPath(pathname: string): Lang {
  return /^\/ko(\/|$)/.test(withoutBase(pathname)) ? 'ko' : 'en';
}

/** An absolute site path without its base and language prefix: `/ko/models/` → `/models/`. */
export function unlocalizedPath(pathname: string): string {
  const path = withoutBase(pathname);
  return langOfPath(path) === 'ko' ? path.slice(3) || '/' : path;
}

/**
 * A root-relative site path in a language: `localizedPath('ko', '/models/')` → `/ko/models/`.
 * Paths that are not pages (the JSON/CSV API, the embed bundle) and external links are left as they are.
 */
export function localizedPath(lang: Lang, path: string): string {
  if (!isPagePath(withoutBase(path))) return path;
  return sitePath(`${PREFIX[lang]}${unlocalizedPath(path)}`);
}

/**
 * Whether a root-relative path is a page that exists in both languages: not the API, the embed
 * bundle and its iframe pages (/embed/<org>/<name>/, which take `?lang=`), assets, or the search index.
 */
function isPagePath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//')) return false;
  return !/^\/(api\/|embed\/.|_astro\/|pagefind\/|favicon|sitemap|404)/.test(path);
}

/**
 * The links of a Korean page's HTML pointed at Korean pages: every `href="/…"` to a page (see
 * isPagePath), except links that name their language (`hreflang`, the link to the English version).
 */
export function localizeLinks(lang: Lang, html: string): string {
  if (lang === 'en') return html;
  return html.replace(/<a\b[^>]*>/g, (tag) =>
    /\shreflang=/.test(tag)
      ? tag
      : tag.replace(/(\shref=")(\/[^"]*)"/, (_, attr: string, path: string) => `${attr}${localizedPath(lang, path)}"`),
  );
}

/** The same page in the other language. */
export function counterpartPath(pathname: string): string {
  return localizedPath(langOfPath(pathname) === 'ko' ? 'en' : 'ko', pathname);
}
