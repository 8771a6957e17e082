import { defineConfig } from 'vitest/config';

// The browser suite: Debian's Chromium driven by playwright-core against the built dist/.
const jsonReport = process.env['VITEST_JSON'];

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: too soon for a redraw on a loaded two-core machine.
    // A poll ends as soon as its condition holds, so a longer limit costs nothing when all is well.
    expect: { poll: { timeout: 15_000 } },
    // One Chromium at a time: CI machines have two cores.
    fileParallelism: false,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
