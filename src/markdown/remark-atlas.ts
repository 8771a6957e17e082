/**
 * remark plugins for articles.
 *
 * - `remarkComponentSource`: every Decoder Atlas component in an MDX file receives
 *   `__source="content/articles/x.mdx:12"`, so an authoring error (an unknown model, a misspelt
 *   prop) fails the build naming the file and line.
 */
import { relative } from 'node:path';
import type { Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** The components authors use without an import line (see astro.config.mjs). */
export const ATLAS_COMPONENTS = [
  'Params',
  'KvCache',
  'Flops',
  'TensorTable',
  'ModelFacts',
  'CompareModels',
  'Value',
  'ConfigDiff',
  'ParamBreakdown',
  'AttentionVariants',
  'Counterfactual',
  'Lineage',
  'BlockDiagram',
  'LayerMap',
  'MtpDiagram',
  'FlowDiagram',
  'MemoryPlanner',
  'MemoryValue',
  'WeightDrift',
] as const;

function isMdx(file: VFile): boolean {
  return typeof file.path === 'string' && file.path.endsWith('.mdx');
}

export function remarkComponentSource() {
  const names = new Set<string>(ATLAS_COMPONENTS);
  return (tree: Root, file: VFile) => {
    if (!isMdx(file)) return;
    const path = relative(process.cwd(), file.path);
    const annotate = (node: MdxJsxFlowElement | MdxJsxTextElement) => {
      if (node.name === null || !names.has(node.name)) return;
      if (node.attributes.some((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === '__source')) {
        return;
      }
      const line = node.position?.start.line;
      node.attributes.push({ type: 'mdxJsxAttribute', name: '__source', value: line ? `${path}:${line}` : path });
    };
    visit(tree, 'mdxJsxFlowElement', annotate);
    visit(tree, 'mdxJsxTextElement', annotate);
  };
}

/**
 * Keeps Markdown tables' header rows out of the search index: Pagefind writes a row's header
 * cells with no space between them, so "ModelParametersKV cache" would show as an excerpt.
 * The cells stay on the page; the rows' bodies are still indexed.
 */
export function remarkSearchHints() {
  return (tree: Root) => {
    visit(tree, 'table', (table) => {
      const header = table.children[0];
      if (header === undefined) return;
      header.data = { ...header.data, hProperties: { ...header.data?.hProperties, dataPagefindIgnore: true } };
    });
  };
}
