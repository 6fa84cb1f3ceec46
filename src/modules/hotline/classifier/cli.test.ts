/**
 * `onewindow hotline import … --map …` and `onewindow hotline train --eval` as a center's administrator runs them,
 * on every dialect: the fixture loads, and training prints held-out figures beside the baseline (each run of the
 * command starts a process, so this file keeps to two; the service tests cover the rest).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb, testDialects } from '../../../kernel/db/testing.ts';

const exec = promisify(execFile);
const dialects = await testDialects();
const MAP = 'content=诉求内容,topic=问题分类,department=承办单位,created=受理时间,division=区划代码';

for (const dialect of dialects) {
  test(`[${dialect}] hotline import and train --eval from the command line`, async () => {
    const db = await freshDb(dialect);
    const dataDir = db.env.ONEWINDOW_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ow-hotline-cli-'));
    const env = {
      ...process.env,
      ...db.env,
      ONEWINDOW_MODE: 'test',
      ONEWINDOW_DATA_DIR: dataDir,
      ONEWINDOW_DATA_KEY: randomBytes(32).toString('base64'),
    };
    const run = (...args: string[]) =>
      exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'hotline', ...args], { env }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    try {
      const loaded = await run('import', 'test/fixtures/hotline/tickets.csv', '--map', MAP);
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.match(loaded.stdout, /420 rows read, 420 added, 0 already loaded, 0 rejected/);

      const first = await run('train', '--eval');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /held-out split: seed 12345, 84 of 420 rows/);
      assert.match(first.stdout, /topic: accuracy [\d.]+%, macro-F1 [\d.]+, top-3/);
      assert.match(first.stdout, /baseline \(always 噪音扰民\): accuracy [\d.]+%/);
      assert.match(first.stdout, /城市管理局\s+[\d.]+\s+[\d.]+\s+\d+/);
      assert.match(first.stdout, /model v1 trained on 420 rows/);
    } finally {
      if (dialect === 'sqlite') fs.rmSync(dataDir, { recursive: true, force: true });
      else await db.drop();
    }
  });
}
