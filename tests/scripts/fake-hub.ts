/**
 * A local HTTP server that speaks the Hugging Face Hub routes the sync uses, on 127.0.0.1:
 * `GET /api/models/{repo}` and `/api/models/{repo}/revision/{rev}` (sha, gated, safetensors,
 * cardData) and `GET /{repo}/resolve/{rev}/config.json` (with Range support, as the Hub's CDN).
 * Each repo can be gated (needs `Authorization: Bearer <token>`) and can be told to misbehave:
 * a queue of error statuses to answer first, a hang, a corrupt body, an endless one.
 *
 * A repo may also hold other files (`files`: safetensors shards, their index) served at
 * `GET /{repo}/resolve/{rev}/{path}` with single-range requests (206 and Content-Range, 416 past the
 * end), and can be told to break a range off early (`truncateAfterBytes`). Answers carry CORS headers
 * (and OPTIONS preflights are answered) so that a page on another local port can read them.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { constants, createGzip } from 'node:zlib';

/**
 * An answer far larger than any real one, on the model-info or the config.json route. It is
 * produced lazily as the client reads (never allocated whole), so a client that stops reading
 * stops the server too; `FakeHub.oversizeSent` counts what was produced.
 */
export interface Oversize {
  route: 'info' | 'config';
  /** The body's real size. */
  bytes: number;
  /**
   * What the headers say: `declared`, the true Content-Length; `absent`, none (chunked);
   * `gzip`, a gzip body whose Content-Length counts the compressed bytes, a tiny fraction of
   * what the client ends up reading.
   */
  length: 'declared' | 'absent' | 'gzip';
}

export interface FakeRepo {
  sha: string;
  config: string;
  safetensorsTotal: number;
  dtype?: string;
  gated?: false | 'manual';
  license?: string;
  /** Statuses to answer on the next requests to this repo, one per request (with Retry-After when given). */
  failures?: { status: number; retryAfter?: string }[];
  /** Never answer. */
  hang?: boolean;
  oversize?: Oversize;
  /** Files besides config.json, by path. */
  files?: Map<string, Buffer>;
  /** Range answers on `files` send their full headers, then only this many bytes, then close. */
  truncateAfterBytes?: number;
  /** Requests for `files` answered normally before every further one gets a 500 (a Hub that goes down mid-run). */
  fileRequestsLeft?: number;
}

export const TOKEN = 'hf_test_token';

export interface FakeHub {
  url: string;
  repos: Map<string, FakeRepo>;
  /** Requests seen, as "METHOD path". */
  requests: string[];
  /** Bytes of oversize bodies produced so far (before compression). */
  readonly oversizeSent: number;
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/** `total` bytes of spaces, one chunk at a time, only as fast as they are read. */
function* spaces(total: number, count: (bytes: number) => void): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += CHUNK.length) {
    const chunk = total - sent < CHUNK.length ? CHUNK.subarray(0, total - sent) : CHUNK;
    count(chunk.length);
    yield chunk;
  }
}

export async function startFakeHub(): Promise<FakeHub> {
  const repos = new Map<string, FakeRepo>();
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  let oversizeSent = 0;
  const count = (bytes: number) => (oversizeSent += bytes);

  const sendOversize = async (response: ServerResponse, oversize: Oversize, headers: OutgoingHttpHeaders) => {
    if (oversize.length === 'gzip') {
      // Compressed once to learn its length (a few hundred KB for tens of MB of spaces).
      const parts: Buffer[] = [];
      for await (const part of Readable.from(spaces(oversize.bytes, () => undefined)).pipe(
        createGzip({ level: constants.Z_BEST_SPEED }),
      )) {
        parts.push(part as Buffer);
      }
      const body = Buffer.concat(parts);
      count(oversize.bytes);
      response.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': String(body.length) });
      response.end(body);
      return;
    }
    response.writeHead(
      200,
      oversize.length === 'declared' ? { ...headers, 'content-length': String(oversize.bytes) } : headers,
    );
    // pipe() writes only as the socket drains, and stops when the client goes away.
    const source = Readable.from(spaces(oversize.bytes, count));
    response.on('close', () => source.destroy());
    source.pipe(response);
  };

  const serveFile = (request: IncomingMessage, response: ServerResponse, repo: FakeRepo, path: string) => {
    if (repo.fileRequestsLeft !== undefined) {
      if (repo.fileRequestsLeft <= 0) {
        json(response, 500, { error: 'status 500' });
        return;
      }
      repo.fileRequestsLeft -= 1;
    }
    const body = repo.files?.get(path);
    if (body === undefined) {
      json(response, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
      return;
    }
    const headers = { 'content-type': 'application/octet-stream', etag: `"${repo.sha}"`, 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ''));
    if (range === null) {
      response.writeHead(200, { ...headers, 'content-length': String(body.length) });
      response.end(body);
      return;
    }
    const start = Number(range[1]);
    if (start >= body.length) {
      response.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` });
      response.end();
      return;
    }
    const end = range[2] === '' ? body.length - 1 : Math.min(Number(range[2]), body.length - 1);
    const slice = body.subarray(start, end + 1);
    response.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${body.length}`,
      'content-length': String(slice.length),
    });
    if (repo.truncateAfterBytes !== undefined && repo.truncateAfterBytes < slice.length) {
      // Headers promise the whole range; the connection breaks off after part of it.
      response.write(slice.subarray(0, repo.truncateAfterBytes), () => response.destroy());
      return;
    }
    response.end(slice);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}`);
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-expose-headers', 'content-range, content-length, etag');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'authorization, range',
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    const api = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/([^/]+))?$/.exec(url.pathname);
    const resolveAny = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const resolve = resolveAny?.[3] === 'config.json' ? resolveAny : null;
    const other = resolveAny !== null && resolve === null ? resolveAny : null;
    const repoId = api?.[1] ?? resolveAny?.[1];
    const repo = repoId === undefined ? undefined : repos.get(repoId);
    if (repo === undefined) {
      json(response, 404, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
      return;
    }
    if (repo.hang) {
      hanging.add(response);
      return;
    }
    const failure = repo.failures?.shift();
    if (failure !== undefined) {
      json(
        response,
        failure.status,
        { error: `status ${failure.status}` },
        failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
      );
      return;
    }
    if (repo.gated && request.headers.authorization !== `Bearer ${TOKEN}`) {
      json(response, 401, {
        error: `Access to model ${repoId} is restricted. You must have access to it and be authenticated to access it.`,
      });
      return;
    }
    const oversize = repo.oversize;
    if (api !== null) {
      const revision = api[2] ?? 'main';
      if (revision !== 'main' && revision !== 'HEAD' && revision !== repo.sha) {
        json(response, 404, { error: `Invalid rev id: ${revision}` }, { 'x-error-code': 'RevisionNotFound' });
        return;
      }
      if (oversize?.route === 'info') {
        void sendOversize(response, oversize, { 'content-type': 'application/json' });
        return;
      }
      json(response, 200, {
        _id: 'fake',
        id: repoId,
        sha: repo.sha,
        gated: repo.gated ?? false,
        private: false,
        lastModified: '2026-01-01T00:00:00.000Z',
        cardData: { license: repo.license ?? 'apache-2.0' },
        safetensors: { parameters: { [repo.dtype ?? 'BF16']: repo.safetensorsTotal }, total: repo.safetensorsTotal },
      });
      return;
    }
    if (resolveAny !== null && resolveAny[2] !== repo.sha && resolveAny[2] !== 'main') {
      json(response, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
      return;
    }
    if (other !== null) {
      serveFile(request, response, repo, decodeURIComponent(other[3] ?? ''));
      return;
    }
    const body = Buffer.from(repo.config, 'utf8');
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ''));
    const headers = { 'content-type': 'text/plain; charset=utf-8', etag: `"${repo.sha}"`, 'accept-ranges': 'bytes' };
    if (oversize?.route === 'config') {
      if (range !== null) {
        // The probe for the file's size: one byte, and the size the whole would have.
        response.writeHead(206, { ...headers, 'content-range': `bytes 0-0/${oversize.bytes}` });
        response.end(' ');
      } else {
        void sendOversize(response, oversize, headers);
      }
      return;
    }
    if (range !== null) {
      const start = Number(range[1]);
      const end = range[2] === '' ? body.length - 1 : Math.min(Number(range[2]), body.length - 1);
      response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` });
      response.end(body.subarray(start, end + 1));
      return;
    }
    response.writeHead(200, headers);
    response.end(body);
  };

  const server = createServer(handle);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    repos,
    requests,
    get oversizeSent() {
      return oversizeSent;
    },
    close: () =>
      new Promise((done) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
