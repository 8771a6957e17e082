/**
 * The browser tool's worker: reads two checkpoints' headers from the Hub, plans what to read, and
 * measures tensor after tensor off the main thread, posting each result as it comes. The token lives
 * only in this worker's memory and the page's (never a URL, never storage); cancelling terminates
 * the worker, which drops every request in flight.
 *
 * Messages in: `plan` (what to compare), then `start`. Messages out: `planned`, `progress`,
 * `tensor`, `done`, `error`.
 */
import type { TensorDrift } from '../../lib/drift.ts';
import type { DriftPlan, DriftProblem, HubAccess } from '../../lib/drift-remote.ts';
import { DriftError, openCheckpoint, planDrift, runDrift } from '../../lib/drift-remote.ts';

export interface PlanRequest {
  type: 'plan';
  hubUrl: string;
  token: string | null;
  a: { repo: string; revision: string };
  b: { repo: string; revision: string };
  mode: 'full' | 'sampled';
  rowsPerTensor: number;
  seed: number;
}

export type WorkerReply =
  | {
      type: 'planned';
      a: { repo: string; revision: string };
      b: { repo: string; revision: string };
      tensors: number;
      bytesToRead: number;
      headerBytes: number;
    }
  | { type: 'progress'; bytesRead: number }
  | { type: 'tensor'; result: TensorDrift; finished: number }
  | { type: 'done' }
  /** `message` is the library's English; `problem`, when known, lets the page say it in its language. */
  | { type: 'error'; message: string; problem?: DriftProblem | undefined };

const scope = self as unknown as {
  postMessage(message: WorkerReply): void;
  onmessage: ((event: MessageEvent<PlanRequest | { type: 'start' }>) => void) | null;
};

let access: HubAccess | null = null;
let plan: DriftPlan | null = null;
let bytesRead = 0;
let lastPosted = 0;

function fail(error: unknown): void {
  scope.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    problem: error instanceof DriftError ? error.problem : undefined,
  });
}

async function makePlan(request: PlanRequest): Promise<void> {
  access = {
    hubUrl: request.hubUrl,
    accessToken: request.token ?? undefined,
    fetch: (input, init) => fetch(input, init),
    onBytes: (bytes) => {
      bytesRead += bytes;
      // At most one progress message per 100 ms: enough for a smooth bar, few enough to cost nothing.
      const now = Date.now();
      if (now - lastPosted >= 100) {
        lastPosted = now;
        scope.postMessage({ type: 'progress', bytesRead });
      }
    },
  };
  const [a, b] = await Promise.all([
    openCheckpoint(access, request.a.repo, request.a.revision),
    openCheckpoint(access, request.b.repo, request.b.revision),
  ]);
  plan = planDrift(a, b, { mode: request.mode, rowsPerTensor: request.rowsPerTensor, seed: request.seed });
  scope.postMessage({
    type: 'planned',
    a: { repo: a.repo, revision: a.revision },
    b: { repo: b.repo, revision: b.revision },
    tensors: plan.tensors.length,
    bytesToRead: plan.bytesToRead,
    headerBytes: bytesRead,
  });
}

async function start(): Promise<void> {
  if (access === null || plan === null) throw new Error('nothing planned');
  bytesRead = 0;
  await runDrift(access, plan, [], (result, finished) => {
    scope.postMessage({ type: 'tensor', result, finished: finished.length });
  });
  scope.postMessage({ type: 'progress', bytesRead });
  scope.postMessage({ type: 'done' });
}

scope.onmessage = (event) => {
  const message = event.data;
  (message.type === 'plan' ? makePlan(message) : start()).catch(fail);
};
