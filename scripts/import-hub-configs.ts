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
import type { HubRecord, Manifest, ModelSpec } from '../src/lib/index.ts';
import {
  checkpointAccount,
  countParams,
  hubRecordSchema,
  knownBufferSets,
  parseConfig,
  parseConfigText,
  reconcileHubCount,
  tensorList,
} from '../src/lib/index.ts';

/** Families by Hub organisation, in the order the site introduces them. */
const FAMILY_BY_ORG: [org: string, family: string][] = [
  ['openai-community', 'GPT-2'],
  ['meta-llama', 'Llama'],
  ['mistralai', 'Mistral'],
  ['google', 'Gemma'],
  ['Qwen', 'Qwen'],
  ['microsoft', 'Phi'],
  ['deepseek-ai', 'DeepSeek'],
  ['openai', 'gpt-oss'],
];

/** Repos whose recorded count derivation says the checkpoint also stores its family's buffers. */
const STORES_BUFFERS = new Set([
  'openai-community/gpt2',
  'openai-community/gpt2-medium',
  'openai-community/gpt2-large',
  'openai-community/gpt2-xl',
  'meta-llama/Llama-2-7b-hf',
]);

/**
 * Repos whose recorded count is the Hub's safetensors total, which for these architectures is not
 * always the parameter count (MTP layers and FP8 scales, MXFP4 scales, a vision tower, a stored
 * tied head). The record keeps that total as `safetensors.total` (by dtype unknown: `{}`), and the
 * parameters are what remains after the checkpoint account, exactly as `configs:pull` records them.
 */
const RECORDS_HUB_TOTAL = new Set([
  'Qwen/Qwen3-0.6B',
  'Qwen/Qwen3-8B',
  'Qwen/Qwen3-30B-A3B',
  'google/gemma-3-1b-it',
  'google/gemma-3-4b-it',
  'google/gemma-3-27b-it',
  'deepseek-ai/DeepSeek-V3',
  'openai/gpt-oss-120b',
  'microsoft/phi-4',
]);

/** The record's count fields for a repo whose recorded count is the Hub's total. */
function fromHubTotal(spec: ModelSpec, repo: string, hubTotal: number, source: string) {
  const tensors = tensorList(spec);
  const parameters = countParams(spec, tensors).total;
  const determined = checkpointAccount(spec, tensors, parameters).elements;
  const buffers = determined === null ? null : reconcileHubCount(spec, determined, hubTotal);
  if (determined === null || buffers === null) {
    throw new Error(`${repo}: the Hub total ${hubTotal} is not what the config determines (${String(determined)})`);
  }
  return {
    parameters,
    parametersSource:
      parameters === hubTotal
        ? source
        : `${source} The model's parameters are that total less the checkpoint account's terms (the stored extras the config determines and the buffers below).`,
    checkpointBuffers: buffers,
    safetensors: { total: hubTotal, parameters: {} },
  };
}

function main(): void {
  const source = resolve(process.argv[2] ?? join(SNAPSHOT_DIR, '..', '..', '..', 'shared', 'hub-configs'));
  const imported: { repo: string; family: string; familyRank: number; parameters: number }[] = [];
  for (const org of readdirSync(source, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(source, org.name), { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const repo = `${org.name}/${name.name}`;
      const from = join(source, org.name, name.name);
      const recorded = JSON.parse(readFileSync(join(from, 'hub.json'), 'utf8')) as Record<string, unknown>;
      const spec = parseConfig(parseConfigText(readFileSync(join(from, 'config.json'), 'utf8')));
      const counts = RECORDS_HUB_TOTAL.has(repo)
        ? fromHubTotal(spec, repo, Number(recorded['parameters']), String(recorded['parametersSource']))
        : {
            parameters: recorded['parameters'],
            parametersSource: recorded['parametersSource'],
            checkpointBuffers: STORES_BUFFERS.has(repo) ? (knownBufferSets(spec)[0] ?? []) : [],
            safetensors: null,
          };
      const record: HubRecord = hubRecordSchema.parse({
        repo: recorded['repo'],
        revision: null,
        pulledAt: null,
        parameters: counts.parameters,
        parametersSource: counts.parametersSource,
        configSource: recorded['configSource'],
        configStatus: recorded['configStatus'],
        checkpointBuffers: counts.checkpointBuffers,
        gated: null,
        license: null,
        safetensors: counts.safetensors,
        note:
          recorded['note'] ??
          'Values as published on the Hub, recorded from public copies; replace with a pull from the Hub when online.',
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
