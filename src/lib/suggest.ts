/**
 * "Did you mean" for ids typed by hand (CLI arguments, `model="…"` props in articles).
 */

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The candidates closest to `input`, best first; ties keep the candidates' order.
 * A candidate containing the input (or ending in its name) ranks first; otherwise an `org/name`
 * input is compared whole and a bare name with the candidates' names.
 *
 * @example closestMatches('llama-3.1-8b', ['meta-llama/Llama-3.1-8B', 'openai-community/gpt2'], 1)
 * //=> ['meta-llama/Llama-3.1-8B']
 */
export function closestMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  const tail = needle.split('/').at(-1) ?? needle;
  return candidates
    .map((candidate, order) => {
      const lower = candidate.toLowerCase();
      const contains = lower.includes(needle) || (tail !== '' && lower.endsWith(`/${tail}`));
      const distance = needle.includes('/')
        ? editDistance(needle, lower)
        : editDistance(tail, lower.split('/').at(-1) ?? lower);
      return { candidate, order, score: contains ? -1 : distance };
    })
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
