/**
 * The Korean model pages speak Korean: no English sentence is left in a component's text. What
 * stays English on purpose is left out by element, never by string: code (config keys, tensor and
 * module names, snippets in the share panel), KaTeX, the block diagram's tensor names and shapes,
 * the layer map's row abbreviations, and text marked `lang="en"` (the Hub records' provenance notes,
 * quoted as recorded) and numbers with their units. An English sentence is four or more English words in a row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

beforeAll(() => assertBuilt());

const LEFT_ENGLISH = [
  'script',
  'style',
  'template',
  'code',
  'pre',
  'kbd',
  'textarea',
  '.katex',
  // Numbers with their units (GiB, B, tokens): the same on both editions.
  '[data-metric]',
  '[lang="en"]',
  // The block diagram's module and tensor names and their stored shapes.
  '.bd-title',
  '.bd-name',
  '.bd-shape',
  // The layer map's row labels: attn, pos, MLP (the legend spells them out in Korean).
  '.lm-labels',
].join(', ');

/** Four or more words of Latin letters in a row (a word may carry trailing punctuation). */
const ENGLISH_SENTENCE = /(?:^|\s)(\(?[A-Za-z][A-Za-z'’]*[,.;:)]?(?:\s+\(?[A-Za-z][A-Za-z'’]*[,.;:)]?){3,})(?=\s|$)/g;

/** The English sentences left in a page's <main>, after the elements that stay English are removed. */
function englishSentences(file: string): string[] {
  const main = parsePage(readPage(file)).querySelector('main');
  if (main === null) return [];
  for (const element of main.querySelectorAll(LEFT_ENGLISH)) element.remove();
  // Element boundaries separate words (a table cell's text does not run into the next one's).
  const text = main.innerHTML.replace(/<[^>]+>/g, ' ').replace(/&[#\w]+;/g, ' ');
  return [...text.matchAll(ENGLISH_SENTENCE)].map((match) => (match[1] ?? '').replace(/\s+/g, ' '));
}

describe('the Korean model pages', () => {
  it('leave no English sentence in their main content', () => {
    const pages = htmlFiles().filter((file) => /^ko\/models\/[^/]+\/[^/]+\/index\.html$/.test(file));
    expect(pages.length).toBeGreaterThan(30);
    const found = pages.flatMap((file) => englishSentences(file).map((sentence) => `/${file}: “${sentence}”`));
    expect(found.slice(0, 20), `${found.length} English sentences`).toEqual([]);
  });
});
