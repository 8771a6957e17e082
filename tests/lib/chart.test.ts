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
import { kvCache } from '../../src/lib/index.ts';
import { kvChartInput, kvChartSvg } from '../../src/site/browser/kv-chart.ts';
import { snapshotSpec } from '../fixtures.ts';

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
