/**
 * What changed between two configs, key by key: the lineage notes, the config diff component and
 * the Hub sync's report all ask this one function.
 */

/**
 * Top-level keys whose values differ between two configs (absent on one side counts), sorted.
 * Values compare by their JSON, so key order inside nested objects matters, as it does on disk.
 *
 * @example changedConfigKeys({ rope_theta: 500000 }, { rope_theta: 500000, rope_scaling: {} }) //=> ['rope_scaling']
 */
export function changedConfigKeys(before: unknown, after: unknown): string[] {
  const left = asRecord(before);
  const right = asRecord(after);
  return [...new Set([...Object.keys(left), ...Object.keys(right)])]
    .filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key]))
    .sort();
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
