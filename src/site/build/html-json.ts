/**
 * JSON inside an HTML `<script type="application/json">`: `<` is escaped so no `</script>` can end
 * the element early, and U+2028/U+2029 so the text stays valid in every JavaScript context.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
