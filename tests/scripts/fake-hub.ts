/**
 * A local HTTP server that speaks the Hugging Face Hub routes the sync uses, on 127.0.0.1:
 * `GET /api/models/{repo}` and `/api/models/{repo}/revision/{rev}` (sha, gated, safetensors,
 * cardData) and `GET /{repo}/resolve/{rev}/config.json` (with Range support, as the Hub's CDN).
 * Each repo can be gated (needs `Authorization: Bearer <token>`) and can be told to misbehave:
 * a queue of error statuses to answer first, a hang, a corrupt body.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
}

export const TOKEN = 'hf_test_token';

export interface FakeHub {
  url: string;
  repos: Map<string, FakeRepo>;
  /** Requests seen, as "METHOD path". */
  requests: string[];
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export async function startFakeHub(): Promise<FakeHub> {
  const repos = new Map<string, FakeRepo>();
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}`);
    const api = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/([^/]+))?$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/config\.json$/.exec(url.pathname);
    const repoId = api?.[1] ?? resolve?.[1];
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
    if (api !== null) {
      const revision = api[2] ?? 'main';
      if (revision !== 'main' && revision !== 'HEAD' && revision !== repo.sha) {
        json(response, 404, { error: `Invalid rev id: ${revision}` }, { 'x-error-code': 'RevisionNotFound' });
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
    if (resolve !== null && resolve[2] !== repo.sha && resolve[2] !== 'main') {
      json(response, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
      return;
    }
    const body = Buffer.from(repo.config, 'utf8');
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ''));
    const headers = { 'content-type': 'text/plain; charset=utf-8', etag: `"${repo.sha}"`, 'accept-ranges': 'bytes' };
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
    close: () =>
      new Promise((done) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
