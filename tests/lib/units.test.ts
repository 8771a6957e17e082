import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatFlops, formatInteger } from '../../src/lib/index.ts';

describe('human formatting', () => {
  it('formats counts with decimal suffixes and three significant digits', () => {
    expect(formatCount(8_030_261_248)).toBe('8.03 B');
    expect(formatCount(124_439_808)).toBe('124 M');
    expect(formatCount(46_702_792_704)).toBe('46.7 B');
    expect(formatCount(405_853_388_800)).toBe('406 B');
    expect(formatCount(999_999)).toBe('1 M');
    expect(formatCount(512)).toBe('512');
  });

  it('formats bytes in binary units by default, decimal on request', () => {
    expect(formatBytes(17_179_869_184)).toBe('16 GiB');
    expect(formatBytes(131_072)).toBe('128 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(17_179_869_184, 'decimal')).toBe('17.2 GB');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(2 ** 30)).toBe('1 GiB');
    expect(formatBytes(2 ** 20)).toBe('1 MiB');
    expect(formatBytes(1023)).toBe('1020 B');
  });

  it('formats FLOPs with decimal prefixes', () => {
    expect(formatFlops(17_156_800_512)).toBe('17.2 GFLOP');
    expect(formatFlops(65_877_282_127_872)).toBe('65.9 TFLOP');
  });

  it('writes exact integers with thousands separators', () => {
    expect(formatInteger(8_030_261_248)).toBe('8,030,261,248');
    expect(formatInteger(0)).toBe('0');
  });
});

describe('number locales', () => {
  // ko-KR writes digits, the decimal mark and the grouping as en-US does ("1,234.5"), so the
  // Korean edition's numbers read the same; the unit suffixes never change (GiB stays binary).
  it('formats the Korean edition with Intl ko-KR, the same digits as en-US', () => {
    expect(formatInteger(8_030_261_248, 'ko-KR')).toBe('8,030,261,248');
    expect(formatCount(8_030_261_248, 'ko-KR')).toBe('8.03 B');
    expect(formatBytes(17_179_869_184, 'binary', 'ko-KR')).toBe('16 GiB');
    expect(formatBytes(1536, 'binary', 'ko-KR')).toBe('1.5 KiB');
    expect(formatFlops(16_060_522_496, 'ko-KR')).toBe('16.1 GFLOP');
  });

  it('writes the decimal mark of a locale that uses another one', () => {
    expect(formatCount(8_030_261_248, 'de-DE')).toBe('8,03 B');
    expect(formatInteger(8_030_261_248, 'de-DE')).toBe('8.030.261.248');
  });
});
