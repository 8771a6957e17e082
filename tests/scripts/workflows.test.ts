/**
 * The GitHub Actions workflows cannot run here; what can drift without them running is checked: every
 * `npm run` script they call exists, the deploy publishes dist/ built with the SITE_URL and BASE_PATH that
 * astro.config.mjs reads, and the weekly sync commits only content/configs/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
}

const read = (name: string) =>
  yaml.load(readFileSync(new URL(`../../.github/workflows/${name}`, import.meta.url), 'utf8')) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const scripts = Object.keys(
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: object }).scripts,
);
const config = readFileSync(new URL('../../astro.config.mjs', import.meta.url), 'utf8');

describe('the workflows', () => {
  it('call only npm scripts that exist', () => {
    for (const name of ['ci.yml', 'deploy.yml', 'configs-sync.yml']) {
      for (const step of steps(read(name))) {
        for (const match of (step.run ?? '').matchAll(/npm run (?:-s )?([\w:-]+)/g)) {
          expect(scripts, `${name}: npm run ${match[1]}`).toContain(match[1]);
        }
      }
    }
  });

  it('deploy: builds on pushes to main with the variables astro.config.mjs reads, and publishes dist/', () => {
    const deploy = read('deploy.yml');
    expect(deploy.on['push']).toEqual({ branches: ['main'] });
    const build = steps(deploy).find((step) => step.run === 'npm run build');
    expect(Object.keys(build?.env ?? {}).sort()).toEqual(['BASE_PATH', 'SITE_URL']);
    for (const name of ['SITE_URL', 'BASE_PATH']) expect(config).toContain(`env.${name}`);
    expect(steps(deploy).find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.['path']).toBe(
      'dist/',
    );
    expect(steps(deploy).some((step) => step.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });

  it('configs-sync: weekly and on demand, with HF_TOKEN, committing content/configs/ only', () => {
    const sync = read('configs-sync.yml');
    expect(Object.keys(sync.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const pull = steps(sync).find((step) => step.run?.includes('npm run -s configs:pull'));
    expect(pull?.env?.['HF_TOKEN']).toBe('${{ secrets.HF_TOKEN }}');
    const pr = steps(sync).find((step) => step.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(pr?.with?.['add-paths']).toBe('content/configs/**');
  });
});
