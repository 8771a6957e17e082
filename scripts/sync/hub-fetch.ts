/**
 * The fetch the Hub sync hands to @huggingface/hub: every request gets a timeout, and answers
 * that say "try again" (429, 5xx) or no answer at all are retried with exponential backoff,
 * honouring the server's Retry-After. Each body is read whole (under the timeout, so a retry can
 * follow a connection dropped mid-body) but never past `maxBytes`: an answer over it fails at once
 * with a ResponseTooLargeError, unretried. Everything is injectable so tests run against a local server.
 */
import { limitResponse, ResponseTooLargeError } from './limits.ts';

export interface HubFetchOptions {
  /** Abort a request after this long without a complete answer. */
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles for each further one (unless Retry-After says otherwise). */
  baseDelayMs: number;
  /** The longest Retry-After honoured; a server asking for more gets this. */
  maxRetryAfterMs?: number;
  /** The most bytes read of an answer: one more fails the request at once (see limits.ts). */
  maxBytes: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Thrown when a request got no answer within the timeout on every attempt. */
export class HubTimeoutError extends Error {
  readonly url: string;

  constructor(url: string, timeoutMs: number, attempts: number) {
    super(`no answer within ${timeoutMs / 1000} s (${attempts} attempts)`);
    this.name = 'HubTimeoutError';
    this.url = url;
  }
}

/** Thrown when the connection itself failed on every attempt (refused, reset, DNS). */
export class HubNetworkError extends Error {
  readonly url: string;

  constructor(url: string, detail: string, attempts: number) {
    super(`cannot reach ${new URL(url).origin} (${detail}; ${attempts} attempts)`);
    this.name = 'HubNetworkError';
    this.url = url;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function shouldRetry(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

export function createHubFetch(options: HubFetchOptions): typeof fetch {
  const baseFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;

  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await baseFetch(input, { ...init, signal });
        // Read the body under the same timeout (a server may send headers and then hang), counting
        // its bytes as they arrive: neither a missing nor a false Content-Length lets it grow past maxBytes.
        const body = await limitResponse(response, options.maxBytes, url).arrayBuffer();
        response = new Response(response.status === 204 || response.status === 304 ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
        Object.defineProperty(response, 'url', { value: url });
      } catch (error) {
        if (init?.signal?.aborted || error instanceof ResponseTooLargeError) throw error;
        lastError = timeout.aborted
          ? new HubTimeoutError(url, options.timeoutMs, attempt)
          : new HubNetworkError(
              url,
              error instanceof Error
                ? error.cause instanceof Error
                  ? error.cause.message
                  : error.message
                : String(error),
              attempt,
            );
        if (attempt < options.maxAttempts) await sleep(options.baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      if (!shouldRetry(response.status) || attempt === options.maxAttempts) return response;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      await sleep(asked === null ? options.baseDelayMs * 2 ** (attempt - 1) : Math.min(asked, maxRetryAfter));
    }
    throw lastError ?? new Error(`request to ${url} failed`);
  };
}
