/**
 * Seeds `content/configs/` from a folder of recorded Hub configs (the project's
 * `../shared/hub-configs/`, recorded from public copies while the Hub is unreachable).
 *
 *   node scripts/import-hub-configs.ts [source-dir]
 *
 * config.json is copied byte for byte; hub.json gains the fields a Hub pull fills in (null here:
 * these records predate the sync) and `checkpointBuffers` where the recorded derivation says the
 * checkpoint stores buffers; models.json lists every model, unpinned, by family and size.
 * Output is byte-stable. `npm run configs:pull` replaces these records once the Hub is reachable.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_PATH, SNAPSHOT_DIR, writeJsonAtomically } from '../src/data/snapshot.ts';
import type { HubRecord, Manifest } from '../src/lib/index.ts';
import {
  countParams,
  hubRecordSchema,
  knownBufferSets,
  parseConfig,
  parseConfigText,
  tensorList,
} from '../src/lib/index.ts';

/** Families by Hub organisation, in the order the site introduces them. */
const FAMILY_BY_ORG: [org: string, family: string][] = [
  ['openai-community', 'GPT-2'],
  ['meta-llama', 'Llama'],
  ['mistralai', 'Mistral'],
  ['google', 'Gemma'],
  ['Qwen', 'Qwen'],
];

/** Repos whose recorded count derivation says the checkpoint also stores its family's buffers. */
const STORES_BUFFERS = new Set([
  'openai-community/gpt2',
  'openai-community/gpt2-medium',
  'openai-community/gpt2-large',
  'openai-community/gpt2-xl',
  'meta-llama/Llama-2-7b-hf',
]);

function main(): void {
  const source = resolve(process.argv[2] ?? join(SNAPSHOT_DIR, '..', '..', '..', 'shared', 'hub-configs'));
  const imported: { repo: string; family: string; familyRank: number; parameters: number }[] = [];
  for (const org of readdirSync(source, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(source, org.name), { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const repo = `${org.name}/${name.name}`;
      const from = join(source, org.name, name.name);
      const recorded = JSON.parse(readFileSync(join(from, 'hub.json'), 'utf8')) as Record<string, unknown>;
      const spec = parseConfig(parseConfigText(readFileSync(join(from, 'config.json'), 'utf8')));
      const record: HubRecord = hubRecordSchema.parse({
        repo: recorded['repo'],
        revision: null,
        pulledAt: null,
        parameters: recorded['parameters'],
        parametersSource: recorded['parametersSource'],
        configSource: recorded['configSource'],
        configStatus: recorded['configStatus'],
        checkpointBuffers: STORES_BUFFERS.has(repo) ? (knownBufferSets(spec)[0] ?? []) : [],
        gated: null,
        license: null,
        safetensors: null,
        note: recorded['note'],
      });
      const to = join(SNAPSHOT_DIR, org.name, name.name);
      mkdirSync(to, { recursive: true });
      copyFileSync(join(from, 'config.json'), join(to, 'config.json.tmp'));
      renameSync(join(to, 'config.json.tmp'), join(to, 'config.json'));
      writeJsonAtomically(join(to, 'hub.json'), record);
      const familyRank = FAMILY_BY_ORG.findIndex(([candidate]) => candidate === org.name);
      imported.push({
        repo,
        family: FAMILY_BY_ORG[familyRank]?.[1] ?? org.name,
        familyRank: familyRank === -1 ? FAMILY_BY_ORG.length : familyRank,
        parameters: countParams(spec, tensorList(spec)).total,
      });
    }
  }
  imported.sort((a, b) => a.familyRank - b.familyRank || a.parameters - b.parameters || a.repo.localeCompare(b.repo));
  const manifest: Manifest = { models: imported.map(({ repo, family }) => ({ repo, revision: null, family })) };
  writeJsonAtomically(MANIFEST_PATH, manifest);
  console.log(`imported ${imported.length} models into content/configs/`);
}

main();
