/**
 * The calculators in the built HTML, as a reader without JavaScript gets them: every control is
 * disabled (only the island enables it), a note says the numbers are for the values shown and that
 * a link's settings need JavaScript, and every calculator declares a known URL-state kind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_KINDS } from '../../src/site/browser/url-state.ts';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

beforeAll(() => assertBuilt());

const pages = htmlFiles()
  .map((file) => ({ file, document: parsePage(readPage(file)) }))
  .filter(({ document }) => document.querySelector('[data-url-state]') !== null);

describe('calculators without JavaScript', () => {
  it('are on the model pages, the articles, /compare/ and /try/', () => {
    const files = pages.map(({ file }) => file);
    expect(files).toContain('models/meta-llama/Llama-3.1-8B/index.html');
    expect(files).toContain('guides/how-we-count/index.html');
    expect(files).toContain('compare/index.html');
    expect(files).toContain('try/index.html');
  });

  it.each(pages.map(({ file }) => file))('%s: every calculator control and copy button is disabled', (file) => {
    const document = pages.find((page) => page.file === file)?.document;
    const live = [
      ...(document?.querySelectorAll(
        '[data-url-state] :is(input, select, textarea), atlas-calc button, atlas-compare select',
      ) ?? []),
    ].filter((control) => !control.hasAttribute('disabled'));
    expect(live.map((control) => control.outerHTML.slice(0, 80))).toEqual([]);
  });

  it.each(pages.map(({ file }) => file))('%s: declares known kinds only', (file) => {
    const document = pages.find((page) => page.file === file)?.document;
    for (const unit of document?.querySelectorAll('[data-url-state]') ?? []) {
      expect(STATE_KINDS).toContain(unit.getAttribute('data-url-state'));
    }
  });

  it("says on a model page what each calculator's numbers are for", () => {
    const document = pages.find((page) => page.file === 'models/meta-llama/Llama-3.1-8B/index.html')?.document;
    const notes = [...(document?.querySelectorAll('[data-url-state] noscript') ?? [])].map((note) =>
      note.textContent.replace(/\s+/g, ' ').trim(),
    );
    const tail = 'Settings in a link (the part of the address after ?) need JavaScript too.';
    expect(notes).toEqual([
      `JavaScript is off, so these controls do nothing: the numbers shown are for a context of 4,096 tokens, batch 1 and a bf16 KV cache. ${tail}`,
      // the memory planner (MemoryPlanner's defaults: H100 SXM, one GPU, vLLM's 0.9 utilisation)
      `JavaScript is off, so these controls do nothing: the numbers shown are for bf16 weights, a bf16 KV cache, a context of 4,096 tokens, batch 1, 1 × H100 SXM 80 GB and a reserve of 0.1. ${tail}`,
      `JavaScript is off, so these controls do nothing: the numbers shown are for a context of 4,096 tokens and causal attention counting. ${tail}`,
      `JavaScript is off, so these controls do nothing: the numbers shown are for a context of 4,096 tokens, batch 1 and a bf16 KV cache. ${tail}`,
    ]);
  });

  it('gives the memory planner its own kind and a Korean note on the Korean model page', () => {
    const english = pages.find((page) => page.file === 'models/meta-llama/Llama-3.1-8B/index.html')?.document;
    expect(english?.querySelector('atlas-memory form')?.getAttribute('data-url-state')).toBe('mem');
    const korean = pages.find((page) => page.file === 'ko/models/meta-llama/Llama-3.1-8B/index.html')?.document;
    const memory = korean?.querySelector('atlas-memory [data-url-state="mem"]');
    expect(memory?.querySelectorAll(':is(input, select):not([disabled])').length).toBe(0);
    expect(memory?.querySelector('noscript')?.textContent.replace(/\s+/g, ' ').trim()).toBe(
      '자바스크립트가 꺼져 있어 이 컨트롤은 동작하지 않습니다. 표시된 숫자는 가중치 bf16, bf16 KV 캐시, 컨텍스트 4,096 토큰, 배치 1, H100 SXM 80 GB 1개, 예비분 0.1 기준입니다. 링크에 담긴 설정(주소의 ? 뒤)도 자바스크립트가 있어야 적용됩니다.',
    );
  });

  it('states an article calculator’s own opening values, not the site defaults', () => {
    const document = pages.find((page) => page.file === 'guides/how-we-count/index.html')?.document;
    const calc = document?.querySelector('atlas-calc[data-calc="kv-cache"]');
    const context = calc?.querySelector('input[name="context"]')?.getAttribute('value') ?? '';
    expect(calc?.querySelector('noscript')?.textContent).toContain(
      `a context of ${Number(context).toLocaleString('en-US')} tokens`,
    );
  });
});
