/**
 * Layout of a small declarative flow diagram (FlowDiagram.astro): rows of boxes, top to bottom,
 * joined by arrows. Pure: the same description always gives the same geometry, computed at build
 * time, so the page carries a static SVG and no JavaScript.
 *
 * - `rows`: each row is a list of nodes (or `null` for an empty cell); a row's cells share the
 *   width equally, so a row of one node spans the diagram and a row of two splits it in halves.
 * - `edges`: `{ from, to, label?, dashed? }`. An edge from one row to the next is a straight
 *   arrow (bottom centre to top centre, with its label on it). An edge that skips rows (a residual
 *   connection, a shared tensor) runs down a lane to the right of its source's column and enters
 *   the target from the right; its label is written along the lane.
 * - `headers`: optional column headings drawn above the first row (for side-by-side variants).
 *
 * Sizes are viewBox units; the viewBox is `WIDTH` wide, so at a 390 px screen text of
 * `FONT_SIZE` is drawn at about 11.7 CSS px.
 */

export const WIDTH = 400;
export const FONT_SIZE = 12;
const LABEL_FONT_SIZE = 11;
const LINE_HEIGHT = 15;
const LABEL_LINE_HEIGHT = 13.5;
const MARGIN = 6;
const NODE_PAD_X = 8;
const NODE_PAD_Y = 8;
const ROW_GAP = 30;
const LANE_SPACE = 26;
const CELL_GAP = 8;
const CIRCLE_R = 14;
/** Average glyph advance as a fraction of the font size, used to wrap labels. */
const CHAR_WIDTH = 0.56;
/**
 * Hangul, kana and CJK ideographs (and fullwidth forms) are about one em wide, nearly twice a Latin
 * letter, so a label is measured in Latin-letter units with each of them counting 1 / CHAR_WIDTH.
 */
const WIDE_CHAR = /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const WIDE_CHAR_UNITS = 1 / CHAR_WIDTH;

/**
 * A line's advance in Latin-letter units (its length, for Latin text).
 *
 * @example advanceUnits('RoPE 기저') //=> 5 + 2 / 0.56
 */
function advanceUnits(line: string): number {
  let narrow = 0;
  let wide = 0;
  for (const char of line) {
    if (WIDE_CHAR.test(char)) wide++;
    else narrow++;
  }
  return narrow + wide * WIDE_CHAR_UNITS;
}

export interface FlowNode {
  id: string;
  label: string;
  /** `box` (default), `circle` (an operation such as + or ⊙, short label) or `accent` (a highlighted box). */
  shape?: 'box' | 'circle' | 'accent';
}

export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
  dashed?: boolean;
}

export interface FlowDescription {
  rows: (FlowNode | null)[][];
  edges?: FlowEdge[];
  headers?: string[];
}

export interface PlacedText {
  x: number;
  y: number;
  lines: string[];
  lineHeight: number;
  /** Rotation in degrees about (x, y); lane labels are written vertically. */
  rotate: number;
  size: 'node' | 'label' | 'header';
}

export interface PlacedNode {
  id: string;
  shape: 'box' | 'circle' | 'accent';
  x: number;
  y: number;
  width: number;
  height: number;
  text: PlacedText;
}

export interface PlacedEdge {
  points: [number, number][];
  head: [number, number][];
  dashed: boolean;
  label: PlacedText | null;
  /** Background behind the label, so the line does not run through the text. */
  labelBox: { x: number; y: number; width: number; height: number } | null;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  headers: PlacedText[];
}

/** Splits on explicit newlines, then wraps each line to `maxWidth` at spaces (a long word stays whole). */
export function wrapLabel(label: string, maxWidth: number, fontSize = FONT_SIZE): string[] {
  const maxUnits = Math.max(4, maxWidth / (fontSize * CHAR_WIDTH));
  const lines: string[] = [];
  for (const paragraph of label.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const next = line === '' ? word : `${line} ${word}`;
      if (advanceUnits(next) <= maxUnits || line === '') line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

function textWidth(lines: string[], fontSize: number): number {
  return Math.max(...lines.map(advanceUnits)) * fontSize * CHAR_WIDTH;
}

function arrowHead(from: [number, number], to: [number, number]): [number, number][] {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const back: [number, number] = [to[0] - ux * 7, to[1] - uy * 7];
  const round = (value: number) => Math.round(value * 10) / 10;
  return [
    [round(to[0]), round(to[1])],
    [round(back[0] - uy * 3.5), round(back[1] + ux * 3.5)],
    [round(back[0] + uy * 3.5), round(back[1] - ux * 3.5)],
  ];
}

function get<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  if (value === undefined) throw new Error(`no node "${id}"`);
  return value;
}

/** Lays out a flow description; throws on an unknown node id, a duplicate id or an upward edge. */
export function layoutFlow(description: FlowDescription): FlowLayout {
  const { rows, headers = [] } = description;
  const edges = description.edges ?? [];
  if (rows.length === 0) throw new Error('FlowDiagram needs at least one row');
  const where = new Map<string, { row: number; cell: number; cells: number }>();
  rows.forEach((row, rowIndex) => {
    if (row.length === 0) throw new Error(`row ${rowIndex + 1} is empty`);
    row.forEach((node, cell) => {
      if (node === null) return;
      if (where.has(node.id)) throw new Error(`node id "${node.id}" is used twice`);
      where.set(node.id, { row: rowIndex, cell, cells: row.length });
    });
  });
  for (const edge of edges) {
    for (const end of [edge.from, edge.to]) {
      if (!where.has(end)) throw new Error(`edge ${edge.from} → ${edge.to}: no node "${end}"`);
    }
    if (get(where, edge.to).row <= get(where, edge.from).row) {
      throw new Error(`edge ${edge.from} → ${edge.to} must point to a later row`);
    }
  }
  const skips = edges.filter((edge) => get(where, edge.to).row - get(where, edge.from).row > 1);
  const lanePad = skips.length > 0 ? LANE_SPACE : 0;
  const inner = WIDTH - 2 * MARGIN;

  // Column geometry of a cell: the cell's span, and the node's box inside it.
  const cellOf = (cells: number, cell: number) => {
    const width = inner / cells;
    const x0 = MARGIN + cell * width;
    const left = x0 + (cell === 0 ? 0 : CELL_GAP / 2);
    const right = x0 + width - (cell === cells - 1 ? 0 : CELL_GAP / 2) - lanePad;
    return { x0, width, left, right };
  };

  // Headers.
  let y = MARGIN;
  const placedHeaders: PlacedText[] = [];
  if (headers.length > 0) {
    let headerHeight = 0;
    headers.forEach((header, cell) => {
      const { left, right } = cellOf(headers.length, cell);
      const lines = wrapLabel(header, right - left, FONT_SIZE);
      headerHeight = Math.max(headerHeight, lines.length * LINE_HEIGHT);
      placedHeaders.push({
        x: (left + right) / 2,
        y: y + FONT_SIZE,
        lines,
        lineHeight: LINE_HEIGHT,
        rotate: 0,
        size: 'header',
      });
    });
    y += headerHeight + 10;
  }

  // Nodes: each row as tall as its tallest node.
  const nodes = new Map<string, PlacedNode>();
  const rowBottoms: number[] = [];
  rows.forEach((row, rowIndex) => {
    if (rowIndex > 0) {
      // A gap tall enough for the labels of the edges that cross it.
      const labels = edges.filter(
        (edge) =>
          edge.label !== undefined &&
          get(where, edge.from).row === rowIndex - 1 &&
          get(where, edge.to).row === rowIndex,
      );
      const labelLines = Math.max(
        0,
        ...labels.map((edge) => {
          const from = get(where, edge.from);
          const { left, right } = cellOf(from.cells, from.cell);
          return wrapLabel(edge.label ?? '', Math.min(right - left, inner * 0.8), LABEL_FONT_SIZE).length;
        }),
      );
      y += ROW_GAP + (labelLines > 0 ? labelLines * LABEL_LINE_HEIGHT + 8 : 0);
    }
    const placed = row.map((node, cell) => {
      if (node === null) return null;
      const { left, right } = cellOf(row.length, cell);
      const shape = node.shape ?? 'box';
      if (shape === 'circle') {
        const cx = (left + right) / 2;
        return {
          id: node.id,
          shape,
          x: cx - CIRCLE_R,
          y,
          width: 2 * CIRCLE_R,
          height: 2 * CIRCLE_R,
          text: {
            x: cx,
            y: y + CIRCLE_R + FONT_SIZE * 0.35,
            lines: [node.label],
            lineHeight: LINE_HEIGHT,
            rotate: 0,
            size: 'node' as const,
          },
        };
      }
      const lines = wrapLabel(node.label, right - left - 2 * NODE_PAD_X);
      const width = Math.min(right - left, Math.max(textWidth(lines, FONT_SIZE) + 2 * NODE_PAD_X + 12, 72));
      const x = (left + right) / 2 - width / 2;
      return {
        id: node.id,
        shape,
        x,
        y,
        width,
        height: lines.length * LINE_HEIGHT + 2 * NODE_PAD_Y,
        text: {
          x: x + width / 2,
          y: y + NODE_PAD_Y + FONT_SIZE - 1,
          lines,
          lineHeight: LINE_HEIGHT,
          rotate: 0,
          size: 'node' as const,
        },
      };
    });
    const rowHeight = Math.max(...placed.map((node) => node?.height ?? 0));
    for (const node of placed) {
      if (node === null) continue;
      // Centre each node vertically in its row.
      const shift = (rowHeight - node.height) / 2;
      node.y += shift;
      node.text.y += shift;
      nodes.set(node.id, node);
    }
    y += rowHeight;
    rowBottoms.push(y);
  });

  // Edges.
  const lanesPerColumn = new Map<string, string[]>();
  const placedEdges: PlacedEdge[] = edges.map((edge) => {
    const from = get(nodes, edge.from);
    const to = get(nodes, edge.to);
    const a = get(where, edge.from);
    const b = get(where, edge.to);
    const dashed = edge.dashed ?? false;
    if (b.row - a.row === 1) {
      const start: [number, number] = [from.x + from.width / 2, from.y + from.height];
      const end: [number, number] = [to.x + to.width / 2, to.y];
      let label: PlacedText | null = null;
      let labelBox: PlacedEdge['labelBox'] = null;
      if (edge.label !== undefined) {
        const { left, right } = cellOf(a.cells, a.cell);
        const lines = wrapLabel(edge.label, Math.min(right - left, inner * 0.8), LABEL_FONT_SIZE);
        const mx = (start[0] + end[0]) / 2;
        const my = (start[1] + end[1]) / 2;
        const height = lines.length * LABEL_LINE_HEIGHT;
        const width = textWidth(lines, LABEL_FONT_SIZE) + 8;
        label = {
          x: mx,
          y: my - height / 2 + LABEL_FONT_SIZE - 1,
          lines,
          lineHeight: LABEL_LINE_HEIGHT,
          rotate: 0,
          size: 'label',
        };
        labelBox = { x: mx - width / 2, y: my - height / 2 - 2, width, height: height + 4 };
      }
      return { points: [start, end], head: arrowHead(start, end), dashed, label, labelBox };
    }
    // A skip: down a lane right of the source's column, into the target's right side.
    const column = `${a.cells}:${a.cell}`;
    const sources = lanesPerColumn.get(column) ?? [];
    if (!sources.includes(edge.from)) sources.push(edge.from);
    lanesPerColumn.set(column, sources);
    const { right } = cellOf(a.cells, a.cell);
    const laneX = right + LANE_SPACE / 2 - sources.indexOf(edge.from) * 6;
    const startY = from.y + from.height / 2;
    const endY = to.y + to.height / 2;
    const start: [number, number] = [from.x + from.width, startY];
    const end: [number, number] = [to.x + to.width, endY];
    const points: [number, number][] = [start, [laneX, startY], [laneX, endY], end];
    let label: PlacedText | null = null;
    let labelBox: PlacedEdge['labelBox'] = null;
    if (edge.label !== undefined) {
      const my = (startY + endY) / 2;
      const length = textWidth([edge.label], LABEL_FONT_SIZE) + 8;
      label = {
        x: laneX + LABEL_FONT_SIZE * 0.35,
        y: my,
        lines: [edge.label],
        lineHeight: LABEL_LINE_HEIGHT,
        rotate: -90,
        size: 'label',
      };
      labelBox = { x: laneX - 7, y: my - length / 2, width: 14, height: length };
    }
    return { points, head: arrowHead([laneX, endY], end), dashed, label, labelBox };
  });

  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    width: WIDTH,
    height: round((rowBottoms.at(-1) ?? y) + MARGIN),
    nodes: [...nodes.values()].map((node) => ({
      ...node,
      x: round(node.x),
      y: round(node.y),
      width: round(node.width),
      height: round(node.height),
    })),
    edges: placedEdges.map((edge) => ({
      ...edge,
      points: edge.points.map(([px, py]) => [round(px), round(py)] as [number, number]),
    })),
    headers: placedHeaders,
  };
}
