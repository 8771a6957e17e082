import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/snapshot.ts';
import { countParams, parseConfig, tensorList } from '../../src/lib/index.ts';

const snapshot = loadSnapshot();

describe('the configs snapshot', () => {
  it('holds every model of the shared hub-configs (40)', () => {
    expect(snapshot).toHaveLength(40);
  });

  it.each(snapshot.map((entry) => [entry.id, entry] as const))(
    '%s: total parameters equal the Hub count in hub.json exactly',
    (id, entry) => {
      const spec = parseConfig(entry.config);
      expect(entry.hub.repo).toBe(id);
      expect(countParams(spec, tensorList(spec)).total).toBe(entry.hub.parameters);
    },
  );

  it.each(snapshot.map((entry) => [entry.id, entry] as const))(
    '%s: hub.json says where the config and the count came from',
    (_id, entry) => {
      expect(entry.hub.parametersSource.length).toBeGreaterThan(10);
      expect(entry.hub.configSource.length).toBeGreaterThan(10);
      for (const buffer of entry.hub.checkpointBuffers) {
        const perTensor = buffer.shape.reduce((product, extent) => product * extent, 1);
        expect(buffer.elements).toBe(buffer.count * perTensor);
        // A per-layer buffer (`{layer}` in its name) is stored once per layer; any other, once.
        const layers = parseConfig(entry.config).decoderLayers.length;
        expect(buffer.count).toBe(buffer.tensors.includes('{layer}') ? layers : 1);
      }
    },
  );

  it('explains the gpt2 page count as parameters plus the attn.bias masks: 124,439,808 + 12 × 1024² = 137,022,720', () => {
    const gpt2 = snapshot.find((entry) => entry.id === 'openai-community/gpt2');
    const buffers = gpt2?.hub.checkpointBuffers ?? [];
    expect(buffers.map((buffer) => buffer.tensors)).toEqual(['h.{layer}.attn.bias']);
    expect((gpt2?.hub.parameters ?? 0) + (buffers[0]?.elements ?? 0)).toBe(137_022_720);
  });

  it("explains Llama 2 7B's index total_size as parameters plus 32 × 64 fp32 inv_freq buffers", () => {
    const llama2 = snapshot.find((entry) => entry.id === 'meta-llama/Llama-2-7b-hf');
    const buffer = llama2?.hub.checkpointBuffers[0];
    expect(buffer?.elements).toBe(2048);
    // total_size 13,476,839,424 bytes: 6,738,415,616 fp16 parameters (2 B each) + 2,048 fp32 buffers (4 B each)
    expect((llama2?.hub.parameters ?? 0) * 2 + (buffer?.elements ?? 0) * 4).toBe(13_476_839_424);
  });
});
