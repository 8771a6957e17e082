/**
 * Configs in share links (src/site/browser/compress.ts) under Node's own CompressionStream and
 * DecompressionStream: round trips, damaged and oversized links, and a decompression bomb (1 GiB
 * of zeros in a 1.4 MB link) refused without unpacking more than a few MiB.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_DIR } from '../../src/data/snapshot.ts';
import { MAX_CONFIG_BYTES } from '../../src/lib/config/untrusted.ts';
import { MAX_PACKED_CHARS, packText, unpackText } from '../../src/site/browser/compress.ts';
import { fitsUtf8, redactCredentials, timeoutOf } from '../../src/site/browser/streams.ts';

const MiB = 1024 * 1024;

/** `chunks` × `chunk` through a deflate-raw CompressionStream, base64url: a link packText would refuse to make. */
async function deflatePacked(chunk: Uint8Array<ArrayBuffer>, chunks: number): Promise<string> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const parts: Uint8Array[] = [];
  const reading = (async () => {
    for await (const part of stream.readable) parts.push(part);
  })();
  for (let index = 0; index < chunks; index += 1) {
    await writer.ready;
    void writer.write(chunk);
  }
  await writer.close();
  await reading;
  return Buffer.concat(parts).toString('base64url');
}

/** Every chunk written to a DecompressionStream, by size, while the spy is installed. */
let written: number[] = [];
let decompressors = 0;

function spyOnDecompression(): void {
  const Real = globalThis.DecompressionStream;
  class Spy {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<BufferSource>;
    constructor(format: CompressionFormat) {
      decompressors += 1;
      const inner = new Real(format);
      const writer = inner.writable.getWriter();
      this.readable = inner.readable;
      this.writable = new WritableStream<BufferSource>({
        write(chunk) {
          written.push(chunk.byteLength);
          return writer.write(chunk);
        },
        close: () => writer.close(),
        abort: (reason) => writer.abort(reason),
      });
    }
  }
  vi.stubGlobal('DecompressionStream', Spy);
}

afterEach(() => {
  vi.unstubAllGlobals();
  written = [];
  decompressors = 0;
});

describe('configs in shareable URLs', () => {
  it('round-trips a real config through a URL-safe string much shorter than the JSON', async () => {
    const text = readFileSync(`${SNAPSHOT_DIR}/meta-llama/Llama-3.1-8B/config.json`, 'utf8');
    const packed = await packText(text);
    expect(packed).toMatch(/^[\w-]+$/);
    expect(packed.length).toBeLessThan(text.length);
    expect(await unpackText(packed)).toBe(text);
  });

  it('refuses damaged or oversized links with a clear message', async () => {
    await expect(unpackText('not*base64')).rejects.toThrow('the shared config in the link is damaged');
    await expect(unpackText('AAAA')).rejects.toThrow('damaged');
    const twoMiB = await deflatePacked(new TextEncoder().encode(' '.repeat(MiB)), 2);
    await expect(unpackText(twoMiB)).rejects.toThrow('over 1 MiB once unpacked');
  });

  it('never packs more than 1 MiB of UTF-8 into a link, counting bytes, not characters', async () => {
    await expect(packText('x'.repeat(MAX_CONFIG_BYTES + 1))).rejects.toThrow('over 1 MiB, too large to share');
    // 400,000 characters, 1,200,000 bytes.
    await expect(packText('€'.repeat(400_000))).rejects.toThrow('over 1 MiB');
    const justUnder = '€'.repeat(Math.floor(MAX_CONFIG_BYTES / 3));
    expect(await unpackText(await packText(justUnder))).toBe(justUnder);
  });

  it('measures text without encoding what is obviously too long', () => {
    expect(fitsUtf8('€€', 5)).toBe(false);
    expect(fitsUtf8('€€', 6)).toBe(true);
    expect(fitsUtf8('😀', 3)).toBe(false);
    expect(fitsUtf8('😀', 4)).toBe(true);
    const encode = vi.spyOn(TextEncoder.prototype, 'encode');
    expect(fitsUtf8('x'.repeat(20 * MiB), MAX_CONFIG_BYTES)).toBe(false);
    expect(fitsUtf8('x'.repeat(1000), MAX_CONFIG_BYTES)).toBe(true);
    expect(encode).not.toHaveBeenCalled();
    encode.mockRestore();
  });

  it('shows no part of a user:password@ in a URL that does not parse', () => {
    expect(redactCredentials('http://user:secret@[bad/config.json')).toBe('http://[bad/config.json');
    expect(redactCredentials('http://user:se/cret@[bad')).toBe('http://[bad');
    expect(redactCredentials('user:p@ss@host')).toBe('host');
    expect(redactCredentials('http://[bad/config.json')).toBe('http://[bad/config.json');
  });

  it('reads a timeout-ms attribute within 500 ms to 2 minutes', () => {
    expect(timeoutOf(null)).toBe(15_000);
    expect(timeoutOf('1500')).toBe(1500);
    for (const bad of ['5', '1e9', '1.5', 'soon']) {
      expect(() => timeoutOf(bad)).toThrow('timeout-ms: must be a whole number of milliseconds from 500 to 120000');
    }
  });

  it('refuses a parameter longer than any 1 MiB config packs into, before decoding it', async () => {
    // The bound holds for the least compressible text: 1 MiB of random printable ASCII.
    let random = '';
    for (let index = 0; index < MAX_CONFIG_BYTES; index += 1)
      random += String.fromCharCode(33 + Math.floor(Math.random() * 94));
    const packed = await packText(random);
    expect(packed.length).toBeLessThanOrEqual(MAX_PACKED_CHARS);
    expect(MAX_PACKED_CHARS).toBeLessThan(1.4 * MiB);
    spyOnDecompression();
    await expect(unpackText('A'.repeat(MAX_PACKED_CHARS + 1))).rejects.toThrow(
      `the shared config in the link is ${MAX_PACKED_CHARS + 1} characters long`,
    );
    expect(decompressors).toBe(0);
  });

  describe('a decompression bomb: 1 GiB of zeros in a 1.4 MB link', () => {
    let bomb = '';
    beforeAll(async () => {
      bomb = await deflatePacked(new Uint8Array(MiB), 1024);
    }, 60_000);

    it('is refused after unpacking little more than the limit, fed to the decompressor in slices', async () => {
      expect(bomb.length).toBeGreaterThan(1_000_000);
      expect(bomb.length).toBeLessThanOrEqual(MAX_PACKED_CHARS);
      spyOnDecompression();
      const before = process.memoryUsage().arrayBuffers;
      let peak = 0;
      const sample = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }, 1);
      const started = performance.now();
      try {
        await expect(unpackText(bomb)).rejects.toThrow('the shared config is over 1 MiB once unpacked; it is refused');
      } finally {
        clearInterval(sample);
      }
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      const elapsed = performance.now() - started;
      console.info(
        `bomb: ${bomb.length} characters, refused in ${elapsed.toFixed(0)} ms, ${written.length} slices fed (${written.reduce((sum, size) => sum + size, 0)} bytes), peak +${(peak / MiB).toFixed(1)} MiB of ArrayBuffers`,
      );
      expect(peak).toBeLessThan(64 * MiB);
      // Small slices (a browser inflates each written chunk whole), and feeding stops at the refusal:
      // ~1 KB of this bomb unpacks to 1 MiB, and Node takes a few slices ahead of the reader.
      expect(Math.max(...written)).toBeLessThanOrEqual(16 * 1024);
      expect(written.reduce((sum, size) => sum + size, 0)).toBeLessThan(256 * 1024);
    });
  });
});
