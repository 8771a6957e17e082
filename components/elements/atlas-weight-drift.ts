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
 *
 * Everything it writes is in the page's language (`<html lang>`): the library's errors carry a
 * `problem` the common failures are translated from; the rest keep the English detail.
 */
import type { DriftReport, TensorDrift } from '../../src/lib/drift.ts';
import { DEFAULT_ROWS_PER_TENSOR, reportJson } from '../../src/lib/drift.ts';
import { driftHeatmapSvg } from '../../src/lib/drift-heatmap.ts';
import { repoIdProblem } from '../../src/lib/repo-id.ts';
import { formatBytes } from '../../src/lib/units.ts';
import type { DriftProblem } from '../../src/lib/drift-remote.ts';
import { heatmapText, td } from '../../src/site/browser/drift-messages.ts';
import { hubFor } from '../../src/site/browser/hub-endpoint.ts';
import type { BrowserLang } from '../../src/site/browser/messages.ts';
import { langOf, numberLocale } from '../../src/site/browser/messages.ts';
import type { PlanRequest, WorkerReply } from '../../src/site/browser/weight-drift-worker.ts';

class AtlasWeightDrift extends HTMLElement {
  private worker: Worker | null = null;
  private results: TensorDrift[] = [];
  private planned: Extract<WorkerReply, { type: 'planned' }> | null = null;
  private request: PlanRequest | null = null;
  private drawPending = false;
  private downloadUrl: string | null = null;
  private pageLang: BrowserLang = 'en';

  connectedCallback(): void {
    this.pageLang = langOf(this);
    const params = new URLSearchParams(location.search);
    for (const key of ['a', 'b'] as const) {
      const value = params.get(key);
      const input = this.field(key);
      if (value !== null && input !== null && repoIdProblem(value) === null) input.value = value;
    }
    this.piece('hub').textContent = hubFor(location);
    this.button('read').addEventListener('click', () => this.readHeaders());
    this.button('start').addEventListener('click', () => this.start());
    this.button('cancel').addEventListener('click', () => this.cancel(td(this.pageLang, 'drift.cancelled')));
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

  private count(value: number): string {
    return value.toLocaleString(numberLocale(this.pageLang));
  }

  private bytes(value: number): string {
    return formatBytes(value, 'binary', numberLocale(this.pageLang));
  }

  /** A failure in the page's language: in Korean, the common ones from their `problem`, the rest wrapped. */
  private errorText(message: string, problem: DriftProblem | undefined): string {
    const lang = this.pageLang;
    // English is the library's own message, word for word what the CLI prints.
    if (lang === 'en') return message;
    switch (problem?.code) {
      case 'unauthorized':
        return td(lang, problem.withToken ? 'drift.error.refused' : 'drift.error.unauthorized', {
          what: problem.what,
          status: problem.status,
        });
      case 'not-found':
        return td(lang, 'drift.error.notFound', problem);
      case 'truncated':
        return problem.expected === null
          ? td(lang, 'drift.error.broken', { what: problem.what, received: this.count(problem.received) })
          : td(lang, 'drift.error.truncated', {
              what: problem.what,
              received: this.count(problem.received),
              expected: this.count(problem.expected),
            });
      case 'mismatch': {
        const shown = problem.differences.slice(0, 20).map((difference) =>
          'onlyIn' in difference
            ? td(lang, 'drift.error.onlyIn', { name: difference.name, repo: difference.onlyIn })
            : td(lang, 'drift.error.shapes', {
                name: difference.name,
                a: difference.shapes[0].repo,
                shapeA: `[${difference.shapes[0].shape.join(', ')}]`,
                b: difference.shapes[1].repo,
                shapeB: `[${difference.shapes[1].shape.join(', ')}]`,
              }),
        );
        const more = problem.differences.length - shown.length;
        if (more > 0) shown.push(td(lang, 'drift.error.more', { count: this.count(more) }));
        return [td(lang, 'drift.error.mismatch', { count: this.count(problem.differences.length) }), ...shown].join(
          '\n  ',
        );
      }
      case 'dtype':
        return td(lang, 'drift.error.dtype', { where: problem.where, tensor: problem.tensor, dtype: problem.dtype });
      case undefined:
        return td(lang, 'drift.error.other', { message });
    }
  }

  private readForm(): PlanRequest | string {
    const value = (name: string) => this.field(name)?.value.trim() ?? '';
    const a = value('a');
    const b = value('b');
    for (const [label, repo] of [
      [td(this.pageLang, 'drift.checkpointA'), a],
      [td(this.pageLang, 'drift.checkpointB'), b],
    ] as const) {
      const problem = repoIdProblem(repo);
      if (problem !== null) return td(this.pageLang, 'drift.badRepo', { label, repo: repo.slice(0, 100), problem });
    }
    const full = this.field('full')?.checked ?? false;
    const rows = Number(value('rows') || DEFAULT_ROWS_PER_TENSOR);
    if (!Number.isInteger(rows) || rows < 1 || rows > 100_000) return td(this.pageLang, 'drift.badRows');
    const seed = Number(value('seed') || 0);
    if (!Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295) return td(this.pageLang, 'drift.badSeed');
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
    this.status(td(this.pageLang, 'drift.readingHeaders'));
    const worker = new Worker(new URL('../../src/site/browser/weight-drift-worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => this.onReply(event.data);
    worker.onerror = () => this.cancel(td(this.pageLang, 'drift.workerFailed'), 'error');
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
    this.status(
      td(this.pageLang, 'drift.readingRows', { done: this.count(0), total: this.count(this.planned.tensors) }),
    );
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
      const title = td(this.pageLang, 'drift.heatmapTitle', {
        a: report.a.repo,
        b: report.b.repo,
        count: this.count(report.tensors.length),
      });
      // The library escapes every text it writes; parsing as SVG (not HTML) keeps it inert markup.
      const svg = driftHeatmapSvg(report, { title, text: heatmapText(this.pageLang) });
      const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
      this.piece('result').replaceChildren(document.importNode(parsed.documentElement, true));
    });
  }

  private onReply(reply: WorkerReply): void {
    const bar = this.piece('progress') as HTMLProgressElement;
    switch (reply.type) {
      case 'planned': {
        this.planned = reply;
        this.status(
          td(this.pageLang, 'drift.planned', {
            tensors: this.count(reply.tensors),
            headerBytes: this.bytes(reply.headerBytes),
            bytes: this.bytes(reply.bytesToRead),
            hub: hubFor(location),
          }),
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
        this.status(
          td(this.pageLang, 'drift.readingRows', {
            done: this.count(reply.finished),
            total: this.planned === null ? '?' : this.count(this.planned.tensors),
          }),
        );
        this.scheduleDraw();
        break;
      case 'done': {
        this.stopWorker();
        this.button('cancel').hidden = true;
        bar.value = bar.max;
        const report = this.report();
        if (report === null) break;
        this.status(td(this.pageLang, 'drift.done', { count: this.count(report.tensors.length) }));
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
        this.cancel(this.errorText(reply.message, reply.problem), 'error');
        break;
    }
  }
}

if (!customElements.get('atlas-weight-drift')) customElements.define('atlas-weight-drift', AtlasWeightDrift);
