/**
 * The snippets behind "Share / Embed": the same function builds them at build time (the static
 * text) and in the browser (when a control moves), so they always describe the numbers shown.
 */
import type { RunOptions } from '../../lib/options.ts';
import { DEFAULT_RUN_OPTIONS } from '../../lib/options.ts';

/** Each embeddable calculator kind and its custom element: the one list the snippets, the iframe pages and the docs read. */
export const EMBED_ELEMENTS = {
  params: 'llm-params',
  'kv-cache': 'llm-kv-cache',
  flops: 'llm-flops',
  tensors: 'llm-tensors',
} as const;

export type EmbedKind = keyof typeof EMBED_ELEMENTS;

/** The kinds, in the order the docs list them. */
export const EMBED_KINDS = Object.keys(EMBED_ELEMENTS) as EmbedKind[];

/** Whether a string (a query parameter) names a kind: own keys only. */
export function isEmbedKind(value: string): value is EmbedKind {
  return Object.hasOwn(EMBED_ELEMENTS, value);
}

const ELEMENT: Record<EmbedKind, string> = EMBED_ELEMENTS;

/** Only the options that differ from the defaults, as query or attribute pairs. */
function changedOptions(options: RunOptions, kind: EmbedKind): [string, string][] {
  const pairs: [string, string][] = [];
  if (kind === 'kv-cache' || kind === 'flops') {
    if (options.contextTokens !== DEFAULT_RUN_OPTIONS.contextTokens)
      pairs.push(['context', String(options.contextTokens)]);
  }
  if (kind === 'kv-cache') {
    if (options.batch !== DEFAULT_RUN_OPTIONS.batch) pairs.push(['batch', String(options.batch)]);
    if (options.dtype !== DEFAULT_RUN_OPTIONS.dtype) pairs.push(['dtype', options.dtype]);
  }
  if (kind === 'flops' && options.attention !== DEFAULT_RUN_OPTIONS.attention)
    pairs.push(['attention', options.attention]);
  return pairs;
}

/**
 * `site` is the site's base URL with its trailing slash (`https://host/decoder-atlas/`): the snippets' URLs are
 * relative to it, so they keep a base path.
 */

/**
 * The iframe snippet, with the one-line listener that sizes it to its content. `lang: 'ko'` (the
 * Korean pages' snippets) asks for Korean labels; English is the default and is left out.
 */
export function iframeSnippet(
  site: string,
  modelId: string,
  kind: EmbedKind,
  options: RunOptions,
  lang?: 'ko',
): string {
  const origin = new URL(site).origin;
  const query = new URLSearchParams([
    ['metric', kind],
    ...changedOptions(options, kind),
    ...(lang === undefined ? [] : [['lang', lang]]),
  ]);
  const src = new URL(`embed/${modelId}/?${query.toString()}`, site).href;
  return [
    `<iframe src="${src}" title="${kind} calculator for ${modelId}" style="width:100%;border:0" height="220" loading="lazy"></iframe>`,
    `<script>addEventListener('message',e=>{if(e.origin==='${origin}'&&e.data&&e.data.type==='decoder-atlas:height')for(const f of document.querySelectorAll('iframe'))if(f.contentWindow===e.source)f.style.height=e.data.height+'px'})</script>`,
  ].join('\n');
}

/** The script-and-element snippet. */
export function elementSnippet(
  site: string,
  modelId: string,
  kind: EmbedKind,
  options: RunOptions,
  lang?: 'ko',
): string {
  const attributes = [
    ['model', modelId],
    ...changedOptions(options, kind),
    ...(lang === undefined ? [] : [['lang', lang]]),
  ]
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return [
    `<script type="module" src="${new URL('embed/calculators.js', site).href}"></script>`,
    `<${ELEMENT[kind]}${attributes}></${ELEMENT[kind]}>`,
  ].join('\n');
}
