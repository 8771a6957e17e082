/**
 * A small catalogue of accelerators, each with three numbers and where they come from.
 *
 * - `memoryBytes`: the memory the device reports to software, which is less than the marketing
 *   figure: nvidia-smi's "total" (MiB × 2^20) for NVIDIA cards, rocm-smi's "VRAM Total Memory (B)"
 *   for the MI300X, the machine's memory (sysctl hw.memsize) for Apple silicon. An 80 GB H100
 *   reports 81,559 MiB = 85,520,809,984 bytes.
 * - `bandwidthBytesPerSecond`: the vendor's memory bandwidth (decimal: 3.35 TB/s = 3.35 × 10^12 B/s).
 * - `bf16FlopsPerSecond`: the vendor's dense BF16 tensor-core peak (without 2:4 sparsity, which
 *   datasheets quote at twice the rate), with FP32 accumulation where the datasheet distinguishes.
 *
 * Peaks are what the silicon can do, never what a serving engine reaches; the speed figures built
 * on them are upper bounds.
 */
import { ConfigError, describeValue } from './errors.ts';

export interface Gpu {
  /** Catalogue id (`h100-sxm`), or `custom`. */
  id: string;
  /** What the site calls it. */
  name: string;
  memoryBytes: number;
  bandwidthBytesPerSecond: number;
  bf16FlopsPerSecond: number;
  /** Where the bandwidth and FLOP/s come from (a vendor datasheet); null for a custom GPU. */
  source: string | null;
  /** Anything a reader must know about the numbers. */
  note: string | null;
}

const MIB = 2 ** 20;
const TB = 1e12;
const TFLOPS = 1e12;

const gpu = (
  id: string,
  name: string,
  memoryBytes: number,
  bandwidthBytesPerSecond: number,
  bf16FlopsPerSecond: number,
  source: string,
  note: string | null = null,
): Gpu => ({ id, name, memoryBytes, bandwidthBytesPerSecond, bf16FlopsPerSecond, source, note });

/** The catalogue, largest memory last within each vendor. */
export const GPUS: readonly Gpu[] = [
  // https://www.nvidia.com/en-us/data-center/h100/ (H100 SXM: 80 GB, 3.35 TB/s, BF16 1,979 TFLOPS with sparsity)
  gpu(
    'h100-sxm',
    'H100 SXM 80 GB',
    81_559 * MIB,
    3.35 * TB,
    989.5 * TFLOPS,
    'https://www.nvidia.com/en-us/data-center/h100/',
  ),
  // https://www.nvidia.com/en-us/data-center/h200/ (H200 SXM: 141 GB, 4.8 TB/s, BF16 1,979 TFLOPS with sparsity)
  gpu('h200', 'H200 141 GB', 143_771 * MIB, 4.8 * TB, 989.5 * TFLOPS, 'https://www.nvidia.com/en-us/data-center/h200/'),
  // https://www.nvidia.com/en-us/data-center/hgx/ (HGX B200: 180 GB and 8 TB/s per GPU, FP16/BF16 4.5 PFLOPS with sparsity)
  gpu('b200', 'B200 180 GB', 183_359 * MIB, 8 * TB, 2250 * TFLOPS, 'https://www.nvidia.com/en-us/data-center/hgx/'),
  // https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf
  gpu(
    'a100-40gb',
    'A100 SXM 40 GB',
    40_960 * MIB,
    1.555 * TB,
    312 * TFLOPS,
    'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
  ),
  gpu(
    'a100-80gb',
    'A100 SXM 80 GB',
    81_920 * MIB,
    2.039 * TB,
    312 * TFLOPS,
    'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
  ),
  // https://resources.nvidia.com/en-us-l40s/l40s-datasheet-28413 (48 GB GDDR6, 864 GB/s, BF16 733 TFLOPS with sparsity)
  gpu(
    'l40s',
    'L40S 48 GB',
    46_068 * MIB,
    0.864 * TB,
    362.05 * TFLOPS,
    'https://resources.nvidia.com/en-us-l40s/l40s-datasheet-28413',
  ),
  // https://www.nvidia.com/en-us/data-center/l4/ (24 GB, 300 GB/s, BF16 242 TFLOPS with sparsity)
  gpu('l4', 'L4 24 GB', 23_034 * MIB, 0.3 * TB, 121 * TFLOPS, 'https://www.nvidia.com/en-us/data-center/l4/'),
  // Ada whitepaper, appendix table for the RTX 4090: 1,008 GB/s, BF16 tensor 165.2 TFLOPS dense (FP32 accumulate)
  gpu(
    'rtx-4090',
    'GeForce RTX 4090 24 GB',
    24_564 * MIB,
    1.008 * TB,
    165.2 * TFLOPS,
    'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
  ),
  // GA102 whitepaper, the RTX 3090 column: 936 GB/s, BF16 tensor 71 TFLOPS dense (FP32 accumulate)
  gpu(
    'rtx-3090',
    'GeForce RTX 3090 24 GB',
    24_576 * MIB,
    0.936 * TB,
    71 * TFLOPS,
    'https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf',
  ),
  // AMD Instinct MI300X data sheet: 192 GB HBM3, 5.3 TB/s, BF16 1,307.4 TFLOPS dense
  gpu(
    'mi300x',
    'Instinct MI300X 192 GB',
    206_158_430_208,
    5.3 * TB,
    1307.4 * TFLOPS,
    'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf',
  ),
  // Apple newsroom, M2 Ultra: up to 192 GB unified memory, 800 GB/s, 76-core GPU.
  gpu(
    'apple-m2-ultra',
    'Apple M2 Ultra 192 GB (unified)',
    192 * 2 ** 30,
    0.8 * TB,
    27.2 * TFLOPS,
    'https://www.apple.com/newsroom/2023/06/apple-introduces-m2-ultra/',
    'Unified memory is shared with the CPU and macOS lets the GPU wire about three quarters of it by default; Apple publishes no BF16 figure: 27.2 TFLOP/s is the 76-core GPU at 16-bit (same rate as FP32: 76 × 128 lanes × 2 FLOPs × 1.398 GHz).',
  ),
];

export const GPU_IDS = GPUS.map((entry) => entry.id);

/** The catalogue entry with an id, or a ConfigError naming the ids. */
export function gpuById(id: unknown): Gpu {
  const found = typeof id === 'string' ? GPUS.find((entry) => entry.id === id) : undefined;
  if (found === undefined)
    throw new ConfigError('gpu', `must be one of ${GPU_IDS.join(', ')}, got ${describeValue(id)}`);
  return found;
}

/** A finite positive number from a flag or an input, at most `max`. */
function positiveNumber(key: string, value: unknown, max: number, unit: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
    throw new ConfigError(key, `must be a positive number of ${unit}, got ${describeValue(value)}`);
  }
  if (number > max)
    throw new ConfigError(key, `must be at most ${max.toExponential()} ${unit}, got ${describeValue(value)}`);
  return number;
}

/** The largest custom figures accepted: far beyond any device, small enough to keep sums exact. */
export const MAX_GPU_MEMORY_BYTES = 2 ** 50;
export const MAX_GPU_BANDWIDTH = 1e15;
export const MAX_GPU_FLOPS = 1e18;

/** A GPU given by its three numbers (the CLI's --gpu-memory, --gpu-bandwidth, --gpu-flops). */
export function customGpu(raw: {
  memoryBytes: unknown;
  bandwidthBytesPerSecond: unknown;
  flopsPerSecond: unknown;
}): Gpu {
  const memoryBytes = positiveNumber('gpu-memory', raw.memoryBytes, MAX_GPU_MEMORY_BYTES, 'bytes');
  if (!Number.isInteger(memoryBytes)) {
    throw new ConfigError('gpu-memory', `must be a whole number of bytes, got ${describeValue(raw.memoryBytes)}`);
  }
  return {
    id: 'custom',
    name: 'Custom GPU',
    memoryBytes,
    bandwidthBytesPerSecond: positiveNumber(
      'gpu-bandwidth',
      raw.bandwidthBytesPerSecond,
      MAX_GPU_BANDWIDTH,
      'bytes per second',
    ),
    bf16FlopsPerSecond: positiveNumber('gpu-flops', raw.flopsPerSecond, MAX_GPU_FLOPS, 'FLOP/s'),
    source: null,
    note: null,
  };
}
