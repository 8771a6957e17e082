// Lint TypeScript with typescript-eslint's strict rules; `astro check` covers .astro files.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'dist-base/', '.astro/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.strict,
  tseslint.configs.stylistic,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Code that runs in the reader's browser (custom elements, the embed bundle, their helpers) and the
    // pure model library may import only the library and other browser modules: no Node built-ins, no
    // build-time data readers, no build-only site code.
    files: ['src/lib/**/*.ts', 'src/site/browser/**/*.ts', 'components/elements/**/*.ts', 'components/embed/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Browser code and src/lib must not import Node built-ins.' },
            {
              group: ['**/src/data/**', '**/data/snapshot.ts', '**/data/check.ts'],
              message: 'The snapshot readers use the file system: build-time code only.',
            },
            { group: ['**/site/build/**', '**/build/*.ts'], message: 'src/site/build runs at build time only.' },
          ],
          paths: ['fs', 'path', 'http', 'url', 'zlib', 'child_process', 'os'].map((name) => ({
            name,
            message: 'Browser code and src/lib must not import Node built-ins.',
          })),
        },
      ],
    },
  },
);
