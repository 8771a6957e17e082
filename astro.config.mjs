// @ts-check
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import AutoImport from 'astro-auto-import';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { rehypeBasePath } from './src/markdown/rehype-base-path.ts';
import {
  ATLAS_COMPONENTS,
  rehypeSearchHints,
  remarkComponentSource,
  remarkSearchHints,
} from './src/markdown/remark-atlas.ts';
import { astroCsp, cspHeaders } from './src/site/build/csp.ts';
import { embedBundle } from './src/site/build/embed-build.ts';
import { buildSidebar } from './src/site/build/sidebar.ts';

const articlesDir = fileURLToPath(new URL('./content/articles/', import.meta.url));

// The repository articles are edited in; "Edit this page" links point at its files.
const REPOSITORY = 'https://github.com/decoder-atlas/decoder-atlas';

/**
 * Where the site is published, chosen at build time (README, "Deploy"): SITE_URL is the origin
 * (canonical links, the sitemap, the share snippets) and BASE_PATH the path the site lives under.
 * Both default to the root of https://decoder-atlas.dev; GitHub Pages without a custom domain is
 * SITE_URL=https://<owner>.github.io BASE_PATH=/decoder-atlas/.
 *
 * @param {Record<string, string | undefined>} env
 */
function deployTarget(env) {
  const siteUrl = env.SITE_URL || 'https://decoder-atlas.dev';
  const basePath = env.BASE_PATH || '/';
  let url;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new Error(
      `SITE_URL must be an absolute URL such as https://decoder-atlas.dev, got ${JSON.stringify(siteUrl)}`,
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new Error(`SITE_URL is an origin only (put a path in BASE_PATH), got ${JSON.stringify(siteUrl)}`);
  }
  if (!/^\/([\w.-]+\/)*$/.test(basePath.endsWith('/') ? basePath : `${basePath}/`)) {
    throw new Error(
      `BASE_PATH must be a path such as /decoder-atlas/ (letters, digits, . _ -), got ${JSON.stringify(basePath)}`,
    );
  }
  return { site: url.origin, base: basePath.endsWith('/') ? basePath : `${basePath}/` };
}
const target = deployTarget(process.env);

// The site is static: every number is computed at build time from content/configs/, and the
// browser islands recompute with the same src/lib functions when a reader moves a control.
export default defineConfig({
  site: target.site,
  base: target.base,
  trailingSlash: 'always',
  // Static files (the favicon) live under src/ to keep the top level to what the project fixes.
  publicDir: './src/public',
  // A Content-Security-Policy <meta> on every page (src/site/build/csp.ts holds the policy): Astro
  // hashes the scripts it inlines, Starlight's inline scripts are hashed from its components.
  security: { csp: astroCsp() },
  markdown: {
    // KaTeX needs the remark/rehype pipeline (Astro 7's default processor is not unified).
    processor: unified({
      remarkPlugins: [remarkMath, remarkComponentSource, remarkSearchHints],
      // Root-relative links in articles ('/concepts/rope/') get the base path (src/site/url.ts).
      rehypePlugins: [rehypeKatex, rehypeSearchHints, [rehypeBasePath, { base: target.base }]],
    }),
  },
  integrations: [
    // Components every article can use without an import line; must come before MDX.
    AutoImport({
      imports: [
        Object.fromEntries(ATLAS_COMPONENTS.map((name) => [`./components/${name}.astro`, [['default', name]]])),
      ],
    }),
    starlight({
      title: 'Decoder Atlas',
      description:
        'Executable architecture notes on open LLMs: parameters, tensor shapes, KV cache and FLOPs computed from each model’s config.json.',
      // The logo is decorative: the site title is written next to it (an alt repeating it is read twice).
      logo: { src: './src/assets/logo.svg', alt: '' },
      editLink: { baseUrl: `${REPOSITORY}/edit/main/` },
      lastUpdated: true,
      social: [{ icon: 'github', label: 'GitHub', href: REPOSITORY }],
      sidebar: buildSidebar(articlesDir),
      customCss: ['katex/dist/katex.min.css', './src/styles/atlas.css'],
      components: {
        // Starlight's search loads Pagefind's UI on idle on every page; ours waits until it is opened.
        Search: './components/starlight/Search.astro',
        // "한국어판" / "English version" under every title: each page links to its counterpart.
        PageTitle: './components/starlight/PageTitle.astro',
        Hero: './components/starlight/Hero.astro',
      },
      // src/pages/404.astro: links to the models and a "did you mean" for a mistyped model address.
      disable404Route: true,
      // English at the root, the Korean edition under /ko/ (content/articles/ko/, src/site/i18n.ts).
      defaultLocale: 'root',
      locales: { root: { label: 'English', lang: 'en' }, ko: { label: '한국어', lang: 'ko' } },
      // Sidebar links to generated pages (/models/…) follow the page's language.
      routeMiddleware: './src/site/route-middleware.ts',
      // Starlight's Markdown features (asides, heading anchors) apply to its own folder by default.
      markdown: { processedDirs: ['./content/articles/'] },
    }),
    // Listed explicitly (Starlight would add it) so that auto-import, which runs first, sees it.
    mdx({ optimize: true }),
    // dist/embed/calculators.js: the calculators as one module other sites can load.
    embedBundle(),
    // Checks every page's policy, moves it to the top of <head>, writes dist/_headers (frame-ancestors, CORS).
    cspHeaders(),
  ],
});
