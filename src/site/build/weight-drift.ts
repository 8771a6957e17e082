/**
 * Build-time side of `<WeightDrift data="content/diffs/….json">`: the diff file, found and checked,
 * and what the figure shows. A missing file is not an error when the author gave a fallback (the
 * article shows reported figures until someone runs `npm run weights:diff` online and commits one);
 * a file that exists must be a valid diff file, or the build fails naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import type { DriftReport, TensorDrift } from '../../lib/drift.ts';
import { rowLayout } from '../../lib/drift.ts';
import { cellPercent, driftHeatmapSvg } from '../../lib/drift-heatmap.ts';
import { parseReport } from '../../lib/drift-report.ts';
import { heatmapText } from '../browser/drift-messages.ts';
import type { Lang } from '../i18n.ts';
import { t } from '../i18n.ts';
import type { SourceLocation } from './models.ts';
import { AuthoringError } from './models.ts';

/** Where diff files live, relative to the project root. */
export const DIFFS_DIR = 'content/diffs';

/**
 * The diff file `data` names (a path under content/diffs/, ending in .json), or null when it does
 * not exist. `root` is the project root (the working directory of a build).
 */
export function loadDriftFile(data: unknown, source: SourceLocation, root = process.cwd()): DriftReport | null {
  if (typeof data !== 'string' || !data.endsWith('.json'))
    throw new AuthoringError(source, 'WeightDrift', `needs data="${DIFFS_DIR}/<name>.json"`);
  const path = normalize(data);
  if (isAbsolute(path) || relative(DIFFS_DIR, path).startsWith('..'))
    throw new AuthoringError(source, 'WeightDrift', `data="${data}" is not a file under ${DIFFS_DIR}/`);
  const file = join(root, path);
  if (!existsSync(file)) return null;
  try {
    return parseReport(readFileSync(file, 'utf8'), data);
  } catch (error) {
    throw new AuthoringError(source, 'WeightDrift', error instanceof Error ? error.message : String(error));
  }
}

export interface DriftFigure {
  svg: string;
  /** One sentence: what is compared, how, with how many rows. */
  summary: string;
  rows: {
    name: string;
    shape: string;
    median: string;
    ci: string;
    relFrobenius: string;
    rowsRead: string;
    raw: TensorDrift;
  }[];
}

const short = (revision: string) => (/^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision);

/** The figure in a language: the sentence, the heatmap's words and the table's cells. */
export function driftFigure(report: DriftReport, lang: Lang = 'en'): DriftFigure {
  const percent = (value: number | null) => (value === null ? t(lang, 'drift.undefined') : `${cellPercent(value)} %`);
  const rowsPerTensor = Math.max(0, ...report.tensors.map((tensor) => tensor.rows));
  const how =
    report.mode === 'full'
      ? t(lang, 'drift.full')
      : t(lang, 'drift.sampled', { rows: rowsPerTensor, seed: report.seed });
  const summary = t(lang, 'drift.summary', {
    a: report.a.repo,
    b: report.b.repo,
    revisionA: short(report.a.revision),
    revisionB: short(report.b.revision),
    how,
  });
  return {
    svg: driftHeatmapSvg(report, { title: summary, text: heatmapText(lang) }),
    summary,
    rows: report.tensors.map((tensor) => {
      const { rowCount } = rowLayout(tensor.shape);
      return {
        name: tensor.name,
        shape: `[${tensor.shape.join(', ')}]`,
        median: percent(tensor.median),
        ci: tensor.rows >= rowCount ? t(lang, 'drift.exact') : `${percent(tensor.ci[0])} – ${percent(tensor.ci[1])}`,
        relFrobenius: percent(tensor.relFrobenius),
        rowsRead: t(lang, 'drift.rowsOf', { rows: tensor.rows, total: rowCount }),
        raw: tensor,
      };
    }),
  };
}
