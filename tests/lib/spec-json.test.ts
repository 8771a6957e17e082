import { describe, expect, it } from 'vitest';
import { snapshotIds } from '../../src/data/snapshot.ts';
import { kvCache, packSpec, unpackSpec } from '../../src/lib/index.ts';
import { runOptions, snapshotSpec } from '../fixtures.ts';

describe('specs written into pages as runs of identical layers', () => {
  it('writes Llama 3.1 405B\u2019s 126 identical layers as one run', () => {
    const packed = packSpec(snapshotSpec('meta-llama/Llama-3.1-405B'));
    expect(packed.layerRuns.map(([count]) => count)).toEqual([126]);
  });

  it('writes Gemma 2 9B\u2019s alternating layers as 42 runs of one', () => {
    const packed = packSpec(snapshotSpec('google/gemma-2-9b'));
    expect(packed.layerRuns).toHaveLength(42);
  });

  it.each(snapshotIds())('restores %s to the same spec, with the same numbers', (id) => {
    const spec = snapshotSpec(id);
    const restored = unpackSpec(JSON.parse(JSON.stringify(packSpec(spec))) as ReturnType<typeof packSpec>);
    expect(restored).toEqual(spec);
    const options = runOptions({ contextTokens: 65_536 });
    expect(kvCache(restored, options)).toEqual(kvCache(spec, options));
  });
});
