/**
 * rehype step for articles: a root-relative link or image (`[RoPE](/concepts/rope/)`, `<a href="/models/">`)
 * gets the site's base path, so authors write links as if the site were at the root of its domain whatever
 * BASE_PATH the build uses (src/site/url.ts). Markdown links are hast elements; JSX tags written in MDX stay
 * `mdxJsx*Element` nodes with literal attributes, handled the same way. A computed attribute (`href={x}`) is
 * left to the component that computes it.
 */
import type { Root } from 'hast';
import type { MdxJsxFlowElementHast, MdxJsxTextElementHast } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import { basePathOf, sitePath } from '../site/url.ts';

/** The attributes that hold a URL the reader's browser follows or loads. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'action']);

export function rehypeBasePath(options: { base: string }) {
  const base = basePathOf(options.base);
  return (tree: Root) => {
    if (base === '') return;
    visit(tree, 'element', (node) => {
      for (const name of URL_ATTRIBUTES) {
        const value = node.properties[name];
        if (typeof value === 'string') node.properties[name] = sitePath(value, base);
      }
    });
    const rewriteJsx = (node: MdxJsxFlowElementHast | MdxJsxTextElementHast) => {
      for (const attribute of node.attributes) {
        if (attribute.type === 'mdxJsxAttribute' && URL_ATTRIBUTES.has(attribute.name)) {
          if (typeof attribute.value === 'string') attribute.value = sitePath(attribute.value, base);
        }
      }
    };
    visit(tree, 'mdxJsxFlowElement', rewriteJsx);
    visit(tree, 'mdxJsxTextElement', rewriteJsx);
  };
}
