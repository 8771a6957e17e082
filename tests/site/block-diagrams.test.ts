/**
 * Every BlockDiagram in dist/: a static figure (no script in it), an SVG that names itself to
 * assistive technology by its <title> and <desc>, real text for every tensor of the layer, and a
 * caption that links the model's tensor table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { layerStructure, shapeText, stepNodes } from '../../src/lib/diagram.ts';
import { allModels } from '../../src/site/build/models.ts';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

interface Found {
  page: string;
  figure: Element;
}

let figures: Found[] = [];

beforeAll(() => {
  assertBuilt();
  figures = htmlFiles()
    .filter((page) => readPage(page).includes('class="block-diagram"'))
    // <MtpDiagram> and <FlowDiagram> borrow the block diagrams' styles but draw a module or a flow,
    // not a decoder layer.
    .flatMap((page) =>
      [
        ...parsePage(readPage(page)).querySelectorAll('figure.block-diagram:not(.drawn-by-hand):not(.flow-diagram)'),
      ].map((figure) => ({
        page,
        figure,
      })),
    );
  // Parsing every page takes seconds on a loaded two-core machine: more than the default 10 s hook limit.
}, 60_000);

const models = new Map(allModels().map((model) => [model.id, model]));

describe('flow diagrams in dist/', () => {
  it('are static SVG named by an aria-label and a <title>, with text for every box', () => {
    const pages = htmlFiles().filter((page) => readPage(page).includes('flow-diagram'));
    expect(pages.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const page of pages) {
      for (const figure of parsePage(readPage(page)).querySelectorAll('figure.flow-diagram')) {
        const svg = figure.querySelector('svg');
        const label = svg?.getAttribute('aria-label') ?? '';
        if (svg === null || svg.getAttribute('role') !== 'img') problems.push(`${page}: no svg with role="img"`);
        if (label === '' || svg?.querySelector('title')?.textContent !== label) {
          problems.push(`${page}: the svg's aria-label and <title> differ or are empty`);
        }
        if (figure.querySelector('script') !== null) problems.push(`${page}: a flow diagram has a script`);
        if (
          (svg?.querySelectorAll('text').length ?? 0) <
          (svg?.querySelectorAll('rect.bd-block, rect.bd-norm').length ?? 0)
        ) {
          problems.push(`${page}: a box without text`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('block diagrams in dist/', () => {
  it('are static, labelled SVG figures that draw every tensor of their layer and link the tensor table', () => {
    const problems: string[] = [];
    for (const { page, figure } of figures) {
      const svg = figure.querySelector('svg');
      const where = `${page}: ${svg?.querySelector('title')?.textContent ?? 'a block diagram'}`;
      if (svg === null) {
        problems.push(`${page}: a block-diagram figure without an svg`);
        continue;
      }
      if (figure.querySelector('script') !== null) problems.push(`${where}: has a script`);
      if (svg.getAttribute('role') !== 'img') problems.push(`${where}: svg has no role="img"`);
      const labelledBy = (svg.getAttribute('aria-labelledby') ?? '').split(' ');
      const title = svg.querySelector('title');
      const desc = svg.querySelector('desc');
      if (title === null || desc === null || labelledBy.join(' ') !== `${title.id} ${desc.id}`) {
        problems.push(`${where}: aria-labelledby does not name its <title> and <desc>`);
      }
      const link = figure.querySelector('figcaption a[href$="/#tensors"]');
      const id = /^(?:\/ko)?\/models\/(.+)\/#tensors$/.exec(link?.getAttribute('href') ?? '')?.[1];
      const model = id === undefined ? undefined : models.get(id);
      const titleMatch = /Decoder layer (\d+) of|의 디코더 레이어 (\d+)$/.exec(title?.textContent ?? '');
      const layer = Number(titleMatch?.[1] ?? titleMatch?.[2]);
      if (model === undefined || !Number.isInteger(layer)) {
        problems.push(`${where}: the caption does not link a snapshot model's tensor table`);
        continue;
      }
      // Every tensor of the layer is written in the SVG's text, and described in its <desc>.
      // (A wrapped shape spans lines, so spaces are ignored.)
      const squeeze = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, '');
      const text = squeeze([...svg.querySelectorAll('text')].map((line) => line.textContent).join(''));
      for (const node of layerStructure(model.spec, layer).steps.flatMap(stepNodes)) {
        for (const tensor of node.tensors) {
          const shape = squeeze(shapeText(tensor.shape));
          if (!text.includes(shape)) problems.push(`${where}: no ${tensor.name} shape in the text`);
          if (!squeeze(desc?.textContent).includes(shape))
            problems.push(`${where}: no ${tensor.name} in the description`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
