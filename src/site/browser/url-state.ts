/**
 * Calculator state in the page's URL, one namespace per calculator, so that several calculators on
 * one page keep their own values and a link reopens all of them as they were:
 * `?kv.context=32768&kv.dtype=fp8&flops.context=8192&flops.attention=full`.
 *
 * A calculator declares itself with `data-url-state="<kind>"` on the element that holds its named
 * form fields (CalcControls' form does; a calculator with its own form adds the attribute and calls
 * restoreState and writeState). Its prefix is its kind for the first of that kind on the page, then
 * `<kind>2`, `<kind>3`… in document order. Every named field inside is state, except those marked
 * `data-url-state-skip` (a slider that only mirrors another field). A value equal to the field's
 * HTML default, which is what the build rendered, stays out of the URL: a link carries only what
 * the reader changed, and a link without keys shows the page as built.
 *
 * The kind `page` is for a page's only calculator (/compare/, /try/): its keys have no prefix.
 * Elsewhere, an un-prefixed key is a link from before the namespaces (`?context=32768`): it goes to
 * the first calculator with that control, which says so, and the URL is rewritten with the prefix.
 *
 * Every value from the URL is untrusted: a value its field cannot hold (`kv.context=abc`, a dtype
 * that is not an option) is not applied, and the calculator says which value and why; keys that no
 * calculator on the page answers to are named too. Nothing is silently dropped.
 *
 * Embeds never read the page's URL: this module is not part of the embed bundle.
 */

/**
 * The calculator kinds, each its URL prefix: KV cache, FLOPs, parameters, a model comparison
 * (CompareModels), the attention variants, the memory planner; `page` has no prefix.
 */
export const STATE_KINDS = ['kv', 'flops', 'params', 'cmp', 'attn', 'mem', 'page'] as const;
export type StateKind = (typeof STATE_KINDS)[number];

/** The attribute that marks a calculator's state holder, with its kind as value. */
export const STATE_ATTRIBUTE = 'data-url-state';
/** Fired on `document` after a calculator wrote the URL: Share panels refresh their link on it. */
export const STATE_EVENT = 'atlas-url-state';
/** The kind whose keys carry no prefix: a page's only calculator. */
const PAGE_KIND = 'page';
/** Longer values are refused unread: no control holds more than a model id. */
const MAX_VALUE_CHARS = 200;
/** How much of a refused value a message quotes. */
const QUOTED_CHARS = 40;

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** One named control of a calculator: a field, or the radio buttons that share a name. */
interface Control {
  name: string;
  fields: Field[];
}

/** Every calculator state holder on the page, in document order. */
function stateUnits(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[${STATE_ATTRIBUTE}]`)];
}

function kindOf(unit: Element): string {
  return unit.getAttribute(STATE_ATTRIBUTE) ?? '';
}

/**
 * The unit's key prefix: `kv` for the page's first KV-cache calculator, `kv2` for the second, and
 * the empty string for the kind `page`.
 */
export function statePrefix(unit: Element): string {
  const kind = kindOf(unit);
  if (kind === PAGE_KIND) return '';
  const position = stateUnits()
    .filter((other) => kindOf(other) === kind)
    .indexOf(unit as HTMLElement);
  return position > 0 ? `${kind}${position + 1}` : kind;
}

function keyOf(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** The unit's controls: named form fields, without files and the ones that only mirror another. */
function stateControls(unit: Element): Control[] {
  const controls = new Map<string, Field[]>();
  for (const field of unit.querySelectorAll<Field>('input[name], select[name], textarea[name]')) {
    // A calculator inside another keeps its own fields.
    if (
      field.hasAttribute('data-url-state-skip') ||
      field.type === 'file' ||
      field.closest(`[${STATE_ATTRIBUTE}]`) !== unit
    )
      continue;
    controls.set(field.name, [...(controls.get(field.name) ?? []), field]);
  }
  return [...controls].map(([name, fields]) => ({ name, fields }));
}

function isToggle(field: Field | undefined): field is HTMLInputElement {
  return field instanceof HTMLInputElement && (field.type === 'radio' || field.type === 'checkbox');
}

/** The control's value as the URL carries it: a checked box's or radio's value, '' for none. */
function valueOf(control: Control): string {
  const first = control.fields[0];
  if (isToggle(first)) return control.fields.find((field) => isToggle(field) && field.checked)?.value ?? '';
  return first?.value ?? '';
}

/** What the build rendered into the control: its `value` attribute, or the selected option. */
function defaultOf(control: Control): string {
  const first = control.fields[0];
  if (isToggle(first)) return control.fields.find((field) => isToggle(field) && field.defaultChecked)?.value ?? '';
  if (first instanceof HTMLSelectElement) {
    const options = [...first.options];
    return (options.find((option) => option.defaultSelected) ?? options[0])?.value ?? '';
  }
  return first?.defaultValue ?? '';
}

/** Puts `value` into the control if it can hold it exactly (a number input turns "abc" into ""). */
function tryAssign(control: Control, value: string): boolean {
  const first = control.fields[0];
  if (first === undefined || value.length > MAX_VALUE_CHARS) return false;
  if (isToggle(first)) {
    const chosen = control.fields.find((field) => field.value === value);
    if (chosen === undefined && value !== '') return false;
    for (const field of control.fields) if (isToggle(field)) field.checked = field === chosen;
    return true;
  }
  const previous = first.value;
  first.value = value;
  if (first.value === value) return true;
  first.value = previous;
  return false;
}

/** The reader's name for a control: its label's first span, a radio group's legend, its aria-label, or its name. */
function labelOf(control: Control): string {
  const first = control.fields[0];
  const text =
    first?.labels?.[0]?.querySelector('span')?.textContent ??
    (isToggle(first) ? first.closest('fieldset')?.querySelector('legend')?.textContent : null) ??
    first?.getAttribute('aria-label') ??
    control.name;
  return text.trim();
}

/** What a control accepts, for the message that refuses a value it cannot hold. */
function accepted(control: Control): string {
  const first = control.fields[0];
  if (first instanceof HTMLSelectElement || isToggle(first)) {
    const values =
      first instanceof HTMLSelectElement
        ? [...first.options].map((option) => option.value)
        : control.fields.map((field) => field.value);
    return `one of ${values.map((value) => value || '(none)').join(', ')}`;
  }
  if (first?.type === 'number') {
    const min = first.getAttribute('min');
    const max = first.getAttribute('max');
    const range =
      min !== null && max !== null
        ? ` from ${Number(min).toLocaleString('en-US')} to ${Number(max).toLocaleString('en-US')}`
        : '';
    return `a ${first.getAttribute('step') === '1' ? 'whole number' : 'number'}${range}`;
  }
  return `at most ${MAX_VALUE_CHARS} characters`;
}

/** A value from the URL as a message quotes it: cut short, in quotes. */
function quoted(value: string): string {
  return `"${value.length > QUOTED_CHARS ? `${value.slice(0, QUOTED_CHARS)}…` : value}"`;
}

/** The unit's note for what its link said that was not applied as written; made on first use. */
function showNote(unit: Element, sentences: string[]): void {
  let note = unit.querySelector<HTMLElement>('[data-url-state-note]');
  if (note === null) {
    if (sentences.length === 0) return;
    note = document.createElement('p');
    note.className = 'calc-link-note';
    note.dataset['urlStateNote'] = '';
    note.setAttribute('role', 'status');
    unit.append(note);
  }
  note.textContent = sentences.join(' ');
  note.hidden = sentences.length === 0;
}

/**
 * Writes the unit's controls into `url`: values that differ from their defaults under the unit's
 * keys, and deletes the keys of those that do not.
 */
export function setStateParams(url: URL, unit: Element): void {
  const prefix = statePrefix(unit);
  for (const control of stateControls(unit)) {
    const key = keyOf(prefix, control.name);
    const value = valueOf(control);
    if (value === '' || value === defaultOf(control)) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
}

function replaceUrl(url: URL): void {
  if (url.href === window.location.href) return;
  window.history.replaceState(window.history.state, '', url);
  document.dispatchEvent(new CustomEvent(STATE_EVENT));
}

/** Hides the unit's note on its link: the reader has changed a control since. */
export function dismissNote(unit: Element): void {
  showNote(unit, []);
}

/** Mirrors the unit's controls in the page's URL (after the reader changed one) and clears its note. */
export function writeState(unit: Element): void {
  const url = new URL(window.location.href);
  setStateParams(url, unit);
  replaceUrl(url);
  dismissNote(unit);
}

/**
 * Puts the unit's values from the URL into its controls, and says in the unit's note what it did
 * not apply as written: values a control cannot hold, old un-prefixed keys, and (the page's first
 * calculator only) keys no calculator here answers to. After any of those the URL is rewritten to
 * what the controls now show, so that the Share link reopens exactly that. True when a control changed.
 *
 * `query` defaults to the page's; /try/ passes its own without the (possibly huge) `config=`.
 */
export function restoreState(unit: Element, query = new URLSearchParams(window.location.search)): boolean {
  const prefix = statePrefix(unit);
  const units = stateUnits().filter((other) => kindOf(other) !== PAGE_KIND);
  const controls = stateControls(unit);
  const sentences: string[] = [];
  const dropped: string[] = [];
  let changed = false;

  for (const control of controls) {
    const key = keyOf(prefix, control.name);
    // An un-prefixed key from an older link belongs to the first calculator that has the control.
    const legacy =
      prefix !== '' &&
      query.has(control.name) &&
      units.find((other) => stateControls(other).some(({ name }) => name === control.name)) === unit
        ? (query.get(control.name) ?? '')
        : null;
    if (legacy !== null) dropped.push(control.name);
    const value = query.get(key) ?? legacy;
    const from = query.has(key) ? key : control.name;
    if (legacy !== null && from === key) {
      sentences.push(
        `Not applied from the link: ${control.name}=${quoted(legacy)}, an older form of ${key}, which it also gives.`,
      );
    }
    if (value === null) continue;
    if (tryAssign(control, value)) {
      changed = true;
      if (from !== key)
        sentences.push(`This link's older ${from}=${quoted(value)} applies to this calculator only, as ${key}.`);
    } else {
      if (from === key) dropped.push(key);
      sentences.push(
        `Not applied from the link: ${from}=${quoted(value)}; ${labelOf(control)} takes ${accepted(control)}. Showing ${valueOf(control) || '(none)'}.`,
      );
    }
  }

  if (prefix !== '') {
    const names = new Set(controls.map(({ name }) => name));
    const prefixes = new Set(units.map(statePrefix));
    const unknown = [...new Set(query.keys())].filter((key) => {
      const dot = key.indexOf('.');
      if (dot <= 0) return false;
      const keyPrefix = key.slice(0, dot);
      // Own keys that name no control; keys of no calculator here, reported once, by the first.
      return keyPrefix === prefix ? !names.has(key.slice(dot + 1)) : !prefixes.has(keyPrefix) && units[0] === unit;
    });
    if (unknown.length > 0) {
      dropped.push(...unknown);
      const here = units.map(
        (other) =>
          `${statePrefix(other)} (${stateControls(other)
            .map(({ name }) => name)
            .join(', ')})`,
      );
      sentences.push(
        `Not applied from the link: ${unknown.slice(0, 5).map(quoted).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; ` +
          `the calculators on this page are ${here.join('; ')}.`,
      );
    }
  }

  if (dropped.length > 0) {
    const url = new URL(window.location.href);
    for (const key of dropped) url.searchParams.delete(key);
    setStateParams(url, unit);
    replaceUrl(url);
  }
  showNote(unit, sentences);
  return changed;
}
