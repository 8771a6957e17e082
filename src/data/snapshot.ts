/**
 * Reads the committed snapshot (`content/configs/<org>/<name>/{config.json,hub.json}`) from disk:
 * the embedded default every build, the CLI and the tests use, with no network.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfigText } from '../lib/index.ts';
import type { HubRecord } from '../lib/hub-record.ts';
import { hubRecordSchema } from '../lib/hub-record.ts';

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

export interface SnapshotEntry {
  /** `org/name`, the Hub repo id. */
  id: string;
  /** The config.json as parsed JSON. */
  config: unknown;
  hub: HubRecord;
  /** Path of the config.json relative to the repository root, for messages. */
  configPath: string;
}

/** Every `org/name` in the snapshot, sorted. */
export function snapshotIds(dir = SNAPSHOT_DIR): string[] {
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

/** One snapshot entry; a ConfigError when the id is unknown or a file does not parse. */
export function loadSnapshotEntry(id: string, dir = SNAPSHOT_DIR): SnapshotEntry {
  const folder = join(dir, ...id.split('/'));
  const configFile = join(folder, 'config.json');
  const configPath = relative(join(dir, '..', '..'), configFile);
  if (!/^[\w.-]+\/[\w.-]+$/.test(id) || !existsSync(configFile)) {
    throw new ConfigError(null, `${id} is not in the snapshot (content/configs/)`);
  }
  const config = parseConfigText(readFileSync(configFile, 'utf8'));
  const hubResult = hubRecordSchema.safeParse(parseConfigText(readFileSync(join(folder, 'hub.json'), 'utf8')));
  if (!hubResult.success) {
    const issue = hubResult.error.issues[0];
    throw new ConfigError(`hub.json ${issue?.path.join('.') ?? ''}`.trim(), issue?.message ?? 'does not validate');
  }
  return { id, config, hub: hubResult.data, configPath };
}

/** The whole snapshot, sorted by id. */
export function loadSnapshot(dir = SNAPSHOT_DIR): SnapshotEntry[] {
  return snapshotIds(dir).map((id) => loadSnapshotEntry(id, dir));
}
