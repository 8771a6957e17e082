import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/lib/**/*.test.ts', 'tests/scripts/**/*.test.ts'],
    // The CLI tests spawn node processes; give them room on a loaded CI machine.
    testTimeout: 30_000,
  },
});
