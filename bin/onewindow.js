#!/usr/bin/env node
// The package bin (and `npm start`): runs the TypeScript CLI through tsx (no separate build step). tsx is registered
// through its API, resolved from this file's location (not the current directory), which works wherever `--import`
// does (Node ≥ 20.6; the `--loader` path that tsx refuses on Node 20.20+ is not used). The server command first
// makes sure glibc's malloc arenas are capped (bin/malloc-arenas.js), before anything heavy is loaded.
import { relaunchWithArenaLimit } from './malloc-arenas.js';

if (!(process.argv[2] === 'start' && relaunchWithArenaLimit())) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
