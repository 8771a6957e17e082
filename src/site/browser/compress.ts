/**
 * Configs in shareable URLs: deflate (the browser's own CompressionStream, no library) and
 * base64url. A crafted link cannot balloon in memory or stall the page: a parameter longer than
 * any 1 MiB config packs into is refused before it is decoded, and the deflated bytes go to the
 * decompressor a slice at a time while its output is read and counted, so unpacking stops (both
 * sides cancelled) within about 1 MiB of the output passing 1 MiB.
 */
import { ConfigError } from '../../lib/errors.ts';
import { MAX_CONFIG_BYTES } from '../../lib/config/untrusted.ts';
import { fitsUtf8, readLimited } from './streams.ts';

/**
 * The most deflated bytes a config of MAX_CONFIG_BYTES can take: zlib's deflateBound at default
 * settings for a stream written without flushes (CompressionStream's case), `n + n/4096 + n/16384
 * + n/2^25 + 13` (the 13 covers a zlib wrapper that raw deflate does not even have). Deflate falls
 * back to stored blocks for data it cannot shrink, at 5 bytes per block of up to 64 KiB.
 */
const MAX_DEFLATED_BYTES =
  MAX_CONFIG_BYTES + (MAX_CONFIG_BYTES >> 12) + (MAX_CONFIG_BYTES >> 14) + (MAX_CONFIG_BYTES >> 25) + 13;
/** The longest `config=` parameter {@link packText} can produce: base64url of MAX_DEFLATED_BYTES (1,398,546). */
export const MAX_PACKED_CHARS = Math.ceil((MAX_DEFLATED_BYTES * 4) / 3);
/**
 * Deflated bytes handed to the decompressor at once. Deflate unpacks at most 1032 bytes per input
 * byte, so a slice is at most ~1 MiB of output (a browser inflates a written chunk whole, in one
 * step): what a crafted link can make the page buffer past the limit, and a step of milliseconds.
 * A real config link is a few slices; the longest possible one, 1,025.
 */
const INFLATE_SLICE_BYTES = 1024;

/** The browser's own base64 of typed arrays (Chromium 140, Firefox 133, Safari 18.2), when it has one. */
interface NativeBase64 {
  fromBase64?: (text: string, options: { alphabet: 'base64url' }) => Uint8Array<ArrayBuffer>;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as NativeBase64).fromBase64;
  if (native !== undefined) return native(text, { alphabet: 'base64url' });
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Text → deflate-raw → base64url, for a `?config=` parameter; a ConfigError past 1 MiB of UTF-8. */
export async function packText(text: string): Promise<string> {
  if (!fitsUtf8(text, MAX_CONFIG_BYTES)) throw new ConfigError(null, 'the config is over 1 MiB, too large to share');
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(
    await readLimited(stream, MAX_DEFLATED_BYTES, () => new ConfigError(null, 'the config is too large to share')),
  );
}

/**
 * Inflates `bytes` a slice at a time, reading the output as it comes: the output, or `tooLarge()`
 * as soon as more than `limitBytes` came out (then neither side is read or written any further).
 */
async function inflateLimited(
  bytes: Uint8Array<ArrayBuffer>,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  let stopped = false;
  const feeding = (async () => {
    for (let offset = 0; offset < bytes.length && !stopped; offset += INFLATE_SLICE_BYTES) {
      // Resolves once the decompressor has taken the slice, which waits for the reader below.
      await writer.write(bytes.subarray(offset, offset + INFLATE_SLICE_BYTES));
    }
    if (!stopped) await writer.close();
  })();
  // A failure of the data shows on the readable side; one caused by stopping is expected.
  feeding.catch(() => undefined);
  try {
    return await readLimited(stream.readable, limitBytes, () => {
      stopped = true;
      return tooLarge();
    });
  } finally {
    stopped = true;
    await writer.abort().catch(() => undefined);
  }
}

/** The inverse of {@link packText}; a ConfigError when the parameter is damaged or too large. */
export async function unpackText(packed: string): Promise<string> {
  if (packed.length > MAX_PACKED_CHARS) {
    throw new ConfigError(
      null,
      `the shared config in the link is ${packed.length} characters long, more than any config of 1 MiB packs into (${MAX_PACKED_CHARS}); it is refused`,
    );
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64Url(packed);
  } catch {
    throw new ConfigError(null, 'the shared config in the link is damaged (not base64url)');
  }
  const tooLarge = () => new ConfigError(null, 'the shared config is over 1 MiB once unpacked; it is refused');
  let unpacked: Uint8Array;
  try {
    unpacked = await inflateLimited(bytes, MAX_CONFIG_BYTES, tooLarge);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(null, 'the shared config in the link is damaged (it does not unpack)');
  }
  return new TextDecoder().decode(unpacked);
}
