/**
 * The one error the library throws for bad input.
 *
 * `key` names the config key (or option) at fault, so a shell can say "file: key: problem" in one
 * line; the message never contains a stack trace or an internal name.
 */
export class ConfigError extends Error {
  /** The offending config key or option (`num_attention_heads`, `rope_scaling.factor`, `context`), or null. */
  readonly key: string | null;

  constructor(key: string | null, problem: string) {
    super(key === null ? problem : `${key}: ${problem}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/** A short, safe rendering of an untrusted value for an error message (never more than 40 characters). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
