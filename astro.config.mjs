// @ts-check
import { defineConfig } from 'astro/config';

// The site is static: every number is computed at build time from content/configs/.
export default defineConfig({
  site: 'https://decoder-atlas.dev',
  trailingSlash: 'always',
});
