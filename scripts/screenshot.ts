/**
 * Screenshots of built pages at desktop and phone width, for looking at what a reader sees.
 *
 *   npm run screenshot -- /models/meta-llama/Llama-3.1-8B/ /guides/how-we-count/ [--out dir] [--dark] [--segments N]
 *
 * Each page gives N viewport-sized images from the top (default: the whole page in one image).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/support/static-server.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'screenshots' },
    dark: { type: 'boolean', default: false },
    segments: { type: 'string', default: '0' },
  },
});
mkdirSync(values.out, { recursive: true });
const server = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  for (const path of positionals.length > 0 ? positionals : ['/']) {
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const page = await browser.newPage({ viewport, colorScheme: values.dark ? 'dark' : 'light' });
      await page.goto(server.url + path, { waitUntil: 'networkidle' });
      // Scroll through once so that anything loaded on scroll renders, as it would for a reader.
      await page.evaluate(async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += 600) {
          window.scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForLoadState('networkidle');
      // Blocks with `content-visibility: auto` (model pages) render only near the viewport; a full-page
      // capture does not scroll, so it would show them blank. A reader always sees them rendered by the
      // time they scroll there, and that is what the picture shows.
      await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
      const base = `${path.replace(/[^\w]+/g, '_').replace(/^_|_$/g, '') || 'home'}-${label}${values.dark ? '-dark' : ''}`;
      const segments = Number(values.segments);
      if (segments > 0) {
        const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let index = 0; index < segments && index * viewport.height < pageHeight; index += 1) {
          const file = join(values.out, `${base}-${index + 1}.png`);
          const top = index * viewport.height;
          const clip = { x: 0, y: top, width: viewport.width, height: Math.min(viewport.height, pageHeight - top) };
          await page.screenshot({ path: file, fullPage: true, clip });
          console.log(file);
        }
      } else {
        await page.screenshot({ path: join(values.out, `${base}.png`), fullPage: true });
        console.log(join(values.out, `${base}.png`));
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
