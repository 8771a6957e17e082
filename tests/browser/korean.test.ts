/**
 * The Korean edition in Chromium: search stays in the page's language and finds Korean terms, the
 * islands speak Korean (chart titles, copy status), and an embed with `lang="ko"` shows Korean
 * labels around the same numbers as the English one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { openPage, startHarness, stopHarness } from './harness.ts';

let harness: Harness | undefined;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => stopHarness(harness));

function need(value: Harness | undefined): Harness {
  if (value === undefined) throw new Error('the browser harness did not start');
  return value;
}

describe('Korean search', () => {
  it('finds the sliding-window article for "슬라이딩 윈도", in Korean only', { timeout: 120_000 }, async () => {
    const { page, errors, close } = await openPage(need(harness), '/ko/');
    await page.getByRole('button', { name: '검색' }).click();
    const ui = page.locator('#atlas-search-ui');
    const input = ui.locator('input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('슬라이딩 윈도');
    await expect
      .poll(() => ui.locator('a[href*="/ko/concepts/sliding-window/"]').count(), { timeout: 45_000 })
      .toBeGreaterThan(0);
    // Pagefind splits its index by <html lang>: every result is a Korean page.
    const hrefs = await ui
      .locator('.pagefind-ui__result-link')
      .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    expect(hrefs.filter((href) => !href.startsWith('/ko/'))).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('Korean islands', () => {
  it('redraws the KV chart with Korean titles and keeps the numbers of the English page', async () => {
    const model = 'meta-llama/Llama-3.1-8B';
    const read = async (path: string) => {
      const { page, errors, close } = await openPage(need(harness), `${path}?context=32768`);
      const output = page.locator('#kv-cache ~ atlas-calc [data-metric="kvCache.bytes"]').first();
      await expect.poll(() => output.getAttribute('data-value')).toBe(String(4 * 2 ** 30));
      const title = await page.locator('#kv-cache ~ atlas-calc [data-kv-plot] svg title').first().textContent();
      const text = await output.textContent();
      await close();
      return { title, text, errors };
    };
    const english = await read(`/models/${model}/`);
    const korean = await read(`/ko/models/${model}/`);
    expect(korean.text).toBe(english.text);
    expect(korean.title).toBe('컨텍스트 길이(로그 눈금)에 따른 KV 캐시 (bf16, 배치 1)');
    expect(english.title).toBe('KV cache against context length on a log scale (bf16, batch 1)');
    expect([...english.errors, ...korean.errors]).toEqual([]);
  });

  it('labels an embed with lang="ko" in Korean around the same numbers', async () => {
    const { page, errors, close } = await openPage(need(harness), '/ko/embed/');
    const element = page.locator('llm-kv-cache[model="meta-llama/Llama-3.1-8B"]');
    const perToken = element.locator('[data-metric="kvCache.bytesPerToken"]');
    await expect.poll(() => perToken.getAttribute('data-value')).toBe(String(128 * 1024));
    expect(await element.locator('dt').first().textContent()).toBe('토큰당');
    expect(await element.locator('.title').textContent()).toMatch(/^KV 캐시 · /);
    expect(errors).toEqual([]);
    await close();
  });
});
