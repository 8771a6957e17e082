import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/support/static-server.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';
const server = await serveStatic(process.env.DIST ?? 'dist');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(server.url + '/');
const verbose = process.env.V === '1';
for (const q of process.argv.slice(2)) {
  const out = await page.evaluate(async ([q, RANK]) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.options({ ranking: JSON.parse(RANK) }); const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, 12).map((x) => x.data()));
    return data.map((d, i) => ({ url: d.url, score: r.results[i].score, title: d.meta.title, wc: d.word_count, subs: d.sub_results.map((s) => s.title + ' | ' + s.url.replace(/^.*#/, '#')) }));
  }, [q, process.env.RANK ?? '{"pageLength":0.1,"termFrequency":0.1,"termSaturation":2,"termSimilarity":9}']);
  console.log('==', q); for (const o of out) console.log(o.score.toFixed(3), o.url, o.wc, verbose ? '\n     ' + o.subs.join('\n     ') : '');
}
await browser.close(); await server.close();
