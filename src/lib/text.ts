/**
 * Untrusted text on a terminal. A config's strings (`hidden_act`, `architectures[0]`, a bad
 * `model_type` quoted in an error) are printed by the CLI; raw, an escape sequence in one could
 * recolour, move the cursor or retitle the terminal, and a bidirectional override could make the
 * line read differently from what it holds. These helpers make such characters visible instead.
 */

/**
 * Whether a terminal acts on or reorders the UTF-16 code unit `code` instead of just showing it:
 * the C0 controls (U+0000–U+001F, tab and newline included), DEL (U+007F), the C1 controls
 * (U+0080–U+009F), the line and paragraph separators (U+2028, U+2029), and the bidirectional
 * embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
 */
export function isTerminalControl(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** `\x1b` for a code unit below U+0100, `\u202e` above: lower-case hex, as JavaScript writes them. */
function visibleEscape(code: number): string {
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every code unit for which `escapes` returns a string replaced by that string. */
function replaceCodeUnits(text: string, escape: (code: number) => string | null): string {
  let output = '';
  let copiedUpTo = 0;
  for (let index = 0; index < text.length; index += 1) {
    const replacement = escape(text.charCodeAt(index));
    if (replacement === null) continue;
    output += text.slice(copiedUpTo, index) + replacement;
    copiedUpTo = index + 1;
  }
  return copiedUpTo === 0 ? text : output + text.slice(copiedUpTo);
}

/**
 * One line of text safe to print on a terminal: every control character (see
 * {@link isTerminalControl}) is written as a visible escape, `\x1b` or `\u202e`; everything else,
 * backslashes included, is kept as it is. A newline is escaped too, so the result is always one
 * line: apply it to each line of output, not to text that is meant to span several.
 *
 * @example escapeForTerminal('silu\u001b[31m') //=> 'silu\\x1b[31m'
 * @example escapeForTerminal('abc\u202edef') //=> 'abc\\u202edef'
 */
export function escapeForTerminal(text: string): string {
  return replaceCodeUnits(text, (code) => (isTerminalControl(code) ? visibleEscape(code) : null));
}

/**
 * JSON text (as `JSON.stringify` writes it) safe to print on a terminal, and still the same JSON:
 * DEL, the C1 controls, U+2028/U+2029 and the bidirectional controls, which `JSON.stringify` leaves
 * raw, become `\u` escapes. Those characters are neither JSON whitespace nor punctuation, so in
 * valid JSON they only occur inside strings, where `\u009b` means the very same character:
 * `JSON.parse` gives back an identical value. The C0 controls are left alone: inside strings
 * `JSON.stringify` already escapes them, and outside strings they are the layout's newlines.
 *
 * @example escapeJsonForTerminal('{"a":"x\u009by"}') //=> '{"a":"x\\u009by"}'
 */
export function escapeJsonForTerminal(json: string): string {
  return replaceCodeUnits(json, (code) =>
    code > 0x1f && isTerminalControl(code) ? `\\u${code.toString(16).padStart(4, '0')}` : null,
  );
}
