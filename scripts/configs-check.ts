/**
 * `npm run configs:check`: checks the committed snapshot offline (see src/data/check.ts) and
 * prints every problem, one line each, naming the file. Exits 1 when there is any.
 */
import { checkSnapshot } from '../src/data/check.ts';
import { printErr, printOut } from './terminal.ts';
import { SNAPSHOT_DIR } from '../src/data/snapshot.ts';

const dir = process.argv[2] ?? SNAPSHOT_DIR;
const { models, problems } = checkSnapshot(dir);
if (problems.length === 0) {
  printOut(`configs:check: ${models} models, every count equals its Hub record`);
} else {
  for (const problem of problems) printErr(`configs:check: ${problem}`);
  printErr(
    `configs:check: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the snapshot in content/configs/ is not consistent`,
  );
  process.exitCode = 1;
}
