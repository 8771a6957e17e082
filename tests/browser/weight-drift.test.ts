/**
 * /tools/weight-drift/ (and once /ko/tools/weight-drift/, which must give the same file and say it
 * all in Korean) in Chromium against the fake hub serving the generated test checkpoints
 * (tests/support/checkpoints.ts), pointed at it with `?hub=` (honoured because the built site is
 * served from 127.0.0.1). The diff file the page offers must be byte for byte what
 * `npm run weights:diff` prints for the same checkpoints, rows and seed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeHub } from '../scripts/fake-hub.ts';
import { startFakeHub, TOKEN } from '../scripts/fake-hub.ts';
import { checkpointFiles, SHA_A, SHA_B } from '../support/checkpoints.ts';
import type { Harness } from './harness.ts';
import { openPage, seriousAxeViolations, startHarness, stopHarness } from './harness.ts';

let harness: Harness | undefined;
let hub: FakeHub | undefined;

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not started');
  return value;
}

beforeAll(async () => {
  harness = await startHarness();
  hub = await startFakeHub();
  hub.repos.set('org/base', {
    sha: SHA_A,
    config: '{}',
    safetensorsTotal: 0,
    files: checkpointFiles({ perturbed: false }),
  });
  hub.repos.set('org/tuned', {
    sha: SHA_B,
    config: '{}',
    safetensorsTotal: 0,
    files: checkpointFiles({ perturbed: true }),
  });
  hub.repos.set('org/gated', {
    sha: SHA_B,
    config: '{}',
    safetensorsTotal: 0,
    gated: 'manual',
    files: checkpointFiles({ perturbed: true }),
  });
  hub.repos.set('org/slow', { sha: SHA_B, config: '{}', safetensorsTotal: 0, hang: true });
});

afterAll(async () => {
  await hub?.close();
  await stopHarness(harness);
});

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/weights-diff.ts', ...args], {
      env: { PATH: process.env['PATH'] ?? '', HF_ENDPOINT: need(hub).url },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (status) =>
      status === 0 ? resolve(stdout) : reject(new Error(`weights:diff exited ${status}`)),
    );
  });
}

const toolPath = (a: string, b: string, prefix = '') =>
  `${prefix}/tools/weight-drift/?a=${a}&b=${b}&hub=${encodeURIComponent(need(hub).url)}`;

/** What each edition says when the headers are read, and when it is done. */
const EDITIONS = [
  {
    prefix: '',
    planned:
      /^30 tensors in each checkpoint\. Headers read \([\d.]+ KiB\); measuring will read [\d.]+ KiB of tensor rows from http:\/\/127\.0\.0\.1:\d+\.$/,
    done: 'Done: 30 tensors measured.',
    legend: 'median change',
  },
  {
    prefix: '/ko',
    planned:
      /^체크포인트마다 텐서 30개\. 헤더를 읽었습니다 \([\d.]+ KiB\)\. 측정을 시작하면 http:\/\/127\.0\.0\.1:\d+에서 텐서 행 [\d.]+ KiB를 읽습니다\.$/,
    done: '완료: 텐서 30개를 측정했습니다.',
    legend: '변화량 중앙값',
  },
];

describe.each(EDITIONS)('$prefix/tools/weight-drift/', ({ prefix, planned, done, legend }) => {
  it('gives the same diff file as the CLI, drawing the heatmap as results arrive', async () => {
    need(hub).requests.length = 0;
    const { page, errors, close } = await openPage(need(harness), toolPath('org/base', 'org/tuned', prefix));
    await page.fill('input[name="rows"]', '3');
    await page.fill('input[name="seed"]', '5');
    await page.click('[data-drift="read"]');
    const status = page.locator('[data-drift="status"]');
    // 30 tensors; the rows: per 2-D tensor 3 rows, per 1-D tensor the whole vector, in both checkpoints.
    await expect.poll(() => status.textContent()).toMatch(planned);
    const readsBeforeStart = need(hub).requests.filter((line) => line.endsWith('.safetensors')).length;
    // Two shards per checkpoint, one header read each: nothing else before the reader says start.
    expect(readsBeforeStart).toBe(4);
    const download = page.waitForEvent('download');
    await page.click('[data-drift="start"]');
    await page.locator('[data-drift="download"]:not([hidden])').waitFor();
    await page.click('[data-drift="download"]');
    const file = await (await download).path();
    const fromPage = readFileSync(file, 'utf8');
    expect(fromPage).toBe(await cli(['org/base', 'org/tuned', '--rows', '3', '--seed', '5']));
    expect(await status.textContent()).toBe(done);
    expect(await page.locator('.drift-result svg g[role="img"]').count()).toBe(30);
    expect(await page.locator('.drift-result svg').textContent()).toContain(legend);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('/tools/weight-drift/', () => {
  it('asks for a token on a gated repo and never puts the token in the URL or storage', async () => {
    const { page, errors, close } = await openPage(need(harness), toolPath('org/base', 'org/gated'));
    const status = page.locator('[data-drift="status"]');
    await page.click('[data-drift="read"]');
    await expect
      .poll(() => status.textContent())
      .toBe(
        'org/gated@main: 401, the repo is gated or private: accept its licence on the Hub and give an access token (HF_TOKEN)',
      );
    expect(await status.getAttribute('data-state')).toBe('error');
    await page.fill('input[name="token"]', TOKEN);
    await page.click('[data-drift="read"]');
    await expect.poll(() => status.textContent()).toMatch(/^30 tensors in each checkpoint\./);
    expect(page.url()).not.toContain(TOKEN);
    // Starlight keeps the theme in localStorage; nothing stored may hold the token.
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
    expect(stored).not.toContain(TOKEN);
    expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
    await close();
  });

  it('cancels a read that does not answer', async () => {
    const { page, errors, close } = await openPage(need(harness), toolPath('org/base', 'org/slow'));
    const status = page.locator('[data-drift="status"]');
    await page.click('[data-drift="read"]');
    await expect.poll(() => status.textContent()).toBe('Reading the checkpoints’ headers…');
    await page.click('[data-drift="cancel"]');
    expect(await status.textContent()).toBe('Cancelled.');
    expect(await page.locator('[data-drift="cancel"]').isHidden()).toBe(true);
    expect(await page.locator('[data-drift="start"]').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it('names the Hub it reads and prefills the repo ids from the link', async () => {
    // The page's own host decides whether ?hub= counts: here it is 127.0.0.1, so it does; that any
    // other host reads huggingface.co whatever the link says is unit-tested in tests/lib/drift.test.ts.
    const { page, close } = await openPage(need(harness), toolPath('org/base', 'org/tuned'));
    expect(await page.locator('[data-drift="hub"]').textContent()).toBe(need(hub).url);
    expect(await page.inputValue('input[name="a"]')).toBe('org/base');
    await close();
  });
});

describe('/ko/tools/weight-drift/', () => {
  it('says the Hub’s refusals in Korean: a gated repo without a token, a repo that does not exist', async () => {
    const { page, errors, close } = await openPage(need(harness), toolPath('org/base', 'org/gated', '/ko'));
    const status = page.locator('[data-drift="status"]');
    await page.click('[data-drift="read"]');
    await expect
      .poll(() => status.textContent())
      .toBe(
        'org/gated@main: 401, 게이트 또는 비공개 저장소입니다. Hub에서 라이선스에 동의한 뒤 액세스 토큰(HF_TOKEN)을 입력하세요.',
      );
    expect(await status.getAttribute('data-state')).toBe('error');
    await page.fill('input[name="b"]', 'org/missing');
    await page.click('[data-drift="read"]');
    await expect
      .poll(() => status.textContent())
      .toBe('org/missing@main: 찾을 수 없습니다 (404). 저장소 id와 리비전을 확인하세요.');
    await page.fill('input[name="rows"]', '0');
    await page.click('[data-drift="read"]');
    expect(await status.textContent()).toBe('텐서당 행 수: 1부터 100000까지의 정수여야 합니다.');
    expect(errors.filter((error) => !/40[14]/.test(error))).toEqual([]);
    await close();
  });
});
