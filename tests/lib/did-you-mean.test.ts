import { describe, expect, it } from 'vitest';
import { closestModel, editDistance } from '../../src/site/browser/did-you-mean.ts';

const ids = ['meta-llama/Llama-3.1-8B', 'meta-llama/Llama-3.1-70B', 'openai-community/gpt2', 'Qwen/Qwen3-8B'];

describe('the 404 page suggestion', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the closest id for a mistyped model address, ignoring case', () => {
    expect(closestModel('/models/meta-llama/llama-3.1-8b/', ids)).toBe('meta-llama/Llama-3.1-8B');
    expect(closestModel('/models/meta-llama/Llama-31-8B/', ids)).toBe('meta-llama/Llama-3.1-8B');
    expect(closestModel('/models/Qwen/Qwen3-8', ids)).toBe('Qwen/Qwen3-8B');
  });

  it('matches a name without its org against the names', () => {
    expect(closestModel('/models/gpt2/', ids)).toBe('openai-community/gpt2');
  });

  it('suggests nothing far from every id, or outside /models/', () => {
    expect(closestModel('/models/mistralai/Mixtral-8x22B/', ids)).toBeNull();
    expect(closestModel('/guides/how-we-cont/', ids)).toBeNull();
  });
});
