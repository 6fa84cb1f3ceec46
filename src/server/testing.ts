/**
 * Test support: a Kernel and an HTTP app over a fresh database of a given dialect, with a manual clock and the
 * demo accounts. Tests call the public API through `app.inject`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../kernel/config.ts';
import { freshDb, type TestDb } from '../kernel/db/testing.ts';
import type { DialectName } from '../kernel/db/adapter.ts';
import { ManualClock } from '../kernel/calendar/index.ts';
import { createKernel } from './boot.ts';
import { buildApp } from './app.ts';
import { MODULES } from '../modules/index.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { App } from '../kernel/http.ts';
import { seedRegistryDemo, DEMO_PASSWORD } from '../modules/registry/demo.ts';

// What tests outside src/server may take from here (dependency rules, docs/architecture.md): kernel tests migrate a
// fresh database with every module's migrations; module tests log in demo accounts.
export { allMigrations } from '../modules/index.ts';
export { DEMO_PASSWORD };

export interface TestApp {
  k: Kernel;
  app: App;
  clock: ManualClock;
  db: TestDb;
  dataDir: string;
  /** Logs in a demo account and returns `{ authorization: 'Bearer …' }`. */
  login(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function testApp(dialect: DialectName, opts: { start?: string; demo?: { enterprises: number; persons: number } } = {}): Promise<TestApp> {
  const db = await freshDb(dialect);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-app-'));
  const clock = new ManualClock(opts.start ?? '2026-12-01T02:00:00Z');
  const config = { ...loadConfig({ ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: dataDir }), dataKey: randomBytes(32).toString('base64'), publicRateLimit: 100000 };
  const k = await createKernel({ config, clock, db });
  await seedRegistryDemo(k, opts.demo ?? { enterprises: 0, persons: 0 });
  const app = await buildApp(k, MODULES, { webDist: null });
  return {
    k,
    app,
    clock,
    db,
    dataDir,
    async login(username: string) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: DEMO_PASSWORD } });
      if (r.statusCode !== 201) throw new Error(`login ${username} failed: ${r.body}`);
      return { authorization: `Bearer ${r.json().token}` };
    },
    async close() {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
