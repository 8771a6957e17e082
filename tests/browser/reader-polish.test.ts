/**
 * What a reader trips over, checked in Chromium: search ranks the family articles above the model
 * pages and shows no noise sub-results; on a phone the search dialog's Cancel and Clear buttons do
 * not overlap, sliders are at least 24 px tall and the model tables become cards whose KV cache
 * is on screen; /try/'s buttons read at 4.5:1 or better in both themes.
 */
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { openPage, startHarness, stopHarness } from './harness.ts';

const PHONE = { viewport: { width: 390, height: 844 } };
/** For every wait: generous, for a loaded machine; a wait ends as soon as its condition holds. */
const SLOW = { timeout: 45_000 };

let harness: Harness | undefined;

function need(): Harness {
  if (harness === undefined) throw new Error('not started');
  return harness;
}

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await stopHarness(harness);
});

interface ShownResult {
  href: string;
  title: string;
  subResults: { href: string; title: string; excerpt: string }[];
}

/** Opens search, types a query and reads the results Pagefind's UI shows once they settle on `first`. */
async function search(page: Page, query: string, first: string): Promise<ShownResult[]> {
  await page.locator('[data-search-open]').click();
  const input = page.locator('#atlas-search-ui input');
  await input.waitFor(SLOW);
  await input.fill(query);
  await page.locator(`#atlas-search-ui .pagefind-ui__result:first-child a[href="${first}"]`).first().waitFor(SLOW);
  return page.locator('#atlas-search-ui .pagefind-ui__result').evaluateAll((results) =>
    results.map((result) => {
      const link = result.querySelector<HTMLAnchorElement>('.pagefind-ui__result-link');
      return {
        href: link?.getAttribute('href') ?? '',
        title: link?.textContent?.trim() ?? '',
        subResults: [...result.querySelectorAll('.pagefind-ui__result-nested')].map((nested) => ({
          href: nested.querySelector('a')?.getAttribute('href') ?? '',
          title: nested.querySelector('a')?.textContent?.trim() ?? '',
          excerpt: nested.querySelector('.pagefind-ui__result-excerpt')?.textContent ?? '',
        })),
      };
    }),
  );
}

/** Table headers Pagefind would glue into one word if they were indexed ("ParametersActive / token"). */
const GLUED_HEADERS = /ParametersActive|AttentionKV cache|FamilyPosition|TensorShape|ModelParameters/;

describe('search', () => {
  it('ranks the Gemma family article first for "Gemma", above every model page', async () => {
    const { page, errors, close } = await openPage(need(), '/');
    const results = await search(page, 'Gemma', '/families/gemma/');
    const hrefs = results.map((result) => result.href);
    expect(hrefs[0]).toBe('/families/gemma/');
    const firstModel = hrefs.findIndex((href) => href.startsWith('/models/google/'));
    expect(firstModel).toBeGreaterThan(hrefs.indexOf('/families/gemma-3/'));
    // Model pages are titled by their full id.
    expect(results.find((result) => result.href === '/models/google/gemma-2b/')?.title).toBe('google/gemma-2b');
    expect(errors).toEqual([]);
    await close();
  });

  it('ranks the Gemma 3 article first for "Gemma 3"', async () => {
    const { page, errors, close } = await openPage(need(), '/');
    const results = await search(page, 'Gemma 3', '/families/gemma-3/');
    expect(results[0]?.href).toBe('/families/gemma-3/');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows no "#_top" or config.json sub-results and no glued table headers', async () => {
    const { page, errors, close } = await openPage(need(), '/');
    for (const [query, first] of [
      ['Gemma', '/families/gemma/'],
      ['sliding window', '/concepts/sliding-window/'],
    ] as const) {
      await page.goto(`${need().server.url}/`);
      const results = await search(page, query, first);
      const subs = results.flatMap((result) => result.subResults);
      expect(subs.length).toBeGreaterThan(0);
      expect(subs.filter((sub) => sub.href.endsWith('#_top'))).toEqual([]);
      expect(subs.filter((sub) => sub.title === 'config.json' || sub.href.endsWith('#config'))).toEqual([]);
      expect(subs.filter((sub) => GLUED_HEADERS.test(sub.excerpt))).toEqual([]);
    }
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps Cancel and Clear apart on a 390 px phone', async () => {
    const { page, errors, close } = await openPage(need(), '/', PHONE);
    await page.locator('[data-search-open]').click();
    const input = page.locator('#atlas-search-ui input');
    await input.waitFor(SLOW);
    await input.fill('llama');
    const clear = page.locator('#atlas-search-ui .pagefind-ui__search-clear');
    await clear.waitFor({ state: 'visible', ...SLOW });
    const cancel = await page.locator('[data-search-close]').boundingBox();
    const clearBox = await clear.boundingBox();
    const inputBox = await input.boundingBox();
    if (cancel === null || clearBox === null || inputBox === null) throw new Error('search controls not laid out');
    expect(clearBox.x + clearBox.width).toBeLessThanOrEqual(cancel.x);
    expect(inputBox.x + inputBox.width).toBeLessThanOrEqual(cancel.x);
    expect(errors).toEqual([]);
    await close();
  });
});

/** WCAG 2 contrast of each visible button's text on the colour behind it, with alpha composited. */
function buttonContrasts(page: Page): Promise<{ text: string; ratio: number }[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (colour: string): Rgba => {
      const parts = (colour.match(/[\d.]+/g) ?? []).map(Number);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => [
      top[0] * top[3] + bottom[0] * (1 - top[3]),
      top[1] * top[3] + bottom[1] * (1 - top[3]),
      top[2] * top[3] + bottom[2] * (1 - top[3]),
      1,
    ];
    const behind = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node !== null; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] === 1) break;
      }
      return layers.reverse().reduce((bottom, top) => over(top, bottom), [255, 255, 255, 1] as Rgba);
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.039_28 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    return [...document.querySelectorAll('main button, main summary, main a')]
      .filter((element) => element.getBoundingClientRect().width > 0)
      .map((element) => {
        const background = behind(element);
        const text = over(parse(getComputedStyle(element).color), background);
        const [high, low] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
        return { text: element.textContent?.trim() ?? '', ratio: (high + 0.05) / (low + 0.05) };
      });
  });
}

describe('/try/ on a phone', () => {
  for (const colorScheme of ['dark', 'light'] as const) {
    it(`has buttons and links at 4.5:1 or better in the ${colorScheme} theme`, async () => {
      const { page, errors, close } = await openPage(need(), '/try/', { ...PHONE, colorScheme });
      await page
        .locator('textarea[name=config]')
        .fill(readFileSync('content/configs/meta-llama/Llama-3.1-8B/config.json', 'utf8'));
      await page.getByRole('button', { name: 'Compute' }).click();
      await page.locator('[data-try-share]:not([hidden])').waitFor(SLOW);
      const contrasts = await buttonContrasts(page);
      expect(contrasts.map((entry) => entry.text)).toEqual(
        expect.arrayContaining(['Load config.json', 'Compute', 'Copy link']),
      );
      expect(contrasts.filter((entry) => entry.ratio < 4.5)).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    });
  }

  it('draws every slider at least 24 px tall', async () => {
    for (const path of ['/try/', '/models/meta-llama/Llama-3.1-8B/', '/compare/']) {
      const { page, errors, close } = await openPage(need(), path, PHONE);
      const heights = await page
        .locator('input[type=range]')
        .evaluateAll((sliders) => sliders.map((slider) => slider.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThan(0);
      expect(heights.filter((height) => height < 24)).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    }
  });
});

describe('model tables on a phone', () => {
  it('show each model as a card with its KV cache on screen, labelled', async () => {
    for (const [path, label] of [
      ['/models/', 'KV at max context'],
      ['/families/gemma/', 'KV cache / token'],
    ] as const) {
      const { page, errors, close } = await openPage(need(), path, PHONE);
      const cells = await page
        .locator('.card-table tbody tr:first-child [data-metric^="kvCache"]')
        .evaluateAll((numbers) =>
          numbers.map((number) => {
            const box = number.getBoundingClientRect();
            const cell = number.closest('td');
            return {
              right: box.right,
              label: cell?.querySelector('.card-label')?.textContent?.trim() ?? '',
              labelShown: cell?.querySelector('.card-label')?.getBoundingClientRect().width ?? 0,
            };
          }),
        );
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        expect(cell.right).toBeLessThanOrEqual(390);
        expect(cell.labelShown).toBeGreaterThan(0);
      }
      expect(cells.map((cell) => cell.label)).toContain(label);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      expect(errors).toEqual([]);
      await close();
    }
  });
});
