/**
 * Configuration, read and validated once at start-up into a typed object. Everything comes from
 * environment variables (`ONEWINDOW_*`, plus `PORT` and `DATABASE_URL`); nothing else reads `process.env`.
 */
import path from 'node:path';
import { AppError } from './errors.ts';

export type Mode = 'development' | 'production' | 'test';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** Folder for the embedded SQLite database, generated keys and backups. */
  dataDir: string;
  /** PostgreSQL connection string; when absent, SQLite in `dataDir` is used. */
  databaseUrl: string | null;
  /** PostgreSQL schema (search_path) to use; tests and benchmarks use their own. */
  pgSchema: string | null;
  logLevel: string;
  /** Base64 32-byte key for personal-data encryption; in development generated into dataDir when absent. */
  dataKey: string | null;
  /** Requests per minute per client IP on public (unauthenticated) endpoints. */
  publicRateLimit: number;
  demo: { enterprises: number; persons: number };
  /** Serve and (re)build the web UI. */
  web: boolean;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new AppError({
      code: 'CONFIG_INVALID',
      status: 500,
      field: name,
      zh: `配置项 ${name} 必须是不小于 ${min} 的整数`,
      en: `${name} must be an integer ≥ ${min}`,
    });
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = (env.ONEWINDOW_MODE ?? 'development') as Mode;
  if (!['development', 'production', 'test'].includes(mode)) {
    throw new AppError({
      code: 'CONFIG_INVALID',
      status: 500,
      field: 'ONEWINDOW_MODE',
      zh: 'ONEWINDOW_MODE 只能是 development、production 或 test',
      en: 'ONEWINDOW_MODE must be development, production or test',
    });
  }
  return {
    mode,
    host: env.HOST ?? '0.0.0.0',
    port: int(env, 'PORT', 8080),
    dataDir: path.resolve(env.ONEWINDOW_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    pgSchema: env.ONEWINDOW_PG_SCHEMA || null,
    logLevel: env.ONEWINDOW_LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    dataKey: env.ONEWINDOW_DATA_KEY || null,
    publicRateLimit: int(env, 'ONEWINDOW_PUBLIC_RATE_LIMIT', 600, 1),
    demo: {
      enterprises: int(env, 'ONEWINDOW_DEMO_ENTERPRISES', 200),
      persons: int(env, 'ONEWINDOW_DEMO_PERSONS', 200),
    },
    web: env.ONEWINDOW_WEB !== 'off',
  };
}
