/**
 * Lines for the terminal from the scripts: messages carry repo ids, paths and config values, so
 * control and bidi characters are shown escaped, never sent to the terminal.
 */
import { escapeForTerminal } from '../src/lib/text.ts';

/** One line on stdout. */
export function printOut(text: string): void {
  process.stdout.write(`${escapeForTerminal(text)}\n`);
}

/** One line on stderr. */
export function printErr(text: string): void {
  process.stderr.write(`${escapeForTerminal(text)}\n`);
}
