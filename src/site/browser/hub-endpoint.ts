/**
 * Which Hub the browser weight-drift tool reads. Always https://huggingface.co, except that a `?hub=`
 * query parameter (an http or https URL) is honoured when the page itself is served from a loopback
 * host: the browser tests and a local mirror can point the tool elsewhere, while a link to the public
 * site can never make a reader send their token to another server.
 */
export const DEFAULT_HUB = 'https://huggingface.co';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * @example hubFor({ hostname: 'example.org', search: '?hub=http://evil.test' }) //=> 'https://huggingface.co'
 * @example hubFor({ hostname: '127.0.0.1', search: '?hub=http://127.0.0.1:9000/' }) //=> 'http://127.0.0.1:9000'
 */
export function hubFor(location: Pick<Location, 'hostname' | 'search'>): string {
  const asked = new URLSearchParams(location.search).get('hub');
  if (asked === null || !LOOPBACK.has(location.hostname)) return DEFAULT_HUB;
  try {
    const url = new URL(asked);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : DEFAULT_HUB;
  } catch {
    return DEFAULT_HUB;
  }
}
