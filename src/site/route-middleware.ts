/**
 * Starlight route middleware: on a Korean page, the sidebar's links to generated pages (/models/…,
 * /compare/, /try/, /embed/, which Starlight leaves as written) point at their /ko/ versions, so a
 * reader stays in the language they chose. Article links (slugs) Starlight localizes itself.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import type { StarlightRouteData } from '@astrojs/starlight/route-data';
import { langOfPath, localizedPath } from './i18n.ts';

type SidebarEntry = StarlightRouteData['sidebar'][number];

function localizeEntries(entries: SidebarEntry[], pathname: string): void {
  for (const entry of entries) {
    if (entry.type === 'group') {
      localizeEntries(entry.entries, pathname);
      continue;
    }
    const href = localizedPath('ko', entry.href);
    if (href === entry.href) continue;
    entry.href = href;
    entry.isCurrent = href === pathname;
  }
}

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  if (langOfPath(context.url.pathname) !== 'ko') return;
  localizeEntries(route.sidebar, context.url.pathname);
  // The pagination links follow the sidebar's entries, which are the same objects.
});
