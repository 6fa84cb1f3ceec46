// Runs every test: the type-checks, dependency rules, lint and format check, then every *.test.ts under src/, test/ and web/test/ with Node's test runner (through tsx).
// Node 20's --test does not expand globs itself, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function find(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') find(p, out);
    } else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

// What dependency-cruiser checks; `npm run depcruise` checks the same.
const DEPCRUISE_PATHS = ['src', 'web', 'bench', 'scripts', 'test', 'bin'];
const only = process.argv.slice(2);
/** Runs a Node script from node_modules; exits with its status when it fails. */
function step(script, args) {
  const r = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (only.length === 0) {
  step('node_modules/typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json']);
  step('node_modules/typescript/bin/tsc', ['--noEmit', '-p', 'web/tsconfig.json']);
  // Boundaries (.dependency-cruiser.cjs, docs/architecture.md), lint (eslint.config.js), format (.prettierrc.json).
  step('node_modules/dependency-cruiser/bin/dependency-cruise.mjs', ['--output-type', 'err', ...DEPCRUISE_PATHS]);
  step('node_modules/eslint/bin/eslint.js', ['.']);
  step('node_modules/prettier/bin/prettier.cjs', ['--check', '--log-level', 'warn', '.']);
}
const files = only.length ? only : [...find('src'), ...find('test'), ...find('web/test')].sort();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
