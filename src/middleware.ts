/**
 * Keeps a reader of the Korean edition in Korean: on every /ko/ page, links to the site's pages
 * (written once, in English paths, by components, generated pages and articles) are rewritten to
 * their /ko/ counterparts with src/site/i18n.ts's localizedPath, the one rule for locale prefixes.
 */
import { defineMiddleware } from 'astro:middleware';
import { langOfPath, localizeLinks } from './site/i18n.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  const lang = langOfPath(context.url.pathname);
  if (lang === 'en' || !(response.headers.get('content-type') ?? '').includes('text/html')) return response;
  const html = await response.text();
  return new Response(localizeLinks(lang, html), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
});
