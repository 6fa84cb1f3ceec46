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
  /** The public address of the web UI (e.g. https://zwfw.henan.gov.cn), used in links printed on guides' QR codes. */
  publicBaseUrl: string | null;
  /** Behind a reverse proxy: trust X-Forwarded-For from these addresses (Fastify trustProxy), so rate limits see the client. */
  trustProxy: string | boolean;
  /** Background workers in this process (docs/events-and-jobs.md): ONEWINDOW_WORKERS=on|off and their poll intervals. */
  workers: { enabled: boolean; jobsIntervalMs: number; dispatchIntervalMs: number };
  /** Hash of new audit-chain links and checkpoint roots: 'sha256' (default) or 'sm3' (GB/T 32905). Recorded per link. */
  auditHash: AuditHashAlg;
  /** The platform's Ed25519 signing key (PKCS8 PEM or private JWK); in development generated into dataDir when absent. */
  platformKey: string | null;
  /** Earlier platform public keys (JWKS JSON or a JSON array of public JWKs), still published so old checkpoints verify. */
  platformRetiredKeys: string | null;
  /** Milliseconds between signed audit checkpoints (taken when a chain has moved since the last); 0 disables. */
  checkpointIntervalMs: number;
  /** Sign a receipt (OneWindow-Receipt header) for every acknowledged write: on by default; off only to measure its cost. */
  receipts: boolean;
  /** Cases: working days after a grant on commitment (告知承诺) within which the commitment is checked (核查). */
  commitmentCheckDays: number;
  /** Certificates: days before a certificate's expiry at which its holder is told (one notice per threshold). */
  certificateExpiryNoticeDays: number[];
}

export type AuditHashAlg = 'sha256' | 'sm3';

/** ONEWINDOW_AUDIT_HASH, validated: 'sha256' (default) or 'sm3'. */
export function auditHashFromEnv(env: NodeJS.ProcessEnv = process.env): AuditHashAlg {
  const v = (env.ONEWINDOW_AUDIT_HASH || 'sha256').toLowerCase();
  if (v !== 'sha256' && v !== 'sm3') {
    throw new AppError({
      code: 'CONFIG_INVALID',
      status: 500,
      field: 'ONEWINDOW_AUDIT_HASH',
      zh: 'ONEWINDOW_AUDIT_HASH 只能是 sha256 或 sm3',
      en: 'ONEWINDOW_AUDIT_HASH must be sha256 or sm3',
    });
  }
  return v;
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

/** A comma-separated list of whole days ≥ 1 (e.g. "30,7"), largest first, without repeats. */
function dayList(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const days = raw.split(',').map((x) => Number(x.trim()));
  if (days.some((n) => !Number.isInteger(n) || n < 1 || n > 366))
    throw new AppError({
      code: 'CONFIG_INVALID',
      status: 500,
      field: name,
      zh: `配置项 ${name} 必须是以逗号分隔的天数（1—366），如 30,7`,
      en: `${name} must be comma-separated days (1–366), e.g. 30,7`,
    });
  return [...new Set(days)].sort((a, b) => b - a);
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new AppError({
    code: 'CONFIG_INVALID',
    status: 500,
    field: name,
    zh: `${name} 只能是 on 或 off`,
    en: `${name} must be on or off`,
  });
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
    publicBaseUrl: env.ONEWINDOW_PUBLIC_BASE_URL ? env.ONEWINDOW_PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    trustProxy: env.ONEWINDOW_TRUST_PROXY
      ? env.ONEWINDOW_TRUST_PROXY === 'true'
        ? true
        : env.ONEWINDOW_TRUST_PROXY
      : false,
    workers: {
      enabled: onOff(env, 'ONEWINDOW_WORKERS', true),
      jobsIntervalMs: int(env, 'ONEWINDOW_JOBS_INTERVAL_MS', 1000, 10),
      dispatchIntervalMs: int(env, 'ONEWINDOW_DISPATCH_INTERVAL_MS', 1000, 10),
    },
    auditHash: auditHashFromEnv(env),
    platformKey: env.ONEWINDOW_PLATFORM_KEY || null,
    platformRetiredKeys: env.ONEWINDOW_PLATFORM_RETIRED_KEYS || null,
    checkpointIntervalMs: int(env, 'ONEWINDOW_CHECKPOINT_INTERVAL_MS', 60_000),
    receipts: onOff(env, 'ONEWINDOW_RECEIPTS', true),
    commitmentCheckDays: int(env, 'ONEWINDOW_COMMITMENT_CHECK_DAYS', 20, 1),
    certificateExpiryNoticeDays: dayList(env, 'ONEWINDOW_CERTIFICATE_EXPIRY_NOTICE_DAYS', [30, 7]),
  };
}
