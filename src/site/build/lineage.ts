/**
 * The props of `<Lineage>`: a chain of snapshot models and, per step, the changes no config
 * records (the tokenizer, the training data, how the context was extended), each typed by an
 * author with the source that states it. Checked at build time: a note on a model outside the
 * chain, an unknown topic or a note without an https source fails the build naming the article.
 */
import type { SourceLocation } from './models.ts';
import { AuthoringError } from './models.ts';

/** What a note is about; the order is the order a step's notes are shown in. */
export const LINEAGE_TOPICS = [
  'tokenizer',
  'training tokens',
  'context extension',
  'training method',
  'other releases',
] as const;
export type LineageTopic = (typeof LINEAGE_TOPICS)[number];

export interface LineageNote {
  topic: LineageTopic;
  /** The change in words. Figures here are ones no config determines (token counts, dates). */
  text: string;
  /** The papers, model cards or official posts that state it (at least one). */
  sources: { title: string; href: string }[];
}

/** Notes keyed by the model a step arrives at (the newer model of the step). */
export type LineageNotes = Record<string, LineageNote[]>;

/**
 * The notes, checked against the chain and sorted by topic, keyed by the step's newer model.
 *
 * @example requireLineageNotes({ 'b/c': [note] }, ['a/b', 'b/c'], 'x.mdx:3').get('b/c') //=> [note]
 */
export function requireLineageNotes(
  notes: unknown,
  chain: readonly string[],
  source: SourceLocation,
): Map<string, LineageNote[]> {
  const fail = (problem: string): never => {
    throw new AuthoringError(source, 'Lineage', problem);
  };
  const checked = new Map<string, LineageNote[]>();
  if (notes === undefined) return checked;
  if (notes === null || typeof notes !== 'object' || Array.isArray(notes)) {
    return fail('notes must be an object keyed by model id, e.g. notes={{ "org/b": [{ topic, text, sources }] }}');
  }
  const targets = chain.slice(1);
  for (const [id, list] of Object.entries(notes)) {
    if (!targets.includes(id)) {
      fail(`notes["${id}"]: notes are keyed by the newer model of a step, one of ${targets.join(', ')}`);
    }
    if (!Array.isArray(list)) fail(`notes["${id}"] must be a list of notes`);
    const valid = (list as unknown[]).map((raw, index): LineageNote => {
      const where = `notes["${id}"][${index}]`;
      const note = (raw ?? {}) as Partial<LineageNote>;
      if (!LINEAGE_TOPICS.includes(note.topic as LineageTopic)) {
        fail(`${where}.topic must be one of ${LINEAGE_TOPICS.join(', ')}`);
      }
      if (typeof note.text !== 'string' || note.text.trim() === '') fail(`${where}.text is empty`);
      const sources: unknown[] = Array.isArray(note.sources) ? note.sources : [];
      const cited = (entry: unknown) => {
        const { title, href } = (entry ?? {}) as { title?: unknown; href?: unknown };
        return typeof title === 'string' && title !== '' && typeof href === 'string' && href.startsWith('https://');
      };
      if (sources.length === 0 || !sources.every(cited)) {
        fail(
          `${where}.sources needs [{ title, href }]: an https:// link to each paper, model card or post that states it`,
        );
      }
      return note as LineageNote;
    });
    const order = (note: LineageNote) => LINEAGE_TOPICS.indexOf(note.topic);
    checked.set(
      id,
      valid.sort((a, b) => order(a) - order(b)),
    );
  }
  return checked;
}

/** The Korean row label of each topic. */
const TOPIC_LABELS_KO: Record<LineageTopic, string> = {
  tokenizer: '토크나이저',
  'training tokens': '학습 토큰',
  'context extension': '컨텍스트 확장',
  'training method': '학습 방법',
  'other releases': '다른 공개 모델',
};

/** A topic as a row label, in the page's language. */
export function topicLabel(topic: LineageTopic, lang: 'en' | 'ko' = 'en'): string {
  return lang === 'ko' ? TOPIC_LABELS_KO[topic] : topic.charAt(0).toUpperCase() + topic.slice(1);
}
