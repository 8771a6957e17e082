/**
 * The snapshot's honesty check, offline: every manifest entry has a folder and every folder an
 * entry; every config parses and validates; the computed parameter count equals the count in
 * hub.json; a recorded Hub safetensors total equals parameters plus the recorded buffers; and
 * the provenance is complete. `npm run build` runs this first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkpointAccount, countParams, parseConfig, parseConfigText, tensorList } from '../lib/index.ts';
import { loadHubRecord, loadManifest, modelFile, SNAPSHOT_DIR, snapshotFolders } from './snapshot.ts';

export interface CheckResult {
  models: number;
  problems: string[];
}

export function checkSnapshot(dir = SNAPSHOT_DIR): CheckResult {
  const problems: string[] = [];
  let manifest;
  try {
    manifest = loadManifest(dir);
  } catch (error) {
    return {
      models: 0,
      problems: [`content/configs/models.json: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const listed = manifest.models.map((entry) => entry.repo);
  const duplicates = listed.filter((repo, index) => listed.indexOf(repo) !== index);
  for (const repo of new Set(duplicates)) problems.push(`content/configs/models.json: ${repo} is listed twice`);
  for (const folder of snapshotFolders(dir)) {
    if (!listed.includes(folder)) {
      problems.push(`content/configs/${folder}/: not in models.json (add it to the manifest or remove the folder)`);
    }
  }
  for (const entry of manifest.models) {
    const where = `content/configs/${entry.repo}`;
    try {
      // Through modelFile: an id that leads outside the snapshot or a symbolic link is a problem, never read.
      const configFile = modelFile(entry.repo, 'config.json', dir);
      if (!existsSync(configFile)) {
        problems.push(`${where}/config.json: missing (run npm run configs:pull -- ${entry.repo})`);
        continue;
      }
      if (!existsSync(modelFile(entry.repo, 'hub.json', dir))) {
        problems.push(`${where}/hub.json: missing (run npm run configs:pull -- ${entry.repo})`);
        continue;
      }
      const hub = loadHubRecord(entry.repo, dir);
      if (hub.repo !== entry.repo) problems.push(`${where}/hub.json: repo is "${hub.repo}", not ${entry.repo}`);
      if (entry.revision !== null && hub.revision !== entry.revision) {
        problems.push(`${where}/hub.json: revision ${hub.revision ?? 'null'} is not the pinned ${entry.revision}`);
      }
      for (const buffer of hub.checkpointBuffers) {
        const perTensor = buffer.shape.reduce((product, extent) => product * extent, 1);
        if (buffer.elements !== buffer.count * perTensor) {
          problems.push(
            `${where}/hub.json: buffer ${buffer.tensors} has ${buffer.elements} elements, not ${buffer.count} × ${perTensor}`,
          );
        }
      }
      const spec = parseConfig(parseConfigText(readFileSync(configFile, 'utf8')));
      const tensors = tensorList(spec);
      const total = countParams(spec, tensors).total;
      if (total !== hub.parameters) {
        problems.push(
          `${where}: the config gives ${total.toLocaleString('en-US')} parameters but hub.json records ${hub.parameters.toLocaleString('en-US')}`,
        );
      }
      if (hub.safetensors !== null) {
        const account = checkpointAccount(spec, tensors, hub.parameters, hub.checkpointBuffers);
        const expected = account.elements;
        if (expected === null) {
          problems.push(`${where}: ${account.undetermined ?? 'the checkpoint count is undetermined'}`);
        } else if (hub.safetensors.total !== expected) {
          problems.push(
            `${where}/hub.json: the Hub's safetensors total ${hub.safetensors.total.toLocaleString('en-US')} is not the checkpoint the config determines, buffers included (${expected.toLocaleString('en-US')})`,
          );
        }
      }
      if (hub.revision !== null && hub.pulledAt === null)
        problems.push(`${where}/hub.json: a pinned revision needs pulledAt`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`${where}: ${message}`);
    }
  }
  return { models: manifest.models.length, problems };
}
