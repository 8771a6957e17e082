/**
 * `npm run calc -- <config.json | org/name> [--context N] [--batch N] [--dtype D]
 *                 [--attention causal|full] [--weights FORMAT] [--gpu ID | --gpu-memory BYTES
 *                 --gpu-bandwidth BYTES_PER_SECOND --gpu-flops FLOPS_PER_SECOND] [--gpus N]
 *                 [--reserve FRACTION] [--train full|lora|qlora [--lora-rank R]] [--json]`
 *
 * Prints every number Decoder Atlas derives from a config: a readable summary, or with --json
 * only the JSON contract of `analyzeConfig`. Bad input prints one line on stderr naming the file
 * and the key, exits 1 and prints nothing on stdout.
 *
 * A path is examined with stat before it is opened (read-config-file.ts): a FIFO, a device, a
 * socket, a directory without config.json or a broken link is named as what it is, a file over
 * 1 MiB is refused unread, and no read goes past the limit. Control characters from a config or a
 * path are printed escaped (`\x1b`, `\u202e`), on stdout and stderr alike.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSnapshotEntry, snapshotIds } from '../src/data/snapshot.ts';
import type { CheckpointBuffer } from '../src/lib/index.ts';
import {
  analyzeWithMemory,
  closestMatches,
  ConfigError,
  describeReach,
  formatInteger,
  MAX_CONFIG_BYTES,
  parseConfig,
  parseUntrustedConfigText,
  resolveRunOptions,
} from '../src/lib/index.ts';
import type { Gpu, TrainingMode } from '../src/lib/index.ts';
import {
  customGpu,
  GPU_IDS,
  gpuById,
  resolveMemoryOptions,
  resolveTrainingOptions,
  WEIGHT_FORMATS,
} from '../src/lib/index.ts';
import { escapeForTerminal, escapeJsonForTerminal } from '../src/lib/text.ts';
import { formatSummary } from './calc-summary.ts';
import { classifyConfigPath, ConfigFileError, readConfigFile } from './read-config-file.ts';

const USAGE = `usage: npm run calc -- <config.json | org/name> [--context N] [--batch N] [--dtype fp32|bf16|fp16|fp8|int8|int4] [--attention causal|full] [--weights ${WEIGHT_FORMATS.join('|')}] [--gpu ${GPU_IDS.join('|')} | --gpu-memory BYTES --gpu-bandwidth BYTES_PER_SECOND --gpu-flops FLOPS_PER_SECOND] [--gpus N] [--reserve FRACTION] [--train full|lora|qlora [--lora-rank R]] [--json]`;

/** A failure the user can act on: printed as one line, never with a stack. */
class UsageError extends Error {}

interface Input {
  /** What the output calls the model: the snapshot id, or the path as given. */
  model: string;
  /** What error messages call the file. */
  file: string;
  config: unknown;
  /** Buffers the snapshot's hub.json records for this checkpoint (none for a file). */
  recordedBuffers: CheckpointBuffer[];
}

function readInput(argument: string): Input {
  // npm runs scripts from the package root; a relative path means relative to where the user typed it.
  const given = resolve(process.env['INIT_CWD'] ?? process.cwd(), argument);
  // Only stat until the path is known to be a regular file: opening a FIFO would wait for a writer.
  const found = classifyConfigPath(given);
  if (found.kind === 'file') {
    let text: string;
    try {
      text = readConfigFile(found.path, MAX_CONFIG_BYTES);
    } catch (error) {
      throw error instanceof ConfigFileError ? new UsageError(`${argument}: ${error.message}`) : error;
    }
    try {
      return { model: argument, file: argument, config: parseUntrustedConfigText(text), recordedBuffers: [] };
    } catch (error) {
      throw error instanceof ConfigError ? new UsageError(`${argument}: ${error.message}`) : error;
    }
  }
  const ids = snapshotIds();
  if (ids.includes(argument)) {
    const entry = loadSnapshotEntry(argument);
    return {
      model: argument,
      file: entry.configPath,
      config: entry.config,
      recordedBuffers: entry.hub.checkpointBuffers,
    };
  }
  if (found.kind === 'unusable') throw new UsageError(`${argument}: ${found.problem}`);
  const looksLikeFile = argument.endsWith('.json') || argument.startsWith('.') || argument.startsWith('/');
  const suggestions = closestMatches(argument, ids, 3).join(', ');
  throw new UsageError(
    looksLikeFile
      ? `${argument}: no such file`
      : `${argument}: no such file, and no model with that id in the snapshot (closest: ${suggestions})`,
  );
}

const VALUE_FLAGS = new Set([
  '--context',
  '--batch',
  '--dtype',
  '--attention',
  '--weights',
  '--gpu',
  '--gpu-memory',
  '--gpu-bandwidth',
  '--gpu-flops',
  '--gpus',
  '--reserve',
  '--train',
  '--lora-rank',
]);

interface MemoryFlags {
  weights?: string;
  gpu?: string;
  'gpu-memory'?: string;
  'gpu-bandwidth'?: string;
  'gpu-flops'?: string;
  gpus?: string;
  reserve?: string;
  train?: string;
  'lora-rank'?: string;
}

/** The memory and training options of the flags: a catalogue GPU or a custom one of three numbers, never both. */
function memoryExtras(flags: MemoryFlags): {
  memory: { format: (typeof WEIGHT_FORMATS)[number]; gpu: Gpu; gpus: number; reserveFraction: number };
  training?: { mode: TrainingMode; loraRank: number };
} {
  const custom = [flags['gpu-memory'], flags['gpu-bandwidth'], flags['gpu-flops']];
  let gpu: Gpu | undefined;
  if (custom.some((value) => value !== undefined)) {
    if (flags.gpu !== undefined) {
      throw new ConfigError('gpu', 'give a catalogue GPU or --gpu-memory, --gpu-bandwidth and --gpu-flops, not both');
    }
    if (custom.some((value) => value === undefined)) {
      throw new ConfigError(
        'gpu-memory',
        'a custom GPU needs all three of --gpu-memory, --gpu-bandwidth and --gpu-flops',
      );
    }
    gpu = customGpu({
      memoryBytes: flags['gpu-memory'],
      bandwidthBytesPerSecond: flags['gpu-bandwidth'],
      flopsPerSecond: flags['gpu-flops'],
    });
  } else if (flags.gpu !== undefined) {
    gpu = gpuById(flags.gpu);
  }
  const memory = resolveMemoryOptions({ weights: flags.weights, gpu, gpus: flags.gpus, reserve: flags.reserve });
  if (flags.train === undefined) {
    if (flags['lora-rank'] !== undefined) throw new ConfigError('lora-rank', 'needs --train lora or --train qlora');
    return { memory };
  }
  const training = resolveTrainingOptions({ train: flags.train, loraRank: flags['lora-rank'] });
  if (training.mode === 'full' && flags['lora-rank'] !== undefined) {
    throw new ConfigError('lora-rank', 'applies to --train lora or qlora, not full');
  }
  return { memory, training };
}

/** `--context -5` would make parseArgs call -5 an option; join it so the value check can say what is wrong. */
function joinNegativeValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    if (VALUE_FLAGS.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function run(argv: string[]): { stdout: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        context: { type: 'string' },
        batch: { type: 'string' },
        dtype: { type: 'string' },
        attention: { type: 'string' },
        weights: { type: 'string' },
        gpu: { type: 'string' },
        'gpu-memory': { type: 'string' },
        'gpu-bandwidth': { type: 'string' },
        'gpu-flops': { type: 'string' },
        gpus: { type: 'string' },
        reserve: { type: 'string' },
        train: { type: 'string' },
        'lora-rank': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}; ${USAGE}`);
  }
  if (parsed.values.help) return { stdout: `${USAGE}\n` };
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${parsed.positionals.length === 0 ? 'no config given' : `one config at a time, got ${parsed.positionals.length}`}; ${USAGE}`,
    );
  }
  let options;
  let extras;
  try {
    options = resolveRunOptions({
      context: parsed.values.context,
      batch: parsed.values.batch,
      dtype: parsed.values.dtype,
      attention: parsed.values.attention,
    });
    extras = memoryExtras(parsed.values);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--${error.message}`);
    throw error;
  }
  const input = readInput(parsed.positionals[0] ?? '');
  let spec;
  let analysis;
  try {
    spec = parseConfig(input.config);
    analysis = analyzeWithMemory(input.model, spec, options, { recordedBuffers: input.recordedBuffers, ...extras });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`${input.file}: ${error.message}`);
    throw error;
  }
  return {
    stdout: parsed.values.json
      ? `${escapeJsonForTerminal(JSON.stringify(analysis, null, 2))}\n`
      : formatSummary(analysis, describeReach(spec, formatInteger)),
  };
}

try {
  process.stdout.write(run(process.argv.slice(2)).stdout);
} catch (error) {
  const message =
    error instanceof UsageError || error instanceof ConfigError
      ? error.message
      : `unexpected failure (${error instanceof Error ? error.message : String(error)}); please report it`;
  // One line, whatever a config or a path put in the message: control characters are shown, not obeyed.
  process.stderr.write(`calc: ${escapeForTerminal(message)}\n`);
  process.exitCode = 1;
}
