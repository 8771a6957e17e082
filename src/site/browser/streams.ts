/**
 * Reading a byte stream of untrusted length (a fetched body, a decompressed share link) without
 * letting it grow past a limit: chunks are counted as they arrive and reading stops, and the
 * stream is cancelled, as soon as the total passes the limit.
 */

/**
 * Every byte of `stream`, or the error `tooLarge()` gives once more than `limitBytes` arrive.
 *
 * @example await readLimited(new Blob(['abc']).stream(), 2, () => new Error('big')) // throws 'big'
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array>,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
