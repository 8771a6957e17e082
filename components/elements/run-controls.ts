/**
 * The calculator controls (context, batch, dtype, attention) as the three islands read them:
 * `<atlas-calc>`, `<atlas-compare>` and `<atlas-try>` share one reading of the fields, one
 * validation (the library's resolveRunOptions) and one log-scale slider rule. Their URL keys are
 * src/site/browser/url-state.ts's.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { MAX_CONTEXT_TOKENS, resolveRunOptions } from '../../src/lib/options.ts';

export const CONTROL_NAMES = ['context', 'batch', 'dtype', 'attention'] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];
type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

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

/**
 * Enables the controls the HTML renders `disabled` because they need JavaScript (the calculator
 * forms, the pickers, the copy buttons): called by an island once it is ready to answer them.
 */
export function enableControls(root: ParentNode): void {
  for (const control of root.querySelectorAll(
    'input[disabled], select[disabled], textarea[disabled], button[disabled]',
  )) {
    control.removeAttribute('disabled');
  }
}
