import { describe, expect, it } from 'vitest';
import { FONT_SIZE, WIDTH, layoutFlow, wrapLabel, type FlowLayout } from '../../src/lib/flow-layout.ts';

function nodeOf(layout: FlowLayout, id: string) {
  const node = layout.nodes.find((entry) => entry.id === id);
  if (node === undefined) throw new Error(`no node ${id}`);
  return node;
}

function defined<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('undefined');
  return value;
}

const chain = {
  rows: [
    [{ id: 'a', label: 'token id t' }],
    [{ id: 'b', label: 'embed_tokens' }],
    [{ id: 'c', label: 'decoder layers' }],
    [{ id: 'd', label: 'lm_head' }],
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c', label: 'hidden states' },
    { from: 'c', to: 'd' },
    { from: 'b', to: 'd', label: 'same tensor', dashed: true },
  ],
};

describe('wrapLabel', () => {
  it('breaks at spaces to fit the width and honours explicit newlines', () => {
    expect(wrapLabel('a short label', 400)).toEqual(['a short label']);
    const lines = wrapLabel('grouped-query attention with several query heads per key-value head', 120);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length * FONT_SIZE * 0.56).toBeLessThanOrEqual(120);
    expect(wrapLabel('gate_proj\nd → f', 400)).toEqual(['gate_proj', 'd → f']);
  });

  it('measures Hangul as about one em a syllable, not as a Latin letter', () => {
    // 19 characters, 11 of them Hangul: 19 × 0.56 em fits 150 units at FONT_SIZE, 11 × 1 + 8 × 0.56 em does not.
    const label = '더 큰 RoPE 기저와 새 토크나이저';
    expect(label.length * FONT_SIZE * 0.56).toBeLessThanOrEqual(150);
    const lines = wrapLabel(label, 150);
    expect(lines).toEqual(['더 큰 RoPE 기저와 새', '토크나이저']);
    for (const line of lines) {
      const hangul = [...line].filter((char) => /\p{Script=Hangul}/u.test(char)).length;
      expect((hangul + (line.length - hangul) * 0.56) * FONT_SIZE).toBeLessThanOrEqual(150);
    }
  });

  it('keeps a word longer than the width whole', () => {
    expect(wrapLabel('post_feedforward_layernorm', 40)).toEqual(['post_feedforward_layernorm']);
  });
});

describe('layoutFlow', () => {
  it('stacks rows top to bottom inside a viewBox of fixed width', () => {
    const layout = layoutFlow(chain);
    expect(layout.width).toBe(WIDTH);
    const ys = ['a', 'b', 'c', 'd'].map((id) => nodeOf(layout, id).y);
    expect([...ys].sort((x, y) => x - y)).toEqual(ys);
    for (const node of layout.nodes) {
      expect(node.x).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width).toBeLessThanOrEqual(WIDTH);
      expect(node.y + node.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('draws an edge to the next row as a straight arrow from bottom to top, label on it', () => {
    const layout = layoutFlow(chain);
    const b = nodeOf(layout, 'b');
    const c = nodeOf(layout, 'c');
    const edge = defined(layout.edges[1]);
    const [start, end] = edge.points as [[number, number], [number, number]];
    expect(start[0]).toBeCloseTo(b.x + b.width / 2, 0);
    expect(start[1]).toBeCloseTo(b.y + b.height, 0);
    expect(end[0]).toBeCloseTo(c.x + c.width / 2, 0);
    expect(end[1]).toBeCloseTo(c.y, 0);
    expect(defined(edge.head[0])[0]).toBeCloseTo(end[0], 0);
    expect(defined(edge.head[0])[1]).toBeCloseTo(end[1], 0);
    expect(edge.label?.lines).toEqual(['hidden states']);
    expect(defined(edge.label).y).toBeGreaterThan(b.y + b.height);
    expect(defined(edge.label).y).toBeLessThan(c.y);
  });

  it('routes an edge that skips rows down a lane right of the nodes, into the target from the right', () => {
    const layout = layoutFlow(chain);
    const skip = defined(layout.edges[3]);
    const right = Math.max(...layout.nodes.map((node) => node.x + node.width));
    expect(skip.points).toHaveLength(4);
    const laneX = defined(skip.points[1])[0];
    expect(laneX).toBeGreaterThan(right);
    expect(defined(skip.points[2])[0]).toBe(laneX);
    const d = nodeOf(layout, 'd');
    expect(defined(skip.points[3])[0]).toBeCloseTo(d.x + d.width, 0);
    expect(defined(skip.points[3])[1]).toBeCloseTo(d.y + d.height / 2, 0);
    expect(skip.dashed).toBe(true);
    expect(skip.label?.rotate).toBe(-90);
  });

  it('splits a row into equal cells, keeps empty cells, and draws circles for operations', () => {
    const layout = layoutFlow({
      headers: ['left', 'right'],
      rows: [
        [
          { id: 'l', label: 'x' },
          { id: 'r', label: 'x' },
        ],
        [null, { id: 'add', label: '+', shape: 'circle' }],
      ],
      edges: [{ from: 'r', to: 'add' }],
    });
    const l = nodeOf(layout, 'l');
    const r = nodeOf(layout, 'r');
    const add = nodeOf(layout, 'add');
    expect(l.x + l.width / 2).toBeLessThan(WIDTH / 2);
    expect(r.x + r.width / 2).toBeGreaterThan(WIDTH / 2);
    expect(add.shape).toBe('circle');
    expect(add.width).toBe(add.height);
    expect(add.x + add.width / 2).toBeCloseTo(r.x + r.width / 2, 5);
    expect(layout.headers.map((header) => header.lines)).toEqual([['left'], ['right']]);
    expect(l.y).toBeGreaterThan(defined(layout.headers[0]).y);
  });

  it('is deterministic', () => {
    expect(layoutFlow(chain)).toEqual(layoutFlow(chain));
  });

  it('refuses unknown nodes, duplicate ids and edges that point up or sideways', () => {
    expect(() => layoutFlow({ rows: [[{ id: 'a', label: 'a' }]], edges: [{ from: 'a', to: 'z' }] })).toThrow(
      'no node "z"',
    );
    expect(() =>
      layoutFlow({
        rows: [[{ id: 'a', label: 'a' }], [{ id: 'a', label: 'again' }]],
      }),
    ).toThrow('used twice');
    expect(() =>
      layoutFlow({
        rows: [[{ id: 'a', label: 'a' }], [{ id: 'b', label: 'b' }]],
        edges: [{ from: 'b', to: 'a' }],
      }),
    ).toThrow('later row');
    expect(() => layoutFlow({ rows: [] })).toThrow('at least one row');
  });
});
