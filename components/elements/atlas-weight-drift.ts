/**
 * `<atlas-weight-drift>`, the /tools/weight-drift/ page: two repo ids (prefilled from `?a=` and
 * `?b=`), an optional token, and the sampler of src/lib run in a Worker against the Hub. It reads the
 * headers first and says how many bytes the rows will take; only then can the reader start. The
 * heatmap is redrawn (with the library's own SVG function) as results arrive; the result is offered
 * as a diff file in the CLI's format.
 *
 * The token is read from its field when a run starts and held in memory only: it is never written to
 * the URL, to storage, or to the page. The Hub is https://huggingface.co unless the page is served
 * from a loopback host and says `?hub=` (src/site/browser/hub-endpoint.ts).
 */
import type { DriftReport, TensorDrift } from '../../src/lib/drift.ts';
import { DEFAULT_ROWS_PER_TENSOR, reportJson } from '../../src/lib/drift.ts';
import { driftHeatmapSvg } from '../../src/lib/drift-heatmap.ts';
import { repoIdProblem } from '../../src/lib/hub-record.ts';
import { formatBytes } from '../../src/lib/units.ts';
import { hubFor } from '../../src/site/browser/hub-endpoint.ts';
import type { PlanRequest, WorkerReply } from '../../src/site/browser/weight-drift-worker.ts';

class AtlasWeightDrift extends HTMLElement {
  private worker: Worker | null = null;
  private results: TensorDrift[] = [];
  private planned: Extract<WorkerReply, { type: 'planned' }> | null = null;
  private request: PlanRequest | null = null;
  private drawPending = false;
  private downloadUrl: string | null = null;

  connectedCallback(): void {
    const params = new URLSearchParams(location.search);
    for (const key of ['a', 'b'] as const) {
      const value = params.get(key);
      const input = this.field(key);
      if (value !== null && input !== null && repoIdProblem(value) === null) input.value = value;
    }
    this.piece('hub').textContent = hubFor(location);
    this.button('read').addEventListener('click', () => this.readHeaders());
    this.button('start').addEventListener('click', () => this.start());
    this.button('cancel').addEventListener('click', () => this.cancel('Cancelled.'));
    this.hidden = false;
  }

  disconnectedCallback(): void {
    this.stopWorker();
  }

  private field(name: string): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`[name="${name}"]`);
  }

  private piece(name: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(`[data-drift="${name}"]`);
    if (element === null) throw new Error(`atlas-weight-drift: missing [data-drift="${name}"]`);
    return element;
  }

  private button(name: string): HTMLButtonElement {
    return this.piece(name) as HTMLButtonElement;
  }

  private status(text: string, state: 'info' | 'error' = 'info'): void {
    const status = this.piece('status');
    status.textContent = text;
    status.dataset['state'] = state;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private readForm(): PlanRequest | string {
    const value = (name: string) => this.field(name)?.value.trim() ?? '';
    const a = value('a');
    const b = value('b');
    for (const [label, repo] of [
      ['Checkpoint A', a],
      ['Checkpoint B', b],
    ] as const) {
      const problem = repoIdProblem(repo);
      if (problem !== null) return `${label}: "${repo.slice(0, 100)}" is not a Hub repo id (${problem}).`;
    }
    const full = this.field('full')?.checked ?? false;
    const rows = Number(value('rows') || DEFAULT_ROWS_PER_TENSOR);
    if (!Number.isInteger(rows) || rows < 1 || rows > 100_000)
      return 'Rows per tensor: a whole number from 1 to 100000.';
    const seed = Number(value('seed') || 0);
    if (!Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295)
      return 'Seed: a whole number from 0 to 4294967295.';
    return {
      type: 'plan',
      hubUrl: hubFor(location),
      token: value('token') || null,
      a: { repo: a, revision: value('revision-a') || 'main' },
      b: { repo: b, revision: value('revision-b') || 'main' },
      mode: full ? 'full' : 'sampled',
      rowsPerTensor: rows,
      seed,
    };
  }

  private readHeaders(): void {
    const request = this.readForm();
    if (typeof request === 'string') {
      this.status(request, 'error');
      return;
    }
    this.stopWorker();
    this.results = [];
    this.planned = null;
    this.request = request;
    this.piece('result').replaceChildren();
    this.piece('download').hidden = true;
    this.button('start').hidden = true;
    this.button('cancel').hidden = false;
    this.status('Reading the checkpoints’ headers…');
    const worker = new Worker(new URL('../../src/site/browser/weight-drift-worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => this.onReply(event.data);
    worker.onerror = () => this.cancel('The worker failed to start.', 'error');
    this.worker = worker;
    worker.postMessage(request);
  }

  private start(): void {
    if (this.worker === null || this.planned === null) return;
    this.button('start').hidden = true;
    const bar = this.piece('progress') as HTMLProgressElement;
    bar.max = Math.max(1, this.planned.bytesToRead);
    bar.value = 0;
    bar.hidden = false;
    this.status(`Reading rows: 0 of ${this.planned.tensors} tensors.`);
    this.worker.postMessage({ type: 'start' });
  }

  private cancel(text: string, state: 'info' | 'error' = 'info'): void {
    this.stopWorker();
    this.button('start').hidden = true;
    this.button('cancel').hidden = true;
    this.piece('progress').hidden = true;
    this.status(text, state);
  }

  private report(): DriftReport | null {
    if (this.planned === null || this.request === null) return null;
    return {
      a: this.planned.a,
      b: this.planned.b,
      mode: this.request.mode,
      seed: this.request.seed,
      tensors: this.results,
    };
  }

  /** Redraws the heatmap at most once a frame. */
  private scheduleDraw(): void {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => {
      this.drawPending = false;
      const report = this.report();
      if (report === null || report.tensors.length === 0) return;
      const title = `${report.b.repo} against ${report.a.repo}: median relative change per tensor (${report.tensors.length} tensors so far)`;
      // The library escapes every text it writes; parsing as SVG (not HTML) keeps it inert markup.
      const parsed = new DOMParser().parseFromString(driftHeatmapSvg(report, { title }), 'image/svg+xml');
      this.piece('result').replaceChildren(document.importNode(parsed.documentElement, true));
    });
  }

  private onReply(reply: WorkerReply): void {
    const bar = this.piece('progress') as HTMLProgressElement;
    switch (reply.type) {
      case 'planned': {
        this.planned = reply;
        this.status(
          `${reply.tensors} tensors in each checkpoint. Headers read (${formatBytes(reply.headerBytes)}); ` +
            `measuring will read ${formatBytes(reply.bytesToRead)} of tensor rows from ${hubFor(location)}.`,
        );
        this.button('start').hidden = false;
        this.button('start').focus();
        break;
      }
      case 'progress':
        bar.value = Math.min(bar.max, reply.bytesRead);
        break;
      case 'tensor':
        this.results.push(reply.result);
        this.status(`Reading rows: ${reply.finished} of ${this.planned?.tensors ?? '?'} tensors.`);
        this.scheduleDraw();
        break;
      case 'done': {
        this.stopWorker();
        this.button('cancel').hidden = true;
        bar.value = bar.max;
        const report = this.report();
        if (report === null) break;
        this.status(`Done: ${report.tensors.length} tensors measured.`);
        this.scheduleDraw();
        if (this.downloadUrl !== null) URL.revokeObjectURL(this.downloadUrl);
        this.downloadUrl = URL.createObjectURL(new Blob([reportJson(report)], { type: 'application/json' }));
        const link = this.piece('download') as HTMLAnchorElement;
        link.href = this.downloadUrl;
        const stem = (repo: string) => repo.split('/')[1] ?? repo;
        link.download = `${stem(report.a.repo)}-vs-${stem(report.b.repo)}.json`;
        link.hidden = false;
        break;
      }
      case 'error':
        this.cancel(reply.message, 'error');
        break;
    }
  }
}

if (!customElements.get('atlas-weight-drift')) customElements.define('atlas-weight-drift', AtlasWeightDrift);
