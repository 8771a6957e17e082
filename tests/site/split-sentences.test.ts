import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Prettier formats MDX, and a paragraph line that starts with an inline component (`<Value …/>`, `<Params …/>`)
 * becomes a block of its own: Prettier puts a blank line before it, and the page shows one sentence as two
 * paragraphs ("…Llama 3.1 405B keeps" / "8 KV heads…"). This finds a paragraph that ends mid-sentence right
 * before a paragraph that opens with an inline component, in every article of both languages.
 */
const ARTICLES = join(import.meta.dirname, '../../content/articles');
const INLINE = /^<(Value|Params|MemoryValue|Metric)\b/;
// A paragraph may end a sentence, open a list or formula, or close a block.
const SENTENCE_END = /[.:!?)\]>$。다요]$|^\$\$$|^---$/u;

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? mdxFiles(join(dir, entry.name)) : entry.name.endsWith('.mdx') ? [join(dir, entry.name)] : [],
  );
}

function splitSentences(source: string): string[] {
  const lines = source.split('\n');
  const found: string[] = [];
  let inFence = false;
  for (let i = 2; i < lines.length; i++) {
    if (/^(```|~~~)/.test(lines[i - 2] ?? '')) inFence = !inFence;
    const [before, blank, line] = [lines[i - 2] ?? '', lines[i - 1] ?? '', lines[i] ?? ''];
    if (inFence || blank.trim() !== '' || !INLINE.test(line)) continue;
    const end = before.trimEnd();
    if (end !== '' && !SENTENCE_END.test(end))
      found.push(`line ${i + 1}: "…${end.slice(-40)}" ⏎ "${line.slice(0, 40)}…"`);
  }
  return found;
}

describe('no sentence split in two paragraphs before an inline component', () => {
  for (const file of mdxFiles(ARTICLES)) {
    it(relative(ARTICLES, file), () => {
      expect(splitSentences(readFileSync(file, 'utf8'))).toEqual([]);
    });
  }
  it('finds the pattern it is written for', () => {
    expect(
      splitSentences('Intro.\n\nLlama keeps\n\n<Value model="m" metric="architecture.kvHeads" /> KV heads.\n'),
    ).toHaveLength(1);
  });
});
