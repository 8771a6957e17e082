import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DIR } from '../../src/data/snapshot.ts';
import { packText, unpackText } from '../../src/site/browser/compress.ts';

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
    const bomb = await packText(' '.repeat(2 * 1024 * 1024));
    await expect(unpackText(bomb)).rejects.toThrow('over 1 MiB once unpacked');
  });
});
