/**
 * Human formatting, kept apart from the math. Conventions (stated on the site too):
 * - Parameter counts use decimal suffixes: K = 10^3, M = 10^6, B = 10^9, T = 10^12.
 * - Bytes use binary units by default: KiB = 2^10, MiB = 2^20, GiB = 2^30, TiB = 2^40
 *   (what GPU memory is sold in); decimal KB/MB/GB/TB (10^3…) on request.
 * - FLOPs use decimal prefixes: GFLOP = 10^9 floating-point operations (a multiply-add is 2).
 * Three significant digits, trailing zeros dropped: 8.03 B, 16 GiB, 46.7 B.
 */

function significant(value: number, digits = 3): string {
  if (value === 0) return '0';
  const text = value.toPrecision(digits);
  // toPrecision may answer in exponent form for large values; 3 digits never need it below 1000.
  const plain = text.includes('e') ? String(Number(text)) : text;
  return plain.includes('.') ? plain.replace(/\.?0+$/, '') : plain;
}

function scaled(value: number, base: number, units: readonly string[]): string {
  let index = 0;
  let scaledValue = Math.abs(value);
  // Compare the exact value too: 1024 rounds to "1020", which is below the base but is one unit up.
  while (index < units.length - 1 && (scaledValue >= base || Number(significant(scaledValue)) >= base)) {
    scaledValue /= base;
    index += 1;
  }
  const sign = value < 0 ? '-' : '';
  const unit = units[index] ?? '';
  return `${sign}${significant(scaledValue)}${unit === '' ? '' : ` ${unit}`}`;
}

/**
 * A parameter count with a decimal suffix.
 * @example formatCount(8_030_261_248) //=> '8.03 B'
 * @example formatCount(124_439_808) //=> '124 M'
 */
export function formatCount(count: number): string {
  return scaled(count, 1000, ['', 'K', 'M', 'B', 'T']);
}

/**
 * A byte count, binary (GiB) by default or decimal (GB).
 * @example formatBytes(17_179_869_184) //=> '16 GiB'
 * @example formatBytes(131_072) //=> '128 KiB'
 * @example formatBytes(17_179_869_184, 'decimal') //=> '17.2 GB'
 */
export function formatBytes(bytes: number, system: 'binary' | 'decimal' = 'binary'): string {
  return system === 'binary'
    ? scaled(bytes, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'])
    : scaled(bytes, 1000, ['B', 'KB', 'MB', 'GB', 'TB', 'PB']);
}

/**
 * A FLOP count with a decimal prefix.
 * @example formatFlops(16_060_522_496) //=> '16.1 GFLOP'
 */
export function formatFlops(flops: number): string {
  return scaled(flops, 1000, ['FLOP', 'kFLOP', 'MFLOP', 'GFLOP', 'TFLOP', 'PFLOP', 'EFLOP', 'ZFLOP']);
}

const INTEGER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: true });

/**
 * An exact integer with thousands separators, for the places where every digit matters.
 * @example formatInteger(8_030_261_248) //=> '8,030,261,248'
 */
export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Intl writes every digit of large values (no exponent form), exact up to 2^53 and rounded past it.
  // `|| 0` turns the -0 that Math.round gives for -0.2 into 0, which Intl would print as "-0".
  return INTEGER_FORMAT.format(Math.round(value) || 0).replace(/\u2212/g, '-');
}

/**
 * A rate with decimal prefixes: bandwidth in bytes per second, peak FLOP/s.
 * @example formatRate(3.35e12, 'B/s') //=> '3.35 TB/s'
 * @example formatRate(989.5e12, 'FLOP/s') //=> '990 TFLOP/s'
 */
export function formatRate(value: number, unit: 'B/s' | 'FLOP/s'): string {
  return `${scaled(value, 1000, ['', 'k', 'M', 'G', 'T', 'P', 'E'])}${unit}`.replace(
    / ?([kMGTPE]?)(B\/s|FLOP\/s)$/,
    ' $1$2',
  );
}

/**
 * Tokens per second, three significant digits with separators for thousands.
 * @example formatTokensPerSecond(1192.9) //=> '1,190 tokens/s'
 * @example formatTokensPerSecond(26.14) //=> '26.1 tokens/s'
 */
export function formatTokensPerSecond(value: number): string {
  const text = value >= 1000 ? formatInteger(Number(value.toPrecision(3))) : significant(value);
  return `${text} tokens/s`;
}

/**
 * A duration: seconds with three significant digits, milliseconds or microseconds below a second.
 * @example formatSeconds(0.8174) //=> '817 ms'
 * @example formatSeconds(5.146) //=> '5.15 s'
 */
export function formatSeconds(seconds: number): string {
  if (seconds >= 1)
    return `${seconds >= 1000 ? formatInteger(Number(seconds.toPrecision(3))) : significant(seconds)} s`;
  if (seconds >= 1e-3) return `${significant(seconds * 1e3)} ms`;
  return `${significant(seconds * 1e6)} µs`;
}
