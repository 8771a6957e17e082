/**
 * The script of the iframe embed pages: keeps the one calculator the query asks for, passes the
 * options on as attributes, and reports the page height to the parent window on every change.
 */
import { EMBED_KINDS, isEmbedKind } from '../../src/site/browser/share.ts';

const OPTIONS = ['context', 'batch', 'dtype', 'attention', 'lang'] as const;

export function configureEmbedPage(): void {
  const query = new URLSearchParams(window.location.search);
  // `lang=ko` (a Korean page's Share / Embed snippet): the page and its calculator speak Korean.
  if (query.get('lang') === 'ko') document.documentElement.lang = 'ko';
  const requested = query.get('metric') ?? 'kv-cache';
  // An unknown kind is said, not silently replaced by another calculator.
  const kind = isEmbedKind(requested) ? requested : null;
  if (kind === null) {
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = `metric=${requested.slice(0, 40)} is not a calculator here; use one of ${EMBED_KINDS.join(', ')}`;
    document.querySelector('[data-embed-root]')?.prepend(message);
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-embed-root] > [data-kind]')) {
    if (element.dataset['kind'] !== kind) {
      element.remove();
      continue;
    }
    for (const option of OPTIONS) {
      const value = query.get(option);
      if (value !== null) element.setAttribute(option, value);
    }
  }
  let lastHeight = 0;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight || window.parent === window) return;
    lastHeight = height;
    window.parent.postMessage({ type: 'decoder-atlas:height', height, href: window.location.href }, '*');
  };
  new ResizeObserver(report).observe(document.documentElement);
  report();
}
