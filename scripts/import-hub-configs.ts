/**
 * Seeds `content/configs/` from a folder of recorded Hub configs (the project's
 * `../shared/hub-configs/`, recorded from public copies while the Hub is unreachable).
 *
 *   node scripts/import-hub-configs.ts [source-dir]
 *
 * config.json is copied byte for byte; hub.json gains `revision` (null: these records predate
 * the Hub sync) and `checkpointBuffers`, the non-parameter tensors some checkpoints store, so
 * that a count read off such a checkpoint can be reconciled exactly. Output is byte-stable.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckpointBuffer, HubRecord } from '../src/lib/hub-record.ts';
import { hubRecordSchema } from '../src/lib/hub-record.ts';
import { SNAPSHOT_DIR } from '../src/data/snapshot.ts';

const MASK_SIDE = 1024;

/** GPT-2's checkpoints store the causal mask of every layer as a [1, 1, 1024, 1024] buffer. */
function gpt2Mask(layers: number): CheckpointBuffer {
  return {
    tensors: 'h.{layer}.attn.bias',
    shape: [1, 1, MASK_SIDE, MASK_SIDE],
    count: layers,
    elements: layers * MASK_SIDE * MASK_SIDE,
    dtype: 'F32',
    explanation:
      "The 2019 checkpoint stores each layer's causal mask (a registered buffer, not a parameter); " +
      "a count read off the checkpoint, like the Hub page's, includes these elements.",
  };
}

/** Known buffers per repo, from the derivations recorded with the source configs. */
const BUFFERS: Record<string, CheckpointBuffer[]> = {
  'openai-community/gpt2': [gpt2Mask(12)],
  'openai-community/gpt2-medium': [gpt2Mask(24)],
  'openai-community/gpt2-large': [gpt2Mask(36)],
  'openai-community/gpt2-xl': [gpt2Mask(48)],
  'meta-llama/Llama-2-7b-hf': [
    {
      tensors: 'model.layers.{layer}.self_attn.rotary_emb.inv_freq',
      shape: [64],
      count: 32,
      elements: 2048,
      dtype: 'F32',
      explanation:
        'Saved with transformers 4.31, when the rotary inverse frequencies were a persistent buffer; ' +
        'they add 8,192 bytes to the safetensors index total_size (13,476,839,424 bytes / 2 = ' +
        '6,738,419,712 = 6,738,415,616 parameters + 4,096 fp16-equivalents).',
    },
  ],
};

function main(): void {
  const source = resolve(process.argv[2] ?? join(SNAPSHOT_DIR, '..', '..', '..', 'shared', 'hub-configs'));
  let written = 0;
  for (const org of readdirSync(source, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(source, org.name), { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const id = `${org.name}/${name.name}`;
      const from = join(source, org.name, name.name);
      const recorded = JSON.parse(readFileSync(join(from, 'hub.json'), 'utf8')) as Record<string, unknown>;
      const record: HubRecord = hubRecordSchema.parse({
        repo: recorded['repo'],
        revision: null,
        parameters: recorded['parameters'],
        parametersSource: recorded['parametersSource'],
        configSource: recorded['configSource'],
        configStatus: recorded['configStatus'],
        checkpointBuffers: BUFFERS[id] ?? [],
        note: recorded['note'],
      });
      const to = join(SNAPSHOT_DIR, org.name, name.name);
      mkdirSync(to, { recursive: true });
      copyFileSync(join(from, 'config.json'), join(to, 'config.json.tmp'));
      renameSync(join(to, 'config.json.tmp'), join(to, 'config.json'));
      writeFileSync(join(to, 'hub.json.tmp'), `${JSON.stringify(record, null, 2)}\n`);
      renameSync(join(to, 'hub.json.tmp'), join(to, 'hub.json'));
      written += 1;
    }
  }
  console.log(`imported ${written} models into content/configs/`);
}

main();
