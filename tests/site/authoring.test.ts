import { compile } from '@mdx-js/mdx';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { remarkComponentSource } from '../../src/markdown/remark-atlas.ts';
import { requireLineageNotes } from '../../src/site/build/lineage.ts';
import { requireModel, requireOneOf, requireRunOptions, rejectUnknownProps } from '../../src/site/build/models.ts';

async function compileArticle(source: string): Promise<string> {
  const file = new VFile({ path: `${process.cwd()}/content/articles/guides/example.mdx`, value: source });
  return String(await compile(file, { remarkPlugins: [remarkComponentSource] }));
}

describe('authoring errors name the article, the line, the component and the closest ids', () => {
  it('tags every Decoder Atlas component with its file and line', async () => {
    const output = await compileArticle(
      '# Title\n\nText <Params model="x" />.\n\n<KvCache model="y" />\n\n<Other />\n',
    );
    expect(output).toContain('__source: "content/articles/guides/example.mdx:3"');
    expect(output).toContain('__source: "content/articles/guides/example.mdx:5"');
    expect(output.match(/__source/g)).toHaveLength(2);
  });

  it('fails on a model missing from the snapshot, listing the closest ids', () => {
    expect(() => requireModel('meta-llama/Llama-3.1-8b', 'Params', 'content/articles/x.mdx:8')).toThrow(
      'content/articles/x.mdx:8: <Params>: model="meta-llama/Llama-3.1-8b" is not in the snapshot (content/configs/); closest: meta-llama/Llama-3.1-8B, meta-llama/Llama-3.1-70B, meta-llama/Llama-3.1-405B',
    );
  });

  it('fails on a part that does not exist, suggesting the nearest', () => {
    expect(() =>
      requireOneOf('nonembedding', ['total', 'embedding', 'nonEmbedding'], 'part', 'Params', 'a.mdx:2'),
    ).toThrow(
      'a.mdx:2: <Params>: part="nonembedding" is not one of total, embedding, nonEmbedding (did you mean nonEmbedding?)',
    );
  });

  it('fails on a misspelt prop', () => {
    expect(() => rejectUnknownProps({ model: 'a', contxt: 5 }, ['model', 'context'], 'KvCache', 'a.mdx:4')).toThrow(
      'a.mdx:4: <KvCache>: has no prop "contxt"; its props are model, context (did you mean context?)',
    );
  });

  it('fails on a misspelt context word and on "max" without a model', () => {
    expect(() => requireRunOptions({ context: 'maximum' }, 'KvCache', 'a.mdx:6')).toThrow(
      'a.mdx:6: <KvCache>: context="maximum" is neither a number of tokens (context={32768}) nor "max"',
    );
    expect(() => requireRunOptions({ context: 'max' }, 'Value', 'a.mdx:7')).toThrow(
      'a.mdx:7: <Value>: context="max" needs a model to take the maximum context from',
    );
  });
});

describe('context="max"', () => {
  const llama31 = requireModel('meta-llama/Llama-3.1-8B', 'KvCache', undefined);
  const gpt2 = requireModel('openai-community/gpt2', 'CompareModels', undefined);

  it("opens a one-model calculator at the model's maximum context", () => {
    // Llama 3.1's config: max_position_embeddings 131072.
    expect(requireRunOptions({ context: 'max' }, 'KvCache', undefined, [llama31]).contextTokens).toBe(131_072);
  });

  it('opens a comparison at the smallest maximum context of its models', () => {
    // GPT-2's learned position table has 1024 rows, fewer than Llama 3.1's 131072 positions.
    expect(requireRunOptions({ context: 'max' }, 'CompareModels', undefined, [llama31, gpt2]).contextTokens).toBe(1024);
  });

  it('leaves a typed context as it is', () => {
    expect(requireRunOptions({ context: 8192 }, 'KvCache', undefined, [gpt2]).contextTokens).toBe(8192);
  });
});

describe('Lineage notes are checked against the chain', () => {
  const chain = ['meta-llama/Meta-Llama-3-8B', 'meta-llama/Llama-3.1-8B'];
  const card = { title: 'Llama 3.1 model card', href: 'https://github.com/meta-llama/llama-models' };

  it('keys notes by the newer model of a step and sorts them by topic', () => {
    const notes = requireLineageNotes(
      {
        'meta-llama/Llama-3.1-8B': [
          { topic: 'context extension', text: 'Continued pre-training.', sources: [card] },
          { topic: 'training tokens', text: 'About 15T tokens.', sources: [card] },
        ],
      },
      chain,
      'a.mdx:3',
    );
    expect(notes.get('meta-llama/Llama-3.1-8B')?.map((note) => note.topic)).toEqual([
      'training tokens',
      'context extension',
    ]);
  });

  it('fails on a note keyed by the first model, which no step arrives at', () => {
    expect(() =>
      requireLineageNotes(
        { 'meta-llama/Meta-Llama-3-8B': [{ topic: 'tokenizer', text: 'x', sources: [card] }] },
        chain,
        'a.mdx:3',
      ),
    ).toThrow('a.mdx:3: <Lineage>: notes["meta-llama/Meta-Llama-3-8B"]: notes are keyed by the newer model of a step');
  });

  it('fails on a note without an https source, and on an unknown topic', () => {
    expect(() =>
      requireLineageNotes(
        { 'meta-llama/Llama-3.1-8B': [{ topic: 'tokenizer', text: 'x', sources: [] }] },
        chain,
        'a.mdx:3',
      ),
    ).toThrow('notes["meta-llama/Llama-3.1-8B"][0].sources needs [{ title, href }]');
    expect(() =>
      requireLineageNotes(
        { 'meta-llama/Llama-3.1-8B': [{ topic: 'vibes', text: 'x', sources: [card] }] },
        chain,
        'a.mdx:3',
      ),
    ).toThrow('notes["meta-llama/Llama-3.1-8B"][0].topic must be one of tokenizer');
  });
});
