import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChartBox, ChartLayout } from '../../src/lib/chart.ts';
import {
  byteUnit,
  chartLayout,
  chartSvg,
  compactTokens,
  linearTicks,
  log2Ticks,
  overlaps,
  textBox,
  textWidth,
} from '../../src/lib/chart.ts';
import { analyzeSpec, DEFAULT_RUN_OPTIONS, kvCache, parseConfig, tensorList } from '../../src/lib/index.ts';
import { parameterBar, parameterBarSvg, shareText } from '../../src/lib/param-bar.ts';
import { parameterBreakdown } from '../../src/lib/params.ts';
import { kvChartInput, kvChartSvg } from '../../src/site/browser/kv-chart.ts';
import { gpt2Config, snapshotSpec, snapshotTensors } from '../fixtures.ts';

/** The chart's drawn width on a 390 px phone, measured in Chromium on a model page. */
const PHONE_CHART_PX = 324;
const GiB = 2 ** 30;

const SNAPSHOT_IDS = readdirSync('content/configs', { withFileTypes: true })
  .filter((org) => org.isDirectory())
  .flatMap((org) => readdirSync(`content/configs/${org.name}`).map((name) => `${org.name}/${name}`));

function layoutFor(id: string, contextTokens: number, batch = 1, dtype: 'bf16' | 'fp8' | 'fp32' = 'bf16') {
  return chartLayout(kvChartInput([{ id, spec: snapshotSpec(id) }], { contextTokens, batch, dtype }));
}

/** Every piece of text the chart draws, as boxes, labelled for failure messages. */
function textBoxes(layout: ChartLayout): { what: string; box: ChartBox }[] {
  const size = layout.fontSize;
  return [
    ...layout.xTicks.map((tick) => ({ what: `x tick ${tick.label}`, box: textBox(tick.text, size) })),
    ...layout.yTicks.map((tick) => ({ what: `y tick ${tick.label}`, box: textBox(tick.text, size) })),
    { what: 'x title', box: textBox(layout.xTitle, size) },
    { what: 'y title', box: textBox(layout.yTitle, size) },
    ...(layout.marker?.label ? [{ what: 'marker label', box: textBox(layout.marker.label, size) }] : []),
    ...layout.legend.map((entry) => ({ what: `legend ${entry.text}`, box: textBox(entry, size) })),
  ];
}

function expectClear(layout: ChartLayout, where: string): void {
  const boxes = textBoxes(layout);
  for (const [index, a] of boxes.entries()) {
    expect(a.box.left, `${a.what} left`).toBeGreaterThanOrEqual(0);
    expect(a.box.right, `${a.what} right`).toBeLessThanOrEqual(layout.width);
    expect(a.box.top, `${a.what} top`).toBeGreaterThanOrEqual(0);
    expect(a.box.bottom, `${a.what} bottom`).toBeLessThanOrEqual(layout.height);
    for (const b of boxes.slice(index + 1)) {
      expect(overlaps(a.box, b.box), `${a.what} overlaps ${b.what} ${where}`).toBe(false);
    }
  }
  // the x-axis title sits on its own row, below every tick label
  const xTitle = textBox(layout.xTitle, layout.fontSize);
  for (const { what, box } of boxes.filter((entry) => entry.what.startsWith('x tick'))) {
    expect(box.bottom, what).toBeLessThan(xTitle.top);
  }
}

describe('chart helpers', () => {
  it('labels powers of two compactly', () => {
    expect([256, 1024, 131_072, 1_048_576].map(compactTokens)).toEqual(['256', '1K', '128K', '1M']);
  });

  it('picks the binary unit of the largest value', () => {
    expect(byteUnit(16 * GiB).name).toBe('GiB');
    expect(byteUnit(GiB - 1).name).toBe('MiB');
    expect(byteUnit(2 ** 20 - 1).name).toBe('KiB');
  });

  it('steps linear ticks by 1, 2 or 5 times a power of ten, from zero past the maximum', () => {
    expect(linearTicks(16)).toEqual([0, 5, 10, 15, 20]);
    expect(linearTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(linearTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(linearTicks(0)).toEqual([0, 1]);
  });

  it('thins log ticks until their labels cannot touch, keeping the largest power', () => {
    expect(log2Ticks(256, 131_072, 100, 13)).toEqual([
      256, 512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536, 131_072,
    ]);
    const thin = log2Ticks(256, 131_072, 30, 13);
    expect(thin.at(-1)).toBe(131_072);
    for (let index = 1; index < thin.length; index += 1) {
      const octaves = Math.log2((thin[index] ?? 0) / (thin[index - 1] ?? 1));
      expect(octaves * 30).toBeGreaterThanOrEqual(textWidth('128K', 13) + 8);
    }
  });
});

describe('the KV-cache chart layout', () => {
  it('plots the library’s exact bytes at every sampled context and at the chosen one', () => {
    const spec = snapshotSpec('mistralai/Mistral-7B-v0.1');
    const input = kvChartInput([{ id: 'mistralai/Mistral-7B-v0.1', spec }], {
      contextTokens: 20_000,
      batch: 2,
      dtype: 'fp8',
    });
    const [series] = input.series;
    expect(series?.points.map((point) => point.x)).toContain(4096); // the window edge
    for (const point of series?.points ?? []) {
      expect(point.y).toBe(kvCache(spec, { contextTokens: point.x, batch: 2, dtype: 'fp8' }).bytes);
    }
    expect(series?.marker).toEqual({
      x: 20_000,
      y: kvCache(spec, { contextTokens: 20_000, batch: 2, dtype: 'fp8' }).bytes,
    });
    expect(series?.points.at(-1)?.x).toBe(spec.maxContextTokens);
    // past the model's context the line stops, and nothing is marked on it
    const past = kvChartInput([{ id: 'mistralai/Mistral-7B-v0.1', spec }], {
      contextTokens: spec.maxContextTokens * 2,
      batch: 1,
      dtype: 'bf16',
    });
    expect(past.series[0]?.marker).toBeUndefined();
    expect(past.markerX).toBe(spec.maxContextTokens * 2);
  });

  it('Llama 3.1 8B: 16 GiB at 128K, in GiB, the marker at 4K with its value', () => {
    const layout = layoutFor('meta-llama/Llama-3.1-8B', 4096);
    expect(layout.unit.name).toBe('GiB');
    expect(layout.yTitle.text).toBe('↑ KV cache (GiB, bf16, batch 1)');
    expect(layout.xTicks.at(-1)?.label).toBe('128K');
    expect(layout.yTicks.at(-1)?.value).toBeGreaterThanOrEqual(16 * GiB);
    expect(layout.marker?.x).toBe(layout.series[0]?.points.find((point) => point.title.includes(' 4,096 tokens'))?.x);
    expect(layout.marker?.label?.text).toBe('512 MiB');
    expect(layout.desc).toContain('16 GiB at 131,072 tokens');
  });

  it('is readable on a phone: at least 11 CSS px of text at the width the chart is drawn', () => {
    const layout = layoutFor('meta-llama/Llama-3.1-8B', 4096);
    expect((layout.fontSize * PHONE_CHART_PX) / layout.width).toBeGreaterThanOrEqual(11);
  });

  it.each(SNAPSHOT_IDS)('%s: no two labels overlap and every label is inside the drawing', (id) => {
    const spec = snapshotSpec(id);
    for (const contextTokens of [1, 4096, spec.maxContextTokens, spec.maxContextTokens * 4]) {
      for (const [batch, dtype] of [
        [1, 'bf16'],
        [64, 'fp32'],
      ] as const) {
        expectClear(layoutFor(id, contextTokens, batch, dtype), `at ${contextTokens} tokens`);
      }
    }
  });

  it('overlays several models with a legend row each, clear of the axes', () => {
    const ids = ['mistralai/Mistral-Large-Instruct-2407', 'deepseek-ai/DeepSeek-V3', 'google/gemma-3-1b-it'];
    const models = ids.map((id) => ({ id, spec: snapshotSpec(id) }));
    const layout = chartLayout(kvChartInput(models, { contextTokens: 32_768, batch: 1, dtype: 'bf16' }));
    expect(layout.legend.map((entry) => entry.text)).toEqual(ids);
    expect(layout.series).toHaveLength(3);
    expect(layout.marker?.dots).toHaveLength(3);
    expectClear(layout, 'with three models');
  });

  it('marks the chosen context only on the lines that reach it, each dot in its line’s colour', () => {
    const ids = ['meta-llama/Llama-3.1-8B', 'google/gemma-2-9b', 'mistralai/Mistral-7B-v0.1'];
    const models = ids.map((id) => ({ id, spec: snapshotSpec(id) }));
    const layout = chartLayout(kvChartInput(models, { contextTokens: 32_768, batch: 1, dtype: 'bf16' }));
    // Gemma 2 9B declares 8,192 tokens
    expect(layout.marker?.dots.map((dot) => dot.series)).toEqual([0, 2]);
    expect(chartSvg(layout)).toMatch(/<circle class="chart-series-2" [^>]*r="4.5"/u);
  });
});

describe('the chart as SVG', () => {
  const svg = kvChartSvg([{ id: 'google/gemma-3-27b-it', spec: snapshotSpec('google/gemma-3-27b-it') }], {
    contextTokens: 32_768,
    batch: 4,
    dtype: 'fp8',
  });

  it('is one accessible image with a title and a description', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"/u);
    expect(svg).toContain('<title>KV cache against context length on a log scale (fp8, batch 4)</title>');
    expect(svg).toMatch(
      /<desc>google\/gemma-3-27b-it from .* at 256 tokens to .* at 131,072 tokens, .* at the chosen 32,768 tokens\.<\/desc>/u,
    );
  });

  it('needs no style: presentation attributes only, and escapes its text', () => {
    expect(svg).not.toMatch(/style/u);
    const layout = chartLayout({
      series: [
        {
          label: 'a<b & "c"',
          points: [
            { x: 256, y: 1 },
            { x: 512, y: 2 },
          ],
        },
      ],
      xTitle: 'x',
      yTitle: (unit) => unit,
      title: '<script>',
    });
    const markup = chartSvg(layout);
    expect(markup).toContain('&lt;script&gt;');
    expect(markup).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(markup).not.toContain('<script>');
  });

  it('draws one line per series, coloured by class when there are several', () => {
    const models = ['meta-llama/Llama-3.1-8B', 'google/gemma-3-27b-it'].map((id) => ({ id, spec: snapshotSpec(id) }));
    const markup = kvChartSvg(models, { contextTokens: 8192, batch: 1, dtype: 'bf16' });
    expect(markup.match(/<path /gu)).toHaveLength(2);
    expect(markup).toContain('class="chart-series-1"');
    expect(markup).toContain('class="chart-legend"');
  });
});

function analyze(id: string) {
  return analyzeSpec(id, snapshotSpec(id), DEFAULT_RUN_OPTIONS, { flatTensors: false });
}

describe('parameter bar', () => {
  // GPT-2 small, written out: embedding 50257·768 + 1024·768, attention 12 × (768·2304 + 2304 +
  // 768·768 + 768), MLP 12 × (768·3072 + 3072 + 3072·768 + 768), norms 12·4·768 + 2·768.
  const embedding = 39_383_808;
  const attention = 28_348_416;
  const mlp = 56_669_184;
  const norm = 38_400;
  const gpt2Total = 124_439_808;

  it('lays GPT-2 small out end to end, each part as wide as its share of 360 units', () => {
    const bar = parameterBar(parameterBreakdown(tensorList(parseConfig(gpt2Config()))));
    expect(embedding + attention + mlp + norm).toBe(gpt2Total);
    expect(bar.total).toBe(gpt2Total);
    // Edges at 360 × running sum / total, to 0.1: 113.9 (113.935…), 195.9 (195.947…), 359.9 (359.888…), 360.
    expect(bar.segments.map(({ key, value, x, width }) => ({ key, value, x, width }))).toEqual([
      { key: 'embedding', value: embedding, x: 0, width: 113.9 },
      { key: 'attention', value: attention, x: 113.9, width: 82 },
      { key: 'denseMlp', value: mlp, x: 195.9, width: 164 },
      { key: 'norm', value: norm, x: 359.9, width: 0.1 },
    ]);
    expect(bar.segments.map((segment) => segment.description)).toEqual([
      'Embedding: 39.4 M parameters, 31.6%',
      'Attention: 28.3 M parameters, 22.8%',
      'MLP: 56.7 M parameters, 45.5%',
      'Norms: 38.4 K parameters, 0.031%',
    ]);
  });

  it('writes each segment with its metric path, raw value, model and accessible name', () => {
    const bar = parameterBar(parameterBreakdown(tensorList(parseConfig(gpt2Config()))));
    const svg = parameterBarSvg(bar, 'openai-community/gpt2', 'Where the parameters of gpt2 are');
    expect(svg).toContain('role="group" aria-label="Where the parameters of gpt2 are"');
    expect(svg).toContain(
      '<rect class="param-bar-attention" x="113.9" y="0" width="82" height="24" role="img" aria-label="Attention: 28.3 M parameters, 22.8%" data-metric="params.breakdown.attention" data-value="28348416" data-model="openai-community/gpt2">',
    );
    expect(svg).not.toContain('style=');
    const values = [...svg.matchAll(/data-value="(\d+)"/g)].map((match) => Number(match[1]));
    expect(values.reduce((sum, value) => sum + value, 0)).toBe(gpt2Total);
  });

  it('splits an MoE MLP into routed experts with their router and shared experts with their gates', () => {
    // DeepSeek-V3: 3 dense layers of 3 × 7168 × 18432; 58 MoE layers, each with 256 routed experts
    // of 3 × 7168 × 2048, a router of 256 × 7168 plus its 256 correction biases, and one shared
    // expert of 3 × 7168 × 2048.
    const parts = parameterBreakdown(snapshotTensors('deepseek-ai/DeepSeek-V3'));
    expect(parts.denseMlp).toBe(3 * 3 * 7168 * 18_432);
    expect(parts.routedExperts).toBe(58 * (256 * 3 * 7168 * 2048 + 256 * 7168 + 256));
    expect(parts.sharedExperts).toBe(58 * 3 * 7168 * 2048);
    expect(parts.denseMlp + parts.routedExperts + parts.sharedExperts).toBe(parts.mlp);
    const keys = parameterBar(parts).segments.map((segment) => segment.key);
    expect(keys).toEqual(['embedding', 'attention', 'denseMlp', 'routedExperts', 'sharedExperts', 'norm', 'lmHead']);
  });

  it('shows a vision tower as its own part', () => {
    const analysis = analyze('google/gemma-3-4b-it');
    const bar = parameterBar(analysis.params.breakdown);
    const vision = bar.segments.find((segment) => segment.key === 'vision');
    expect(vision?.value).toBe(analysis.params.vision);
    expect(vision?.value).toBeGreaterThan(0);
  });

  it.each(SNAPSHOT_IDS)('%s: the segments add up to params.total and end at the full width', (id) => {
    const analysis = analyze(id);
    const bar = parameterBar(analysis.params.breakdown);
    expect(bar.segments.reduce((sum, segment) => sum + segment.value, 0)).toBe(analysis.params.total);
    const last = bar.segments.at(-1);
    expect(last === undefined ? 0 : Math.round((last.x + last.width) * 10) / 10).toBe(bar.width);
    for (const [index, segment] of bar.segments.entries()) {
      expect(segment.value).toBeGreaterThan(0);
      const previous = bar.segments[index - 1];
      if (previous !== undefined) expect(segment.x).toBe(Math.round((previous.x + previous.width) * 10) / 10);
    }
  });

  it('keeps two significant digits for shares under 0.1%', () => {
    expect(shareText(0.4551)).toBe('45.5%');
    expect(shareText(0.001)).toBe('0.1%');
    expect(shareText(0.000_312)).toBe('0.031%');
  });
});
