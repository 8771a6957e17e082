/**
 * Configs in shareable URLs: deflate (the browser's own CompressionStream, no library) and
 * base64url. Decompression stops at 1 MiB, so a crafted link cannot balloon in memory.
 */
import { ConfigError } from '../../lib/errors.ts';
import { MAX_CONFIG_BYTES } from '../../lib/config/untrusted.ts';
import { readLimited } from './streams.ts';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Text → deflate-raw → base64url, for a `?config=` parameter. */
export async function packText(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(
    await readLimited(stream, Number.MAX_SAFE_INTEGER, () => new ConfigError(null, 'the config is too large to share')),
  );
}

/** The inverse of {@link packText}; a ConfigError when the parameter is damaged or too large. */
export async function unpackText(packed: string): Promise<string> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64Url(packed);
  } catch {
    throw new ConfigError(null, 'the shared config in the link is damaged (not base64url)');
  }
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const tooLarge = () => new ConfigError(null, 'the shared config is over 1 MiB once unpacked; it is refused');
    return new TextDecoder().decode(await readLimited(stream, MAX_CONFIG_BYTES, tooLarge));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(null, 'the shared config in the link is damaged (it does not unpack)');
  }
}
