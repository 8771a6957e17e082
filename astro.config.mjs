// @ts-check
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import AutoImport from 'astro-auto-import';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { ATLAS_COMPONENTS, remarkComponentSource } from './src/markdown/remark-atlas.ts';
import { astroCsp, cspHeaders } from './src/site/build/csp.ts';
import { embedBundle } from './src/site/build/embed-build.ts';
import { buildSidebar } from './src/site/build/sidebar.ts';

const articlesDir = fileURLToPath(new URL('./content/articles/', import.meta.url));

// The repository articles are edited in; "Edit this page" links point at its files.
const REPOSITORY = 'https://github.com/decoder-atlas/decoder-atlas';

// The site is static: every number is computed at build time from content/configs/, and the
// browser islands recompute with the same src/lib functions when a reader moves a control.
export default defineConfig({
  site: 'https://decoder-atlas.dev',
  trailingSlash: 'always',
  // Static files (the favicon) live under src/ to keep the top level to what the project fixes.
  publicDir: './src/public',
  // A Content-Security-Policy <meta> on every page (src/site/build/csp.ts holds the policy): Astro
  // hashes the scripts it inlines, Starlight's inline scripts are hashed from its components.
  security: { csp: astroCsp() },
  markdown: {
    // KaTeX needs the remark/rehype pipeline (Astro 7's default processor is not unified).
    processor: unified({
      remarkPlugins: [remarkMath, remarkComponentSource],
      rehypePlugins: [rehypeKatex],
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
      logo: { src: './src/assets/logo.svg', alt: 'Decoder Atlas' },
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
