/**
 * The calculator controls (context, batch, dtype, attention) as the three islands read them:
 * `<atlas-calc>`, `<atlas-compare>` and `<atlas-try>` share one reading of the fields, one
 * validation (the library's resolveRunOptions), one log-scale slider rule and one URL encoding.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { DEFAULT_RUN_OPTIONS, MAX_CONTEXT_TOKENS, resolveRunOptions } from '../../src/lib/options.ts';

export const CONTROL_NAMES = ['context', 'batch', 'dtype', 'attention'] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];
type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Each control's default as its field shows it; defaults are left out of URLs. */
const DEFAULTS: Record<ControlName, string> = {
  context: String(DEFAULT_RUN_OPTIONS.contextTokens),
  batch: String(DEFAULT_RUN_OPTIONS.batch),
  dtype: DEFAULT_RUN_OPTIONS.dtype,
  attention: DEFAULT_RUN_OPTIONS.attention,
};

/** The named field inside `root`, if it is a form control. */
export function controlField(root: ParentNode, name: string): Field | null {
  const field = root.querySelector(`[name="${name}"]`);
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement
    ? field
    : null;
}

/** The raw values of the controls present in `root`. */
export function controlValues(root: ParentNode): Partial<Record<ControlName, string>> {
  const values: Partial<Record<ControlName, string>> = {};
  for (const name of CONTROL_NAMES) {
    const field = controlField(root, name);
    if (field !== null) values[name] = field.value;
  }
  return values;
}

/**
 * Validates the controls: the options, or the error of the first invalid one. Marks the invalid
 * field with aria-invalid and clears the mark on the others.
 */
export function readControls(root: ParentNode): RunOptions | ConfigError {
  for (const name of CONTROL_NAMES) controlField(root, name)?.removeAttribute('aria-invalid');
  try {
    return resolveRunOptions(controlValues(root));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (error.key !== null) controlField(root, error.key)?.setAttribute('aria-invalid', 'true');
    return error;
  }
}

/** An option error as a sentence under the controls: "Context: must be …". */
export function controlMessage(error: ConfigError): string {
  return error.message.replace(/^(\w)/, (letter) => letter.toUpperCase());
}

/**
 * Keeps the context field and its log-scale slider together after an input event: moving the
 * slider sets the context to 2^value; typing a context moves the slider to the nearest power.
 */
export function syncContextSlider(root: ParentNode, event: Event): void {
  const target = event.target;
  const context = controlField(root, 'context');
  const slider = controlField(root, 'contextSlider');
  if (target instanceof HTMLInputElement && target.name === 'contextSlider') {
    if (context !== null) context.value = String(2 ** Number(target.value));
    return;
  }
  const tokens = Number(context?.value);
  if (slider !== null && Number.isFinite(tokens) && tokens >= 1 && tokens <= MAX_CONTEXT_TOKENS) {
    slider.value = String(Math.round(Math.log2(tokens)));
  }
}

/** Writes the controls into the query: values that differ from the defaults, and removes the rest. */
export function setControlParams(url: URL, values: Partial<Record<ControlName, string>>): void {
  for (const name of CONTROL_NAMES) {
    const value = values[name];
    if (value === undefined) continue;
    if (value === '' || value === DEFAULTS[name]) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
}

/** Puts the query's control values into the fields; true when any field changed. */
export function restoreControls(root: ParentNode, query: URLSearchParams): boolean {
  let changed = false;
  for (const name of CONTROL_NAMES) {
    const value = query.get(name);
    const field = controlField(root, name);
    if (value !== null && field !== null && field.value !== value) {
      field.value = value;
      changed = true;
    }
  }
  return changed;
}
