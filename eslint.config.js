// ESLint (flat config): @eslint/js and typescript-eslint recommended, run by `npm test` and `npm run lint`.
// Not type-aware: recommendedTypeChecked on src/ alone took 33 s CPU (92 s wall, 1.2 GB) on the shared 2-core
// machine against ~10 s CPU for the whole tree untyped, and strict tsc already runs in npm test.
// Formatting is Prettier's (.prettierrc.json); no stylistic rules here.
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// A module's code queries its own tables only (`<module>_…`); it reaches the kernel's and other modules' data through
// their exported functions (docs/architecture.md). Tests may read kernel tables to check what was stored.
const QUERY_METHODS =
  'selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin';
const moduleBoundaries = fs
  .readdirSync(new URL('./src/modules/', import.meta.url), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => ({
    files: [`src/modules/${e.name}/**/*.ts`],
    ignores: ['**/*.test.ts', '**/test-fixtures.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/^(${QUERY_METHODS})$/][arguments.0.type='Literal'][arguments.0.value!=/^${e.name}_/]`,
          message: `The ${e.name} module queries only its own tables (${e.name}_…); use the owner's exported functions.`,
        },
      ],
    },
  }));

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  module: 'writable',
  require: 'readonly',
  __dirname: 'readonly',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'web/dist/',
      'bench/cache/',
      'bench/results/',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      // Off: nearly every `any` is a migration's Kysely<any>, as Kysely advises (a migration must not depend on
      // today's table types); strict tsc covers the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // Unused names are real mistakes; a leading underscore marks one kept on purpose (a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  ...moduleBoundaries,
);
