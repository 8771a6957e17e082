import { defineConfig } from 'vitest/config';

// .ci/run sets VITEST_JSON to collect pass/fail counts; locally only the default reporter runs.
const jsonReport = process.env['VITEST_JSON'];

export default defineConfig({
  test: {
    include: ['tests/lib/**/*.test.ts', 'tests/scripts/**/*.test.ts', 'tests/site/**/*.test.ts'],
    // The CLI tests spawn node processes; give them room on a loaded CI machine.
    testTimeout: 30_000,
    // Site tests parse every page of dist/ (both languages) in beforeAll; a loaded machine needs time.
    hookTimeout: 60_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
