/**
 * The 404 page's suggestion: for a mistyped /models/<org>/<name>/ address, the model id closest to it by edit
 * distance (case-insensitive), if it is close enough to be a typo rather than another model.
 */

import { sitePath, withoutBase } from '../url.ts';

/** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The model id a path under /models/ most likely meant, or null. A path with an org is compared with whole ids,
 * one without (/models/gpt2/) with the names alone; a match must differ by at most a third of its length.
 */
export function closestModel(pathname: string, ids: readonly string[]): string | null {
  // Under a base path (/decoder-atlas/models/…) the model path starts after it.
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // A malformed escape: compare the path as it is.
  }
  const match = /^\/models\/(.+?)\/?$/.exec(withoutBase(path));
  const wanted = (match?.[1] ?? '').toLowerCase();
  if (wanted === '') return null;
  const key = (id: string): string => (wanted.includes('/') ? id : id.slice(id.indexOf('/') + 1)).toLowerCase();
  let best: { id: string; distance: number } | null = null;
  for (const id of ids) {
    const distance = editDistance(wanted, key(id));
    if (best === null || distance < best.distance) best = { id, distance };
  }
  if (best === null || best.distance > Math.max(2, Math.floor(key(best.id).length / 3))) return null;
  return best.id;
}

/** Fills the page's `[data-did-you-mean]` paragraph (its `data-ids` a JSON list of ids) and shows it. */
export function suggest(element: HTMLElement, pathname: string): void {
  const ids = JSON.parse(element.dataset['ids'] ?? '[]') as string[];
  const id = closestModel(pathname, ids);
  const link = element.querySelector('a');
  if (id === null || link === null) return;
  link.href = sitePath(`/models/${id}/`);
  link.textContent = id;
  element.hidden = false;
}
