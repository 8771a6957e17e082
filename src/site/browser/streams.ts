/**
 * Untrusted bytes in the browser without letting them hurt the reader: a byte stream read up to
 * a limit (a fetched body, a decompressed share link), a text measured before it is copied
 * anywhere, and a download with one deadline for headers and body whose every failure is a
 * ConfigError sentence that names the host and says what happened. URLs are shown and fetched
 * without their `user:password@` part.
 */
import { ConfigError } from '../../lib/errors.ts';

/**
 * Every byte of `stream`, or the error `tooLarge()` gives once more than `limitBytes` arrive.
 * Chunks are counted as they arrive; reading stops, and the stream is cancelled, as soon as the
 * total passes the limit. When the stream itself fails, `broke(received, error)` (if given) makes
 * the error, with the number of bytes that had arrived.
 *
 * @example await readLimited(new Blob(['abc']).stream(), 2, () => new Error('big')) // throws 'big'
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array>,
  limitBytes: number,
  tooLarge: () => Error,
  broke?: (received: number, error: unknown) => Error,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      throw broke === undefined ? error : broke(received, error);
    }
    if (result.done) break;
    received += result.value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(result.value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Whether `text` is at most `limitBytes` of UTF-8, decided without encoding a long text: a UTF-16
 * code unit is one to three UTF-8 bytes (a surrogate pair, two units, is four), so `length` is a
 * lower bound of the size and `3 × length` an upper bound. Only a text that could go either way
 * is encoded, and that one is at most `limitBytes` code units.
 *
 * @example fitsUtf8('€€', 5) //=> false (6 bytes)
 */
export function fitsUtf8(text: string, limitBytes: number): boolean {
  if (text.length > limitBytes) return false;
  if (text.length * 3 <= limitBytes) return true;
  return new TextEncoder().encode(text).length <= limitBytes;
}

/** The download deadline when none is given, and the range a `timeout-ms` attribute may set. */
export const FETCH_TIMEOUT_MS = { default: 15_000, min: 500, max: 120_000 } as const;

/**
 * The `timeout-ms` attribute of an element: milliseconds for a whole download, headers and body.
 *
 * @example timeoutOf(null) //=> 15000
 */
export function timeoutOf(attribute: string | null): number {
  if (attribute === null || attribute.trim() === '') return FETCH_TIMEOUT_MS.default;
  const value = Number(attribute);
  if (!Number.isInteger(value) || value < FETCH_TIMEOUT_MS.min || value > FETCH_TIMEOUT_MS.max) {
    throw new ConfigError(
      'timeout-ms',
      `must be a whole number of milliseconds from ${FETCH_TIMEOUT_MS.min} to ${FETCH_TIMEOUT_MS.max}, got "${attribute.slice(0, 20)}"`,
    );
  }
  return value;
}

/**
 * Removes `user:password@` from `url` (in place); true when there was any. Browsers refuse to
 * fetch such a URL, and a message that echoed it would show the password to whoever reads it.
 */
export function dropCredentials(url: URL): boolean {
  const had = url.username !== '' || url.password !== '';
  url.username = '';
  url.password = '';
  return had;
}

/**
 * Text that may hold a URL which does not parse, for a message: everything up to its last `@`
 * (after the scheme) is cut out, so no part of a `user:password@` survives, whatever it holds.
 *
 * @example redactCredentials('http://user:se/cret@[bad') //=> 'http://[bad'
 */
export function redactCredentials(text: string): string {
  return text.replace(/^(\s*[a-z][\w+.-]*:\/\/)?[^]*@/i, '$1');
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function mib(bytes: number): string {
  const value = bytes / 1024 / 1024;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

export interface FetchTextOptions {
  /** The deadline for the whole download, headers and body together. */
  timeoutMs: number;
  /** The largest body accepted. */
  limitBytes: number;
  /** Cancels the download (a newer one replaced it); the promise then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Said after any failure, e.g. that credentials were removed from the URL. */
  note?: string;
}

/**
 * The body of `url` as text, within a deadline and a size limit. Every failure is a ConfigError
 * that names the host: no answer (before the headers), a body that stopped coming before the
 * deadline, a network or CORS failure, an HTTP status, a body too large. Credentials in `url` are
 * never sent nor shown.
 */
export async function fetchText(url: URL, options: FetchTextOptions): Promise<string> {
  const target = new URL(url);
  dropCredentials(target);
  const { host } = target;
  const note = options.note === undefined ? '' : ` (${options.note})`;
  const fail = (message: string) => new ConfigError(null, message + note);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel);
  const cancelled = () => new DOMException('the download was replaced by another', 'AbortError');
  try {
    let response: Response;
    try {
      response = await fetch(target, { signal: controller.signal, credentials: 'omit' });
    } catch {
      if (timedOut) throw fail(`no answer from ${host} within ${seconds(options.timeoutMs)}`);
      if (options.signal?.aborted === true) throw cancelled();
      throw fail(
        `could not fetch ${target.href}: the network failed, or ${host} does not allow cross-origin requests (CORS)`,
      );
    }
    // A refused answer's body is not wanted: cancelling it frees the connection at once.
    const refuse = (message: string) => {
      void response.body?.cancel().catch(() => undefined);
      return fail(message);
    };
    if (response.status === 401 || response.status === 403) {
      throw refuse(
        `${host} refused access (${response.status}): the repo is gated or private; paste its config.json instead`,
      );
    }
    if (!response.ok) throw refuse(`${host} answered ${response.status} for ${target.pathname}`);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > options.limitBytes) {
      throw refuse(
        `the file from ${host} is ${mib(declared)}; a config.json is a few KB, so anything over ${mib(options.limitBytes)} is refused`,
      );
    }
    // Read in chunks and stop at the limit: a server may not declare its length, or lie about it.
    const body = response.body ?? new Blob([]).stream();
    const tooLarge = () =>
      fail(`the file from ${host} is over ${mib(options.limitBytes)}; a config.json is a few KB, so it is refused`);
    const broke = (received: number) => {
      if (timedOut) {
        return fail(
          `${host} stopped sending after ${received} bytes: the download did not finish within ${seconds(options.timeoutMs)}`,
        );
      }
      if (options.signal?.aborted === true) return cancelled();
      return fail(`the download from ${host} broke off after ${received} bytes (a network error)`);
    };
    return new TextDecoder().decode(await readLimited(body, options.limitBytes, tooLarge, broke));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}
