#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx (no separate build step).
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
register('tsx/esm', pathToFileURL('./'));
await import('../src/cli/main.ts');
