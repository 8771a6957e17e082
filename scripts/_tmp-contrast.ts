import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/support/static-server.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';
const server = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const code = readFileSync('/tmp/polish/contrast.js', 'utf8');
for (const scheme of ['dark', 'light'] as const) {
  const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 390, height: 844 } });
  await page.goto(server.url + (process.argv[2] ?? '/try/'), { waitUntil: 'networkidle' });
  if ((process.argv[2] ?? '/try/') === '/try/') {
    await page.fill('textarea[name=config]', readFileSync('content/configs/meta-llama/Llama-3.1-8B/config.json', 'utf8'));
    await page.click('text=Compute');
    await page.locator('[data-try-share]:not([hidden])').waitFor();
  }
  const res = await page.evaluate(code);
  console.log('##', scheme); for (const r of res as any[]) if (r.ratio < 4.5 || process.env.V) console.log(r);
  const ranges = await page.evaluate(() => [...document.querySelectorAll('input[type=range]')].map((e) => e.getBoundingClientRect().height));
  console.log('ranges', ranges);
  await page.close();
}
await browser.close(); await server.close();
