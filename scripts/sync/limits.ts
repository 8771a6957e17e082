/**
 * How much of an answer the Hub sync reads. The network is untrusted input: a server (or a proxy,
 * or a mirror in HF_ENDPOINT) may send an endless body, leave out Content-Length, or declare one
 * that has nothing to do with what arrives (a gzip body's Content-Length counts compressed bytes).
 * So every body is counted as it streams and reading stops, and the connection is dropped, at the
 * first byte past the limit, whatever the headers say; a Content-Length already over the limit is
 * refused before reading anything.
 */
import { MAX_CONFIG_BYTES } from '../../src/lib/config/untrusted.ts';

/** A failure with the sentence the pull's report prints for it. */
export class PullError extends Error {}

/** The most a model-info answer may hold: real ones are a few KB, even with every safetensors dtype. */
export const MAX_INFO_BYTES = 8 * 1024 * 1024;
/** The most a config.json download may hold: the limit /try/ applies to a config (1 MiB). */
export { MAX_CONFIG_BYTES };

/** A limit as a message says it: `8 MiB`, `1 MiB`, `512 KiB`, `100 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** Thrown (or errors the body) when an answer is larger than the limit; never retried. */
export class ResponseTooLargeError extends PullError {
  readonly url: string;
  readonly limit: number;

  constructor(url: string, limit: number, declared?: number) {
    const { host, pathname } = new URL(url);
    super(
      declared === undefined
        ? `${host} sent more than ${sizeText(limit)} for ${pathname}; the sync reads at most ${sizeText(limit)} of that answer, so it stopped reading and refused it`
        : `${host} announced ${declared.toLocaleString('en-US')} bytes for ${pathname}; the sync reads at most ${sizeText(limit)} of that answer, so it refused it unread`,
    );
    this.name = 'ResponseTooLargeError';
    this.url = url;
    this.limit = limit;
  }
}

/**
 * `response` with a body that errors with a {@link ResponseTooLargeError} as soon as more than
 * `limit` bytes have passed (which also cancels the original body, closing the connection). A
 * Content-Length over the limit throws at once, before anything is read.
 */
export function limitResponse(response: Response, limit: number, url = response.url): Response {
  if (response.body === null) return response;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit && response.headers.get('content-encoding') === null) {
    void response.body.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(url, limit, declared);
  }
  let received = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (received > limit) controller.error(new ResponseTooLargeError(url, limit));
      else controller.enqueue(chunk);
    },
  });
  const limited = new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(limited, 'url', { value: url });
  return limited;
}

/** `fetch` whose every answer goes through {@link limitResponse} with `limit`. */
export function limitFetch(fetch: typeof globalThis.fetch, limit: number): typeof globalThis.fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await fetch(input, init);
    return limitResponse(response, limit, response.url || url);
  };
}
