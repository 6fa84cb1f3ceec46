#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx (no separate build step). tsx is registered through its
// API, resolved from this file's location (not the current directory), which works wherever `--import` does
// (Node ≥ 20.6; the `--loader` path that tsx refuses on Node 20.20+ is not used).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
