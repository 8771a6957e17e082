/**
 * An Astro integration that builds the embeddable calculators (components/embed/calculators.ts)
 * into one standalone ES module, dist/embed/calculators.js, after the site is built: no dependency
 * on the host page, so any site can load it with one script tag. Its only import is the lazily
 * loaded memory planner chunk (dist/embed/chunks/), resolved relative to the module's own URL.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export function embedBundle(): AstroIntegration {
  return {
    name: 'decoder-atlas:embed-bundle',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { build } = await import('vite');
        const entry = fileURLToPath(new URL('../../../components/embed/calculators.ts', import.meta.url));
        await build({
          configFile: false,
          logLevel: 'warn',
          build: {
            outDir: fileURLToPath(new URL('embed/', dir)),
            emptyOutDir: false,
            target: 'es2022',
            minify: true,
            copyPublicDir: false,
            lib: { entry, formats: ['es'], fileName: () => 'calculators.js' },
            // <llm-memory>'s planner is imported on first use: a chunk beside the module, so a page
            // without one never downloads it and calculators.js stays within its budget.
            rollupOptions: {
              // Code the chunk shares with the module stays in calculators.js (exported for the chunk)
              // instead of a third file every page would have to load.
              preserveEntrySignatures: 'allow-extension',
              // Vite keeps whitespace in an 'es' library build (so a bundler downstream keeps its pure
              // annotations); this module goes to browsers as it is, so it is minified in full.
              output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
            },
          },
        });
        logger.info('built embed/calculators.js');
      },
    },
  };
}
