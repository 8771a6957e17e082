/**
 * Reading a config.json named on the command line without trusting the path. What is there is
 * checked with stat before anything is opened: opening a FIFO waits for a writer and a device can
 * be endless (/dev/zero), so those are named and refused, as are directories without a
 * config.json, sockets and broken links. A regular file larger than the limit is refused unread,
 * and a file is read through a file descriptor that stops one byte past the limit, so one that
 * grows while it is read, or whose size is wrong (/proc), cannot take more memory than that.
 */
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A reason the path given cannot be read as a config, worded to follow `<path>: `. */
export class ConfigFileError extends Error {}

/** What a path holds: a file to read, nothing at all, or something that is not a config file. */
export type ConfigPath = { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'unusable'; problem: string };

/** `a FIFO`, `a character device`, …: what a stat says a path is, for a message. */
function describeType(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** The error code of a failed file system call (`ENOENT`, `EACCES`), or undefined. */
function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A failed file system call in a few words: `permission denied`, or Node's own message. */
function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EIO') return 'input/output error';
  if (code === 'ENAMETOOLONG') return 'the name is too long';
  return error instanceof Error ? error.message : String(error);
}

/** `lstatSync`, or null when nothing is there (or a parent is not a directory). */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * What is at `path` itself (`link` is what lstat found there), following a symbolic link to see
 * what it leads to. Opens nothing. `inDirectory` words the problems of a folder's config.json.
 */
function classifyEntry(path: string, link: Stats, inDirectory: boolean): ConfigPath {
  const subject = inDirectory ? 'is a directory whose config.json is' : 'is';
  let stats = link;
  let via = '';
  if (link.isSymbolicLink()) {
    const target = readlinkSync(path);
    try {
      stats = statSync(path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return { kind: 'unusable', problem: `${subject} a broken symbolic link: its target ${target} does not exist` };
      }
      if (code === 'ELOOP') {
        return { kind: 'unusable', problem: `${subject} a symbolic link in a loop (it points to ${target})` };
      }
      return { kind: 'unusable', problem: `cannot be read (${describeError(error)})` };
    }
    via = `a symbolic link to ${target}, `;
  }
  if (stats.isFile()) return { kind: 'file', path };
  if (stats.isDirectory()) {
    return inDirectory
      ? { kind: 'unusable', problem: `${subject} ${via}a directory, not a file` }
      : classifyDirectory(path, via);
  }
  return { kind: 'unusable', problem: `${subject} ${via}${describeType(stats)}, not a file` };
}

/** A directory is read through its config.json. */
function classifyDirectory(path: string, via: string): ConfigPath {
  const configPath = join(path, 'config.json');
  const config = lstatOrNull(configPath);
  if (config === null) {
    return { kind: 'unusable', problem: `is ${via}a directory with no config.json` };
  }
  return classifyEntry(configPath, config, true);
}

/**
 * What `path` holds, found with lstat and stat only (nothing is opened, so a FIFO cannot block):
 * a regular file (or a folder's config.json, or a link to either) to read, nothing, or something
 * else, with a problem that says what it is (`is a FIFO, not a file`).
 */
export function classifyConfigPath(path: string): ConfigPath {
  try {
    const link = lstatOrNull(path);
    return link === null ? { kind: 'missing' } : classifyEntry(path, link, false);
  } catch (error) {
    return { kind: 'unusable', problem: `cannot be read (${describeError(error)})` };
  }
}

/**
 * Reads from `fd` until end of file or until `max` bytes have arrived, whichever comes first, into
 * a buffer of `max` bytes: never more memory, whatever the file does meanwhile.
 */
export function readAtMost(fd: number, max: number): Buffer {
  const buffer = Buffer.alloc(max);
  let filled = 0;
  while (filled < max) {
    const read = readSync(fd, buffer, filled, max - filled, null);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

/** A size as a message says it: `1 MiB`, `3 GiB`, `3.2 GiB`, `1,048,577 bytes`. */
function formatSize(bytes: number): string {
  const GiB = 1024 ** 3;
  const MiB = 1024 ** 2;
  if (bytes >= GiB) return `${bytes % GiB === 0 ? bytes / GiB : (bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/**
 * The text of the regular file at `path` (from {@link classifyConfigPath}), at most `limit` bytes
 * of UTF-8; a leading byte order mark is dropped, as browsers do. The size is checked before
 * anything is read; the file is opened non-blocking (should a FIFO have taken its place since the
 * stat), checked again, and read no further than one byte past the limit. Throws a
 * {@link ConfigFileError} saying what is wrong.
 */
export function readConfigFile(path: string, limit: number): string {
  const refused = `a config.json is a few KB, so anything over ${formatSize(limit)} is refused`;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    throw new ConfigFileError(`cannot be read (${describeError(error)})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new ConfigFileError(`is ${describeType(stats)}, not a file`);
    if (stats.size > limit) throw new ConfigFileError(`the file is ${formatSize(stats.size)}; ${refused} unread`);
    let bytes: Buffer;
    try {
      bytes = readAtMost(fd, limit + 1);
    } catch (error) {
      throw new ConfigFileError(`cannot be read (${describeError(error)})`);
    }
    if (bytes.length > limit) {
      throw new ConfigFileError(
        `the file holds more than ${formatSize(limit)} though its size said ${formatSize(stats.size)}; ${refused}`,
      );
    }
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      throw new ConfigFileError('is UTF-16 text (it starts with a UTF-16 byte order mark); a config.json is UTF-8');
    }
    // TextDecoder drops a leading UTF-8 byte order mark; invalid bytes become U+FFFD, as in a browser.
    return new TextDecoder('utf-8').decode(bytes);
  } finally {
    closeSync(fd);
  }
}
