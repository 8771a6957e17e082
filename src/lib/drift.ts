/**
 * Weight drift between two checkpoints of the same shape: per tensor, the median relative change of
 * its elements and the relative Frobenius norm of the change, from every row (full mode) or from k
 * rows drawn by a seeded generator (sampled mode), with a bootstrap interval over the rows.
 *
 * A *row* is a slice along the first dimension: `[out, in]` weights have `out` rows of `in` elements;
 * a 1-D tensor (a norm's weight, a bias) is one row, so it is always read whole. Rows are contiguous
 * in a safetensors file, so each sampled row costs one range request and no more bytes than it holds.
 */

/**
 * ε in |b − a| / (|a| + ε). It keeps the ratio finite where a weight is exactly 0 (a change from 0
 * is then measured against ε, a huge but finite ratio, which the median shrugs off), and it is far
 * below the magnitudes that carry the median: trained weights sit around 1e-3 to 1e-1, where ε
 * moves the ratio by at most 1e-5 of itself.
 */
export const EPSILON = 1e-8;
/** Bootstrap resamples per tensor. */
export const BOOTSTRAP_RESAMPLES = 1000;
/** The bootstrap interval's level: the 2.5th and 97.5th percentiles of the resampled statistic. */
export const INTERVAL_LEVEL = 0.95;
/** Rows drawn per tensor by default in sampled mode. */
export const DEFAULT_ROWS_PER_TENSOR = 16;
/**
 * Full mode keeps one float64 ratio per element of the tensor being measured (for an exact median):
 * at most this many elements (2^27, 1 GiB). Larger tensors (a large vocabulary's embedding) need
 * sampled mode.
 */
export const MAX_FULL_ELEMENTS = 2 ** 27;

/** Rows and elements per row of a tensor shape, as drift reads it. */
export function rowLayout(shape: readonly number[]): { rowCount: number; rowElements: number } {
  if (shape.length <= 1) return { rowCount: 1, rowElements: shape[0] ?? 1 };
  const [first = 1, ...rest] = shape;
  return { rowCount: first, rowElements: rest.reduce((total, dim) => total * dim, 1) };
}

/**
 * FNV-1a (32-bit) of a string, mixed with a seed: a tensor's own generator seed, so that which rows
 * it draws depends only on the run's seed and its name, never on the order tensors are processed in
 * (a resumed run and the browser draw the same rows as a fresh CLI run).
 */
export function seedFor(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * mulberry32: a small, fast 32-bit generator; good enough to choose rows, and the same in every
 * JavaScript engine. Returns floats in [0, 1).
 *
 * @example const next = mulberry32(1); next() //=> 0.6270739405881613
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `k` distinct row indices out of `rowCount`, ascending, drawn with Floyd's algorithm from the
 * tensor's own generator; every row when `k ≥ rowCount`.
 *
 * @example sampleRows(4, 10, 7, 'w') // four distinct indices in [0, 10), the same on every run
 */
export function sampleRows(k: number, rowCount: number, seed: number, name: string): number[] {
  if (k >= rowCount) return Array.from({ length: rowCount }, (_, i) => i);
  const next = mulberry32(seedFor(seed, name));
  const chosen = new Set<number>();
  for (let j = rowCount - k; j < rowCount; j += 1) {
    const pick = Math.floor(next() * (j + 1));
    chosen.add(chosen.has(pick) ? j : pick);
  }
  return [...chosen].sort((x, y) => x - y);
}

/** What one row contributes: its sorted ratios and its two sums of squares. */
export interface RowStats {
  /** |b − a| / (|a| + ε) for each element, ascending. */
  ratios: Float64Array;
  /** Σ (b − a)². */
  diffSquares: number;
  /** Σ a². */
  baseSquares: number;
}

/** Ratios and sums of squares of one row pair (same length). */
export function rowStats(a: Float32Array, b: Float32Array): RowStats {
  const ratios = new Float64Array(a.length);
  let diffSquares = 0;
  let baseSquares = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const diff = (b[i] ?? 0) - x;
    ratios[i] = Math.abs(diff) / (Math.abs(x) + EPSILON);
    diffSquares += diff * diff;
    baseSquares += x * x;
  }
  ratios.sort();
  return { ratios, diffSquares, baseSquares };
}

/**
 * ‖b − a‖ / ‖a‖ from the sums of squares. When ‖a‖ = 0 it is 0 if b = a too and undefined (null)
 * otherwise: any change from all-zero weights is infinitely large relative to them.
 */
export function relFrobenius(diffSquares: number, baseSquares: number): number | null {
  if (baseSquares === 0) return diffSquares === 0 ? 0 : null;
  return Math.sqrt(diffSquares) / Math.sqrt(baseSquares);
}

/**
 * Full mode's running state for one tensor: every ratio (unsorted, sorted once at the end) and the
 * sums of squares, added row by row in the same order as {@link rowStats} so that a tensor read whole
 * gives bit-identical results in both modes.
 */
export interface FullAccumulator {
  ratios: Float64Array;
  filled: number;
  rows: number;
  diffSquares: number;
  baseSquares: number;
}

export function fullAccumulator(rowCount: number, rowElements: number): FullAccumulator {
  return { ratios: new Float64Array(rowCount * rowElements), filled: 0, rows: 0, diffSquares: 0, baseSquares: 0 };
}

/** Adds whole rows (`a` and `b` hold `n × rowElements` values) to a full-mode accumulator. */
export function accumulateRows(state: FullAccumulator, a: Float32Array, b: Float32Array, rowElements: number): void {
  for (let start = 0; start < a.length; start += rowElements) {
    let diffSquares = 0;
    let baseSquares = 0;
    for (let i = start; i < start + rowElements; i += 1) {
      const x = a[i] ?? 0;
      const diff = (b[i] ?? 0) - x;
      state.ratios[state.filled] = Math.abs(diff) / (Math.abs(x) + EPSILON);
      state.filled += 1;
      diffSquares += diff * diff;
      baseSquares += x * x;
    }
    state.diffSquares += diffSquares;
    state.baseSquares += baseSquares;
    state.rows += 1;
  }
}

/** The exact drift of a tensor read whole; the intervals collapse onto the values. */
export function fullDrift(name: string, shape: readonly number[], state: FullAccumulator): TensorDrift {
  const ratios = state.ratios.subarray(0, state.filled).sort();
  const median = sortedMedian(ratios);
  const frobenius = relFrobenius(state.diffSquares, state.baseSquares);
  return {
    name,
    shape: [...shape],
    median,
    relFrobenius: frobenius,
    rows: state.rows,
    ci: [median, median],
    ciRelFrobenius: [frobenius, frobenius],
  };
}

/** The median of ascending values: the middle one, or the mean of the two middle ones. */
export function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const upper = sorted[n >> 1] ?? NaN;
  return n % 2 === 1 ? upper : ((sorted[(n >> 1) - 1] ?? NaN) + upper) / 2;
}

/** Number of values ≤ v in an ascending array (binary search). */
function countAtMost(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The `rank`-th smallest (0-based) of the multiset union of rows, each taken `weights[r]` times,
 * without building the union: binary search over `pooled` (every value, ascending) for the first
 * value with more than `rank` union elements at or below it.
 */
function weightedRank(rows: readonly RowStats[], weights: Uint32Array, pooled: Float64Array, rank: number): number {
  let lo = 0;
  let hi = pooled.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const value = pooled[mid] ?? 0;
    let count = 0;
    for (let r = 0; r < rows.length; r += 1) {
      const weight = weights[r] ?? 0;
      if (weight !== 0) count += weight * countAtMost((rows[r] as RowStats).ratios, value);
    }
    if (count > rank) hi = mid;
    else lo = mid + 1;
  }
  return pooled[lo] ?? NaN;
}

function percentileInterval(values: Float64Array): [number, number] {
  values.sort();
  const tail = (1 - INTERVAL_LEVEL) / 2;
  const lo = values[Math.floor(tail * values.length)] ?? NaN;
  const hi = values[Math.ceil((1 - tail) * values.length) - 1] ?? NaN;
  return [lo, hi];
}

/** One tensor's result, as the diff file stores it. */
export interface TensorDrift {
  name: string;
  shape: number[];
  /** Median over the elements read of |b − a| / (|a| + ε). */
  median: number;
  /** ‖b − a‖ / ‖a‖ over the elements read (null: ‖a‖ = 0 and b ≠ a). */
  relFrobenius: number | null;
  /** Rows read (of `shape[0]`, or 1 for a 1-D tensor). */
  rows: number;
  /** The median's interval: bootstrap over rows, or [median, median] when every row was read. */
  ci: [number, number];
  /** The same for relFrobenius (null ends where a resample had ‖a‖ = 0 and b ≠ a). */
  ciRelFrobenius: [number | null, number | null];
}

/**
 * The drift of one tensor from its rows' statistics. When every row was read the values are exact
 * and the intervals collapse onto them; otherwise each interval is the {@link INTERVAL_LEVEL}
 * percentile interval of {@link BOOTSTRAP_RESAMPLES} resamples of the rows, with replacement, drawn
 * from the tensor's generator (seeded by the run's seed and `name + '#bootstrap'`).
 */
export function tensorDrift(
  name: string,
  shape: readonly number[],
  rows: readonly RowStats[],
  allRows: boolean,
  seed: number,
): TensorDrift {
  let total = 0;
  let diffSquares = 0;
  let baseSquares = 0;
  for (const row of rows) {
    total += row.ratios.length;
    diffSquares += row.diffSquares;
    baseSquares += row.baseSquares;
  }
  const pooled = new Float64Array(total);
  let at = 0;
  for (const row of rows) {
    pooled.set(row.ratios, at);
    at += row.ratios.length;
  }
  pooled.sort();
  const median = sortedMedian(pooled);
  const frobenius = relFrobenius(diffSquares, baseSquares);
  if (allRows || rows.length <= 1) {
    return {
      name,
      shape: [...shape],
      median,
      relFrobenius: frobenius,
      rows: rows.length,
      ci: [median, median],
      ciRelFrobenius: [frobenius, frobenius],
    };
  }
  const next = mulberry32(seedFor(seed, `${name}#bootstrap`));
  const weights = new Uint32Array(rows.length);
  const medians = new Float64Array(BOOTSTRAP_RESAMPLES);
  const norms = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let resample = 0; resample < BOOTSTRAP_RESAMPLES; resample += 1) {
    weights.fill(0);
    let draws = rows.length;
    while (draws > 0) {
      const r = Math.floor(next() * rows.length);
      weights[r] = (weights[r] ?? 0) + 1;
      draws -= 1;
    }
    let count = 0;
    let diff = 0;
    let base = 0;
    for (let r = 0; r < rows.length; r += 1) {
      const weight = weights[r] ?? 0;
      const row = rows[r] as RowStats;
      count += weight * row.ratios.length;
      diff += weight * row.diffSquares;
      base += weight * row.baseSquares;
    }
    const upper = weightedRank(rows, weights, pooled, count >> 1);
    medians[resample] = count % 2 === 1 ? upper : (weightedRank(rows, weights, pooled, (count >> 1) - 1) + upper) / 2;
    norms[resample] = relFrobenius(diff, base) ?? Infinity;
  }
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  const [normLo, normHi] = percentileInterval(norms);
  return {
    name,
    shape: [...shape],
    median,
    relFrobenius: frobenius,
    rows: rows.length,
    ci: percentileInterval(medians),
    ciRelFrobenius: [finite(normLo), finite(normHi)],
  };
}

/** Where a tensor sits in the heatmap: its decoder layer and its kind (`self_attn_q_proj`), or no layer. */
export interface TensorPlace {
  layer: number | null;
  kind: string;
}

/**
 * Layer and kind from a Hugging Face tensor name: `model.layers.3.self_attn.q_proj.weight` →
 * (3, `self_attn_q_proj`), the seed's column names (dots become underscores, `.weight` dropped, other
 * suffixes such as `.bias` kept). Tensors outside the layers (`model.embed_tokens.weight`,
 * `lm_head.weight`) have no layer and keep their name without `.weight`.
 *
 * @example tensorPlace('model.layers.31.mlp.down_proj.weight') //=> { layer: 31, kind: 'mlp_down_proj' }
 */
export function tensorPlace(name: string): TensorPlace {
  const match = /(?:^|\.)layers\.(\d{1,6})\.(.+)$/.exec(name);
  const strip = (text: string) => text.replace(/\.weight$/, '');
  if (match === null) return { layer: null, kind: strip(name) };
  return { layer: Number(match[1]), kind: strip(match[2] ?? '').replaceAll('.', '_') };
}

/** Column order of the seed's heatmap: a Llama layer from input to output. Other kinds follow, by name. */
export const KIND_ORDER = [
  'input_layernorm',
  'self_attn_q_proj',
  'self_attn_k_proj',
  'self_attn_v_proj',
  'self_attn_o_proj',
  'post_attention_layernorm',
  'mlp_gate_proj',
  'mlp_up_proj',
  'mlp_down_proj',
];

/** Orders kinds as {@link KIND_ORDER}, unknown ones after it alphabetically. */
export function compareKinds(x: string, y: string): number {
  const rank = (kind: string) => {
    const index = KIND_ORDER.indexOf(kind);
    return index === -1 ? KIND_ORDER.length : index;
  };
  return rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0);
}

/** Tensor order in a diff file: by layer (layer-less tensors last), then kind, then name. */
export function compareTensorNames(x: string, y: string): number {
  const px = tensorPlace(x);
  const py = tensorPlace(y);
  const lx = px.layer ?? Infinity;
  const ly = py.layer ?? Infinity;
  if (lx !== ly) return lx < ly ? -1 : 1;
  return compareKinds(px.kind, py.kind) || (x < y ? -1 : x > y ? 1 : 0);
}

export interface CheckpointRef {
  repo: string;
  /** The commit read (resolved from the branch or tag asked for). */
  revision: string;
}

/** A diff file (content/diffs/*.json): what the CLI writes, the browser tool offers and <WeightDrift> draws. */
export interface DriftReport {
  a: CheckpointRef;
  b: CheckpointRef;
  mode: 'full' | 'sampled';
  seed: number;
  tensors: TensorDrift[];
}

/** The diff file's text: 2-space JSON with a final newline, tensors in {@link compareTensorNames} order. */
export function reportJson(report: DriftReport): string {
  const tensors = [...report.tensors].sort((x, y) => compareTensorNames(x.name, y.name));
  return `${JSON.stringify({ ...report, tensors }, null, 2)}\n`;
}
