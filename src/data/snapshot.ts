/**
 * Reads the committed snapshot from disk: `content/configs/models.json` (the manifest: which
 * models, in which order, pinned to which revision) and `content/configs/<org>/<name>/`
 * (`config.json`, the Hub's file, and `hub.json`, its provenance). This is the embedded default
 * that every build, the CLI and the tests use, with no network.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfigText } from '../lib/index.ts';
import { describeValue } from '../lib/errors.ts';
import type { HubRecord, Manifest, ManifestEntry } from '../lib/hub-record.ts';
import { hubRecordSchema, manifestSchema, repoIdProblem } from '../lib/hub-record.ts';

/**
 * The snapshot's folder: the nearest `content/configs/` above this module. Walking up (rather
 * than a fixed `../../`) keeps it right when Astro bundles this file into `dist/.prerender/`.
 */
function findSnapshotDir(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'content', 'configs');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new ConfigError(null, 'cannot find content/configs/ above the program');
    folder = parent;
  }
}

export const SNAPSHOT_DIR = findSnapshotDir();
export const MANIFEST_PATH = join(SNAPSHOT_DIR, 'models.json');

export interface SnapshotEntry {
  /** `org/name`, the Hub repo id. */
  id: string;
  /** The config.json as parsed JSON. */
  config: unknown;
  hub: HubRecord;
  /** The manifest's line for this model (family, pinned revision). */
  manifest: ManifestEntry;
  /** Path of the config.json relative to the repository root, for messages. */
  configPath: string;
}

/** A zod failure as one ConfigError naming the file and the key. */
function schemaError(file: string, issue: { path: PropertyKey[]; message: string } | undefined): ConfigError {
  const key = issue?.path.map(String).join('.') ?? '';
  return new ConfigError(key === '' ? file : `${file} ${key}`, issue?.message ?? 'does not validate');
}

/** A path as a message shows it: relative to the working folder when it lies inside it. */
export function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) ? path : inside;
}

/** Refuses a symbolic link at `path` (never followed: it could point anywhere) or an entry of the wrong kind. */
function refuseLink(path: string, kind: 'folder' | 'file'): void {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return;
  if (stats.isSymbolicLink()) {
    throw new ConfigError(
      null,
      `${displayPath(path)} is a symbolic link; the snapshot holds only real folders and files, so it is refused and not followed (replace it with the ${kind} itself)`,
    );
  }
  if (kind === 'folder' ? !stats.isDirectory() : !stats.isFile()) {
    throw new ConfigError(null, `${displayPath(path)} is not a ${kind}`);
  }
}

/**
 * The folder of model `id` in the snapshot: `<dir>/<org>/<name>`, the one place an id becomes a
 * path (the pull, the check and the readers all go through it). A ConfigError, before anything is
 * read or written, when the id is not a Hub repo id, when the folder would resolve outside `dir`,
 * or when the org or model folder is a symbolic link. The folder need not exist yet.
 */
export function modelFolder(id: string, dir = SNAPSHOT_DIR): string {
  const problem = repoIdProblem(id);
  if (problem !== null) throw new ConfigError(null, `${describeValue(id)} is not a Hub repo id: ${problem}`);
  const root = resolve(dir);
  const [org = '', name = ''] = id.split('/');
  const folder = resolve(root, org, name);
  const inside = relative(root, folder);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new ConfigError(null, `${id} would be stored at ${folder}, outside the snapshot ${root}`);
  }
  refuseLink(join(root, org), 'folder');
  refuseLink(folder, 'folder');
  return folder;
}

/** One of a model's two files, through {@link modelFolder}; a symbolic link there is refused too. */
export function modelFile(id: string, file: 'config.json' | 'hub.json', dir = SNAPSHOT_DIR): string {
  const path = join(modelFolder(id, dir), file);
  refuseLink(path, 'file');
  return path;
}

/** The manifest, validated; a ConfigError when it is missing or malformed. */
export function loadManifest(dir = SNAPSHOT_DIR): Manifest {
  const path = join(dir, 'models.json');
  if (!existsSync(path)) throw new ConfigError(null, `${path} is missing: the manifest lists the site's models`);
  const result = manifestSchema.safeParse(parseConfigText(readFileSync(path, 'utf8')));
  if (!result.success) throw schemaError('models.json', result.error.issues[0]);
  return result.data;
}

/** Every `org/name` in the manifest, in display order. */
export function snapshotIds(dir = SNAPSHOT_DIR): string[] {
  return loadManifest(dir).models.map((entry) => entry.repo);
}

/** Every `org/name` folder that holds a config.json, sorted: what is on disk, manifest or not. */
export function snapshotFolders(dir = SNAPSHOT_DIR): string[] {
  const ids: string[] = [];
  for (const org of readdirSync(dir, { withFileTypes: true })) {
    if (!org.isDirectory()) continue;
    for (const name of readdirSync(join(dir, org.name), { withFileTypes: true })) {
      if (name.isDirectory() && existsSync(join(dir, org.name, name.name, 'config.json'))) {
        ids.push(`${org.name}/${name.name}`);
      }
    }
  }
  return ids.sort();
}

/** The hub.json of a model, validated. */
export function loadHubRecord(id: string, dir = SNAPSHOT_DIR): HubRecord {
  const result = hubRecordSchema.safeParse(parseConfigText(readFileSync(modelFile(id, 'hub.json', dir), 'utf8')));
  if (!result.success) throw schemaError(`${id}/hub.json`, result.error.issues[0]);
  return result.data;
}

/** One snapshot entry; a ConfigError when the id is unknown or a file does not parse. */
export function loadSnapshotEntry(id: string, dir = SNAPSHOT_DIR, manifest = loadManifest(dir)): SnapshotEntry {
  const manifestEntry = manifest.models.find((entry) => entry.repo === id);
  const notInSnapshot = () => new ConfigError(null, `${id} is not in the snapshot (content/configs/)`);
  if (manifestEntry === undefined) throw notInSnapshot();
  const configFile = modelFile(id, 'config.json', dir);
  if (!existsSync(configFile)) throw notInSnapshot();
  const configPath = relative(join(dir, '..', '..'), configFile);
  let config: unknown;
  try {
    config = parseConfigText(readFileSync(configFile, 'utf8'));
  } catch (error) {
    throw new ConfigError(null, `${configPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { id, config, hub: loadHubRecord(id, dir), manifest: manifestEntry, configPath };
}

/** The whole snapshot, in manifest order. */
export function loadSnapshot(dir = SNAPSHOT_DIR): SnapshotEntry[] {
  const manifest = loadManifest(dir);
  return manifest.models.map((entry) => loadSnapshotEntry(entry.repo, dir, manifest));
}

/** JSON as the snapshot stores it: two-space indent, trailing newline, so output is byte-stable. */
export function snapshotJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes a file through a temporary sibling and a rename, so a reader never sees half of it. */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

export function writeJsonAtomically(path: string, value: unknown): void {
  writeFileAtomically(path, snapshotJson(value));
}
