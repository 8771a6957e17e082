/**
 * An Astro integration that builds the embeddable calculators (components/embed/calculators.ts)
 * into one standalone ES module, dist/embed/calculators.js, after the site is built: no imports,
 * no dependency on the host page, so any site can load it with one script tag.
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
          },
        });
        logger.info('built embed/calculators.js');
      },
    },
  };
}
