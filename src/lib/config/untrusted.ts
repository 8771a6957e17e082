/**
 * Reading a config from an untrusted source (a URL, a paste, a dropped file) without letting it
 * hurt the reader: a size limit, a nesting limit, then JSON.parse. Real config.json files are a
 * few kilobytes and a few levels deep; anything far beyond is refused with a message that says why.
 */
import { ConfigError } from '../errors.ts';
import { parseConfigText } from './parse.ts';

/** The largest config accepted: 1 MiB, hundreds of times any real config.json. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** The deepest nesting accepted (real configs nest two or three levels). */
export const MAX_CONFIG_DEPTH = 32;

/** How deep `[` and `{` nest in JSON text, ignoring brackets inside strings. Stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_CONFIG_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index += 1;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) {
      inString = true;
    } else if (char === 123 /* { */ || char === 91 /* [ */) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 125 /* } */ || char === 93 /* ] */) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Parses untrusted text into a value, refusing what no config.json looks like.
 *
 * @example parseUntrustedConfigText('{"model_type": "gpt2"}') //=> { model_type: 'gpt2' }
 */
export function parseUntrustedConfigText(text: string): unknown {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      null,
      `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a config.json is a few KB, so anything over 1 MiB is refused`,
    );
  }
  if (text.trim() === '') throw new ConfigError(null, 'the file is empty');
  if (jsonDepth(text) > MAX_CONFIG_DEPTH) {
    throw new ConfigError(null, `the JSON nests deeper than ${MAX_CONFIG_DEPTH} levels; no config.json does`);
  }
  return parseConfigText(text);
}
