import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

beforeAll(() => assertBuilt());

/**
 * Astro's HTML compression drops a line break between text and an element, so a template line ending in a word
 * followed by a line starting with `<code>` renders "word<code>" with no space (MDX does the same with a line that
 * starts with a component). This finds prose text glued to an inline element: text ending in a letter, digit or
 * `, ; : . )` right before a code, link, strong, em or metric; or an element right before text starting with a
 * letter, digit or "(" (Hangul excepted: Korean particles attach to the word before). Code blocks, KaTeX and SVG are not prose; Starlight's chrome is outside <main>.
 */
const GLUABLE = new Set(['CODE', 'A', 'STRONG', 'EM']);
const NOT_PROSE = 'pre, .katex, script, style, svg, template, .expressive-code';

function isGluable(node: Node): node is Element {
  return node.nodeType === 1 && (GLUABLE.has((node as Element).tagName) || (node as Element).matches('[data-metric]'));
}

function gluedPairs(root: Element): string[] {
  const found: string[] = [];
  const visit = (node: Element): void => {
    const children = [...node.childNodes];
    for (const child of children)
      if (child.nodeType === 1 && !(child as Element).matches(NOT_PROSE)) visit(child as Element);
    for (let i = 0; i + 1 < children.length; i++) {
      const [a, b] = [children[i], children[i + 1]];
      if (a === undefined || b === undefined) continue;
      const [before, after] = [a.textContent ?? '', b.textContent ?? ''];
      const glued =
        a.nodeType === 3 && isGluable(b)
          ? /[\p{L}\p{N},;:.)]$/u.test(before) && /^\S/u.test(after)
          : isGluable(a) &&
            b.nodeType === 3 &&
            /\S$/u.test(before) &&
            /^[\p{L}\p{N}(]/u.test(after) &&
            // Korean attaches particles and counters to the word before: `config.json으로`, `8개`,
            // `context(토큰 수)`. Hangul right after an element is correct, not glued.
            !/^\(?\p{Script=Hangul}/u.test(after);
      if (glued) found.push(`${before.slice(-30)}|${after.slice(0, 30)}`);
    }
  };
  visit(root);
  return found;
}

describe('prose whitespace', () => {
  it('glues no word to a code, link or metric on any page', () => {
    const glued: string[] = [];
    for (const file of htmlFiles()) {
      const main = parsePage(readPage(file)).querySelector('main');
      if (main) glued.push(...gluedPairs(main).map((pair) => `${file}: ${pair}`));
    }
    expect(glued).toEqual([]);
  });
});
