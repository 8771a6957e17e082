import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_RESAMPLES,
  EPSILON,
  mulberry32,
  relFrobenius,
  reportJson,
  rowLayout,
  rowStats,
  sampleRows,
  sortedMedian,
  tensorDrift,
  tensorPlace,
} from '../../src/lib/drift.ts';
import { cellPercent, cellTitle, driftHeatmapSvg } from '../../src/lib/drift-heatmap.ts';
import { parseReport } from '../../src/lib/drift-report.ts';
import {
  assertFloatDtype,
  decodeFloats,
  headerLength,
  MAX_HEADER_BYTES,
  parseHeader,
  parseIndex,
} from '../../src/lib/safetensors.ts';
import { assertSafeShardFilename } from '@huggingface/hub';
import { hubFor } from '../../src/site/browser/hub-endpoint.ts';
import { bf16Bits } from '../support/checkpoints.ts';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const prefix = (length: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(length);
  return new Uint8Array(bytes);
};

describe('safetensors header', () => {
  it('reads the 8-byte little-endian header length', () => {
    expect(headerLength(new Uint8Array([0x10, 0x02, 0, 0, 0, 0, 0, 0]), 'x')).toBe(0x0210);
  });

  it('refuses a zero, an absurd or an overlong header length', () => {
    expect(() => headerLength(prefix(0n), 'x')).toThrow('x: the header length is 0');
    expect(() => headerLength(prefix(2n ** 63n), 'x')).toThrow(`over the ${MAX_HEADER_BYTES}-byte limit`);
    expect(() => headerLength(prefix(BigInt(MAX_HEADER_BYTES + 1)), 'x')).toThrow('over the');
    expect(() => headerLength(prefix(100n), 'x', 50)).toThrow('runs past the end of the 50-byte file');
    expect(() => headerLength(new Uint8Array(3), 'x')).toThrow('shorter than the 8-byte header length');
  });

  it('gives absolute offsets: 8 + header length + data_offsets', () => {
    const header = parseHeader(
      utf8('{"__metadata__":{"format":"pt"},"w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]}}'),
      'x',
    );
    const jsonBytes = 89; // the header above, counted: 32 up to and with the comma after __metadata__, 57 from "w" on
    expect(header.headerBytes).toBe(jsonBytes);
    expect(header.tensors).toEqual([
      { name: 'w', dtype: 'BF16', shape: [2, 3], start: 8 + jsonBytes, end: 8 + jsonBytes + 12 },
    ]);
  });

  it('refuses bad JSON, bad entries, wrong sizes, out-of-range and overlapping tensors', () => {
    expect(() => parseHeader(utf8('{"w": '), 'x')).toThrow('x: the header is not valid JSON');
    expect(() => parseHeader(utf8('[1]'), 'x')).toThrow('not a JSON object');
    expect(() => parseHeader(utf8('{"w":{"shape":[1],"data_offsets":[0,2]}}'), 'x')).toThrow('tensor "w" has no dtype');
    expect(() => parseHeader(utf8('{"w":{"dtype":"BF16","shape":[1],"data_offsets":[4,2]}}'), 'x')).toThrow(
      'has invalid data_offsets',
    );
    expect(() => parseHeader(utf8('{"w":{"dtype":"BF16","shape":[-1],"data_offsets":[0,2]}}'), 'x')).toThrow(
      'invalid dimension',
    );
    expect(() => parseHeader(utf8('{"w":{"dtype":"BF16","shape":[3],"data_offsets":[0,4]}}'), 'x')).toThrow(
      'tensor "w" (BF16 [3]) should take 6 bytes, its offsets span 4',
    );
    // 8 + 57 header bytes + 6 data bytes = a 71-byte file; offsets running to 8 overrun it.
    const text = '{"w":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}  ';
    expect(() => parseHeader(utf8(text), 'x', 8 + text.length + 6)).toThrow('exceeds the file size');
    expect(() =>
      parseHeader(
        utf8(
          '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]}}',
        ),
        'x',
      ),
    ).toThrow('x: tensors "a" and "b" overlap');
  });

  it('checks the index: a weight_map of safe relative shard names', () => {
    const index = parseIndex(
      '{"weight_map":{"a":"model-00002-of-00002.safetensors","b":"model-00001-of-00002.safetensors","c":"model-00001-of-00002.safetensors"}}',
      'i',
      assertSafeShardFilename,
    );
    expect(index.shards).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(() => parseIndex('{"weight_map":{"a":"../secret"}}', 'i', assertSafeShardFilename)).toThrow('dot segment');
    expect(() => parseIndex('{"weight_map":{"a":"%2e%2e/x"}}', 'i', assertSafeShardFilename)).toThrow('dot segment');
    expect(() => parseIndex('{}', 'i', assertSafeShardFilename)).toThrow('i: no "weight_map" object');
  });
});

describe('decoding', () => {
  it('decodes BF16 as the top half of a float32', () => {
    // 1.0 = 0x3f80, −2.5 = 0xc020, 1.125 = 0x3f90
    expect(Array.from(decodeFloats(new Uint8Array([0x80, 0x3f, 0x20, 0xc0, 0x90, 0x3f]), 'BF16'))).toEqual([
      1, -2.5, 1.125,
    ]);
    expect(bf16Bits(-2.5)).toBe(0xc020);
  });

  it('decodes F16, subnormals and infinities included', () => {
    // 1.0 = 0x3c00, −2 = 0xc000, 65504 = 0x7bff (largest), 2^-24 = 0x0001 (smallest subnormal), +∞ = 0x7c00
    const bytes = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x01, 0x00, 0x00, 0x7c]);
    expect(Array.from(decodeFloats(bytes, 'F16'))).toEqual([1, -2, 65504, 2 ** -24, Infinity]);
  });

  it('decodes F32', () => {
    const bytes = new Uint8Array(new Float32Array([0.5, -3]).buffer);
    expect(Array.from(decodeFloats(bytes, 'F32'))).toEqual([0.5, -3]);
  });

  it('refuses other dtypes, naming the dtype and the tensor', () => {
    expect(() => assertFloatDtype('I8', 'model.layers.0.mlp.up_proj.weight', 'org/q')).toThrow(
      'org/q: tensor "model.layers.0.mlp.up_proj.weight" is I8; only BF16, F16 and F32 can be compared',
    );
  });
});

describe('metrics', () => {
  it('defines relFrobenius when ‖a‖ = 0: 0 if b = a, undefined (null) otherwise', () => {
    expect(relFrobenius(0, 0)).toBe(0);
    expect(relFrobenius(4, 0)).toBeNull();
    // ‖b − a‖² = 9, ‖a‖² = 16: 3 / 4
    expect(relFrobenius(9, 16)).toBe(0.75);
  });

  it('takes the mean of the two middle values for an even count', () => {
    expect(sortedMedian(new Float64Array([1, 2, 3, 10]))).toBe(2.5);
    expect(sortedMedian(new Float64Array([1, 2, 10]))).toBe(2);
  });

  it('computes each ratio as |b − a| / (|a| + ε)', () => {
    // a = [1, −2, 0], b = [1.5, −2, 1]: ratios 0.5/(1+ε), 0, 1/ε; Σ(b−a)² = 1.25, Σa² = 5
    const stats = rowStats(new Float32Array([1, -2, 0]), new Float32Array([1.5, -2, 1]));
    expect(Array.from(stats.ratios)).toEqual([0, 0.5 / (1 + EPSILON), 1 / EPSILON]);
    expect([stats.diffSquares, stats.baseSquares]).toEqual([1.25, 5]);
  });

  it('treats a 1-D tensor as one row and a matrix as rows of its first dimension', () => {
    expect(rowLayout([4096])).toEqual({ rowCount: 1, rowElements: 4096 });
    expect(rowLayout([1024, 4096])).toEqual({ rowCount: 1024, rowElements: 4096 });
    expect(rowLayout([2, 3, 4])).toEqual({ rowCount: 2, rowElements: 12 });
  });

  it('gives a bootstrap interval over rows that holds the estimate, and collapses it when every row was read', () => {
    // Row r of b is row r of a (all ones) times 1 + r/16: each row's ratios are all (r/16)/(1+ε).
    const rows = Array.from({ length: 10 }, (_, r) =>
      rowStats(new Float32Array(6).fill(1), new Float32Array(6).fill(1 + r / 16)),
    );
    const sampled = tensorDrift('w', [100, 6], rows, false, 3);
    // 60 ratios, rows 4 and 5 hold the 30th and 31st: (4/16 + 5/16) / 2, each divided by 1 + ε
    expect(sampled.median).toBe((0.25 / (1 + EPSILON) + 0.3125 / (1 + EPSILON)) / 2);
    expect(sampled.ci[0]).toBeLessThanOrEqual(sampled.median);
    expect(sampled.ci[1]).toBeGreaterThanOrEqual(sampled.median);
    expect(sampled.ci[0]).toBeGreaterThanOrEqual(0);
    expect(sampled.ci[1]).toBeLessThanOrEqual(9 / 16);
    expect(sampled.ci[0]).toBeLessThan(sampled.ci[1]);
    expect(tensorDrift('w', [100, 6], rows, false, 3)).toEqual(sampled);
    const whole = tensorDrift('w', [10, 6], rows, true, 3);
    expect(whole.ci).toEqual([whole.median, whole.median]);
    expect(BOOTSTRAP_RESAMPLES).toBe(1000);
  });
});

describe('sampler', () => {
  it('is mulberry32: the same floats for the same seed', () => {
    const next = mulberry32(1);
    expect([next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478]);
  });

  it('draws k distinct rows, ascending, the same for the same seed and name', () => {
    const rows = sampleRows(4, 10, 7, 'w');
    expect(rows).toEqual([3, 7, 8, 9]);
    expect(sampleRows(4, 10, 7, 'w')).toEqual(rows);
    expect(sampleRows(4, 10, 8, 'w')).not.toEqual(rows);
    const many = sampleRows(500, 1000, 1, 'x');
    expect(new Set(many).size).toBe(500);
    expect(many.every((row, i) => row >= 0 && row < 1000 && (i === 0 || row > (many[i - 1] ?? -1)))).toBe(true);
    expect(sampleRows(20, 5, 1, 'x')).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('names', () => {
  it('maps tensor names to (layer, kind) as the seed labels them', () => {
    expect(tensorPlace('model.layers.0.self_attn.q_proj.weight')).toEqual({ layer: 0, kind: 'self_attn_q_proj' });
    expect(tensorPlace('model.layers.31.post_attention_layernorm.weight')).toEqual({
      layer: 31,
      kind: 'post_attention_layernorm',
    });
    expect(tensorPlace('model.layers.27.self_attn.k_proj.bias')).toEqual({ layer: 27, kind: 'self_attn_k_proj_bias' });
    expect(tensorPlace('lm_head.weight')).toEqual({ layer: null, kind: 'lm_head' });
  });
});

describe('diff files and the heatmap', () => {
  const report = {
    a: { repo: 'org/a', revision: 'a'.repeat(40) },
    b: { repo: 'org/b', revision: 'b'.repeat(40) },
    mode: 'sampled' as const,
    seed: 0,
    tensors: [
      {
        name: 'lm_head.weight',
        shape: [32, 8],
        median: 0.5,
        relFrobenius: 0.5,
        rows: 4,
        ci: [0.4, 0.6] as [number, number],
        ciRelFrobenius: [0.45, 0.55] as [number, number],
      },
      {
        name: 'model.layers.1.mlp.up_proj.weight',
        shape: [16, 8],
        median: 0.25,
        relFrobenius: 0.3,
        rows: 16,
        ci: [0.25, 0.25] as [number, number],
        ciRelFrobenius: [0.3, 0.3] as [number, number],
      },
      {
        name: 'model.layers.0.input_layernorm.weight',
        shape: [8],
        median: 0.0625,
        relFrobenius: null,
        rows: 1,
        ci: [0.0625, 0.0625] as [number, number],
        ciRelFrobenius: [null, null] as [null, null],
      },
    ],
  };

  it('writes tensors by layer, then kind, layer-less ones last, and reads the file back', () => {
    const text = reportJson(report);
    expect((JSON.parse(text) as { tensors: { name: string }[] }).tensors.map((tensor) => tensor.name)).toEqual([
      'model.layers.0.input_layernorm.weight',
      'model.layers.1.mlp.up_proj.weight',
      'lm_head.weight',
    ]);
    expect(parseReport(text, 'd.json').tensors).toHaveLength(3);
    expect(() => parseReport('{"a":1}', 'd.json')).toThrow(/^d\.json: a: /);
    expect(() => parseReport('nope', 'd.json')).toThrow('d.json: not valid JSON');
  });

  it('labels cells in percent and gives exact values, intervals and rows in the tooltip', () => {
    expect([cellPercent(0.3852), cellPercent(0.0186), cellPercent(0.0996)]).toEqual(['39', '1.9', '10']);
    expect(cellTitle(report.tensors[0] as (typeof report.tensors)[0], report)).toBe(
      [
        'lm_head.weight [32, 8]',
        `median |b − a| / (|a| + ${EPSILON}): 0.5 (50 %); 95 % bootstrap interval 0.4 to 0.6`,
        '‖b − a‖ / ‖a‖: 0.5; 95 % bootstrap interval 0.45 to 0.55',
        'rows read: 4 of 32 (seed 0, 1000 resamples)',
      ].join('\n'),
    );
    expect(cellTitle(report.tensors[2] as (typeof report.tensors)[0], report)).toContain(
      '‖b − a‖ / ‖a‖: undefined (‖a‖ = 0); exact: every row read',
    );
  });

  it('draws one cell per tensor, escaped, with a legend', () => {
    const svg = driftHeatmapSvg(
      {
        ...report,
        tensors: [
          ...report.tensors,
          { ...report.tensors[1], name: 'model.layers.1.<b>x.weight' } as (typeof report.tensors)[0],
        ],
      },
      { title: 'A & B' },
    );
    expect(svg.match(/<rect [^>]*height="23"/g)).toHaveLength(4);
    expect(svg).toContain('aria-label="A &#38; B"');
    expect(svg).toContain('&#60;b&#62;x');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Outside the layers');
    expect(svg).toContain('median change');
  });
});

describe('the browser tool’s Hub', () => {
  it('honours ?hub= only on a loopback page', () => {
    expect(hubFor({ hostname: 'example.org', search: '?hub=http://evil.test' })).toBe('https://huggingface.co');
    expect(hubFor({ hostname: '127.0.0.1', search: '?hub=http://127.0.0.1:9000/' })).toBe('http://127.0.0.1:9000');
    expect(hubFor({ hostname: 'localhost', search: '?hub=javascript:alert(1)' })).toBe('https://huggingface.co');
    expect(hubFor({ hostname: 'localhost', search: '' })).toBe('https://huggingface.co');
  });
});
