/**
 * `onewindow backup` and `onewindow restore`. SQLite: the online backup API (consistent while the server runs);
 * restore checks the file's integrity and migration table, then replaces the database (stop the server first).
 * PostgreSQL: pg_dump in its custom format and pg_restore --clean, limited to the configured schema when one is set.
 * Stored files (kernel/blobs.ts: a case's materials) go beside the backup file, in `<FILE>.blobs/`, and come back on
 * restore. They are named by their SHA-256, so copying adds what is missing and never overwrites.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Config } from '../kernel/config.ts';
import { sqliteFileOf } from '../server/boot.ts';

const run = promisify(execFile);

export function defaultBackupFile(config: Config, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(config.dataDir, 'backups', `onewindow-${stamp}.${config.databaseUrl ? 'pgdump' : 'sqlite'}`);
}

/** The pg_dump / pg_restore arguments (also printed, so an operator can run them by hand). */
export function pgDumpArgs(config: Config, file: string): string[] {
  return [
    '--format=custom',
    `--file=${file}`,
    ...(config.pgSchema ? [`--schema=${config.pgSchema}`] : []),
    '--no-owner',
    config.databaseUrl!,
  ];
}

export function pgRestoreArgs(config: Config, file: string): string[] {
  return [
    '--clean',
    '--if-exists',
    '--no-owner',
    ...(config.pgSchema ? [`--schema=${config.pgSchema}`] : []),
    `--dbname=${config.databaseUrl!}`,
    file,
  ];
}

/** Copies the files under `from` that `to` lacks (blobs are content-addressed: a file of that name is the same file). */
function copyMissing(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let copied = 0;
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copied += copyMissing(src, dst);
    else if (e.isFile() && !e.name.endsWith('.tmp') && !fs.existsSync(dst)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst, fs.constants.COPYFILE_EXCL);
      copied++;
    }
  }
  return copied;
}

const blobsOf = (config: Config) => path.join(config.dataDir, 'blobs');

export async function backup(config: Config, file: string): Promise<string> {
  const database = await backupDatabase(config, file);
  const files = copyMissing(blobsOf(config), `${file}.blobs`);
  return files ? `${database}; ${files} stored files → ${file}.blobs` : database;
}

export async function restore(config: Config, file: string): Promise<string> {
  const database = await restoreDatabase(config, file);
  const files = copyMissing(`${file}.blobs`, blobsOf(config));
  return files ? `${database}; ${files} stored files restored` : database;
}

async function backupDatabase(config: Config, file: string): Promise<string> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (config.databaseUrl) {
    await run('pg_dump', pgDumpArgs(config, file));
    return `pg_dump ${pgDumpArgs(config, file)
      .map((a) => (a === config.databaseUrl ? '$DATABASE_URL' : a))
      .join(' ')}`;
  }
  const source = sqliteFileOf(config);
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  return `sqlite online backup of ${source}`;
}

async function restoreDatabase(config: Config, file: string): Promise<string> {
  if (!fs.existsSync(file)) throw new Error(`no such backup file: ${file}`);
  if (config.databaseUrl) {
    await run('pg_restore', pgRestoreArgs(config, file));
    return 'pg_restore --clean';
  }
  // Check the backup before touching the live database.
  const check = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`backup ${file} fails its integrity check: ${String(ok)}`);
    const migrated = check.prepare("select count(*) as n from sqlite_master where name = 'ow_migration'").get() as {
      n: number;
    };
    if (migrated.n !== 1) throw new Error(`${file} is not a OneWindow database`);
  } finally {
    check.close();
  }
  const target = sqliteFileOf(config);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restore-${process.pid}`;
  fs.copyFileSync(file, tmp);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(tmp, target);
  return `replaced ${target}`;
}
