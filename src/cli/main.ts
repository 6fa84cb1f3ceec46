/**
 * The `onewindow` command. Each subcommand prints what it did, and exits non-zero with a clear message on failure:
 * 1 for a usage error, 2 for a failed operation (and 3 when `audit verify` finds problems).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createKernel } from '../server/boot.ts';
import { buildApp } from '../server/app.ts';
import { MODULES, allMigrations } from '../modules/index.ts';
import type { StoredProblem } from '../modules/module.ts';
import { migrateDown } from '../kernel/db/migrate.ts';
import { systemCtx } from '../kernel/context.ts';
import { createAccount } from '../kernel/auth/accounts.ts';
import { ROLES, type Role } from '../kernel/auth/roles.ts';
import { AppError } from '../kernel/errors.ts';
import { ensureWebBuildInChild } from '../server/web-build.ts';
import { seedDemo } from './seed.ts';
import {
  CHECKPOINT_JOB,
  checkpointJobHandler,
  createCheckpoint,
  enqueueCheckpointJob,
} from '../kernel/audit-checkpoints.ts';
import { formatVerifyReport, verifyAuditChain } from '../kernel/audit-verify.ts';
import { checkReceipt, formatReceiptCheck, receiptsIn, type ReceiptCheck } from '../kernel/audit-receipts.ts';
import { formatStatusReport, verifyLifecycleStatuses } from '../kernel/lifecycle-verify.ts';
import { platformJwks } from '../kernel/platform-keys.ts';
import { backup, defaultBackupFile, restore } from './backup.ts';
import { loadConfig } from '../kernel/config.ts';
import { assertProductionReady } from '../server/production.ts';
import { eventStats, startWorkers } from '../kernel/outbox.ts';
import { jobStats } from '../kernel/jobs.ts';
import { DRAW_VERIFY_USAGE, drawVerifyCommand } from './draw-verify.ts';
import { CERT_VERIFY_USAGE, certVerifyCommand } from './cert-verify.ts';
import { HOTLINE_USAGE, HotlineUsageError, hotlineCommand } from './hotline.ts';

const USAGE = `onewindow <command> [options]

  start                          migrate, seed the demo province on first start (not in production), build the web UI if stale, serve
  migrate [--down N]             apply pending migrations (or undo the last N)
  seed-demo [--enterprises N] [--persons N]
                                 add the demo province and synthetic data up to N enterprises / persons
  user create --username U --password P --name NAME --roles r1,r2 [--region CODE] [--department CODE]
  calendar load FILE             load an official holiday year (holiday-cn JSON) and recompute provisional deadlines
  calendar status                show loaded years, provisional deadlines and warnings
  audit verify [--json] [--receipt FILE]…
                                 recompute every audit chain, cross-check actions, heads and signed checkpoints, and hold every
                                 stored status to the one its action rows lead to (exit 3 on problems); with --receipt, also
                                 check each write receipt in FILE (signature, and its links still in the log)
  audit checkpoint               sign and store a checkpoint of every chain head now
  draw verify RECORD.json POPULATION.tsv POOLS.tsv RECUSALS.tsv [--json]
                                 re-run a random-inspection draw from its published files (docs/draw-spec.md);
                                 exit 3 on a difference
  cert verify FILE|TOKEN [--trust-list FILE] [--status-list FILE]… [--json]
                                 verify a certificate credential offline against a trust list and status lists (exit 3 when invalid)
  backup [FILE]                  SQLite: online backup; PostgreSQL: pg_dump (custom format) — default under <data>/backups/
  restore FILE                   SQLite: verify and replace the database (stop the server first); PostgreSQL: pg_restore --clean
  jobs status                    count background jobs by status (queued, running, done, failed, dead)
  events status                  count undispatched events, deliveries by status and webhooks
${HOTLINE_USAGE}

Configuration: PORT, DATABASE_URL, ONEWINDOW_DATA_DIR, ONEWINDOW_MODE, ONEWINDOW_DATA_KEY (see README).`;

class UsageError extends Error {}

function formatStoredReport(s: { checked: Record<string, number>; problems: StoredProblem[] }): string {
  const counts = Object.entries(s.checked)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  if (!s.problems.length) return `stored records: OK (${counts || 'none'} checked against their signatures and seals)`;
  return [
    `stored records: ${s.problems.length} problem(s) (${counts} checked)`,
    ...s.problems.map((p) => `  ${p.subjectType} ${p.subjectId}: ${p.kind}: ${p.detail}`),
  ].join('\n');
}

function need(v: string | undefined, name: string): string {
  if (!v) throw new UsageError(`missing --${name}`);
  return v;
}

function count(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}

async function start(): Promise<void> {
  const t0 = Date.now();
  const k = await createKernel();
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    await assertProductionReady(k);
    if (k.config.mode !== 'production') await seedDemo(k, k.config.demo);
    const webDist = k.config.web ? await ensureWebBuildInChild({ log: (m) => k.log.info(m) }) : null;
    app = await buildApp(k, MODULES, { webDist });
    await app.listen({ host: k.config.host, port: k.config.port });
  } catch (e) {
    await k.close(); // a refused or failed start leaves no open database behind
    throw e;
  }
  k.log.info({ ms: Date.now() - t0, port: k.config.port, database: k.adapter.dialect }, 'OneWindow is serving');
  // Signed audit checkpoints, whenever a chain has moved, every checkpointIntervalMs: a kernel job any process may run.
  await enqueueCheckpointJob(k, k.clock.now());
  // The job runner and the event dispatcher (docs/events-and-jobs.md); ONEWINDOW_WORKERS=off leaves them to other processes.
  const workers = k.config.workers.enabled
    ? startWorkers(
        k,
        (runner) => {
          runner.register(CHECKPOINT_JOB, checkpointJobHandler(k));
          for (const m of MODULES)
            for (const [kind, handler] of Object.entries(m.jobs?.(k) ?? {})) runner.register(kind, handler);
        },
        MODULES.flatMap((m) => m.subscribers ?? []),
      )
    : null;
  const stop = async () => {
    await workers?.stop();
    await app.close();
    await k.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  try {
    switch (cmd) {
      case 'start':
        await start();
        return -1; // keep running
      case 'migrate': {
        const { values } = parseArgs({ args: argv.slice(1), options: { down: { type: 'string' } } });
        const k = await createKernel({ migrate: values.down === undefined });
        try {
          if (values.down !== undefined) {
            const ran = await migrateDown(k.db, k.adapter, allMigrations(MODULES), count(values.down, 'down', 1));
            console.log(ran.length ? ran.join('\n') : 'nothing to undo');
          } else console.log('database is at the latest migration');
        } finally {
          await k.close();
        }
        return 0;
      }
      case 'seed-demo': {
        const { values } = parseArgs({
          args: argv.slice(1),
          options: { enterprises: { type: 'string' }, persons: { type: 'string' } },
        });
        const k = await createKernel();
        try {
          if (k.config.mode === 'production') throw new UsageError('seed-demo is refused in production mode');
          const size = {
            enterprises: count(values.enterprises, 'enterprises', k.config.demo.enterprises),
            persons: count(values.persons, 'persons', k.config.demo.persons),
          };
          const t0 = Date.now();
          await seedDemo(k, size);
          console.log(
            `demo province seeded (${size.enterprises} enterprises, ${size.persons} persons) in ${Date.now() - t0} ms`,
          );
        } finally {
          await k.close();
        }
        return 0;
      }
      case 'user': {
        if (sub !== 'create')
          throw new UsageError('usage: onewindow user create --username U --password P --name NAME --roles r1,r2');
        const { values } = parseArgs({
          args: rest,
          options: {
            username: { type: 'string' },
            password: { type: 'string' },
            name: { type: 'string' },
            roles: { type: 'string' },
            region: { type: 'string' },
            department: { type: 'string' },
          },
        });
        const roles = need(values.roles, 'roles')
          .split(',')
          .map((r) => r.trim()) as Role[];
        for (const r of roles)
          if (!ROLES.includes(r)) throw new UsageError(`unknown role ${r}; roles: ${ROLES.join(', ')}`);
        const k = await createKernel();
        try {
          const id = await createAccount(
            k.db,
            k.adapter,
            {
              username: need(values.username, 'username'),
              password: need(values.password, 'password'),
              name: need(values.name, 'name'),
              kind: roles.includes('applicant') && roles.length === 1 ? 'person' : 'staff',
              roles,
              region: values.region ?? null,
              department: values.department ?? null,
            },
            k.clock.now(),
          );
          console.log(`created account ${values.username} (${id})`);
        } finally {
          await k.close(); // also when the account exists: the kernel's pool must not outlive the command
        }
        return 0;
      }
      case 'calendar': {
        const k = await createKernel();
        try {
          if (sub === 'load') {
            const file = rest[0];
            if (!file) throw new UsageError('usage: onewindow calendar load FILE');
            if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
            let json: unknown;
            try {
              json = JSON.parse(fs.readFileSync(file, 'utf8'));
            } catch (e) {
              throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
            }
            const r = await k.calendar.loadYear(systemCtx(k.clock.now()), json, `cli:${file}`);
            console.log(`loaded ${r.year}: ${r.recomputed} deadlines recomputed, ${r.changed} changed`);
          } else if (sub === 'status') {
            console.log(JSON.stringify(await k.calendar.status(k.clock.now()), null, 2));
          } else throw new UsageError('usage: onewindow calendar load FILE | calendar status');
        } finally {
          await k.close();
        }
        return 0;
      }
      case 'backup': {
        const config = loadConfig();
        const file = sub ?? defaultBackupFile(config, new Date());
        console.log(`${await backup(config, file)} → ${file}`);
        return 0;
      }
      case 'restore': {
        if (!sub) throw new UsageError('usage: onewindow restore FILE');
        console.log(await restore(loadConfig(), sub));
        return 0;
      }
      case 'jobs':
      case 'events': {
        if (sub !== 'status') throw new UsageError(`usage: onewindow ${cmd} status`);
        const k = await createKernel();
        try {
          console.log(JSON.stringify(cmd === 'jobs' ? await jobStats(k.db) : await eventStats(k), null, 2));
        } finally {
          await k.close();
        }
        return 0;
      }
      case 'audit': {
        if (sub !== 'verify' && sub !== 'checkpoint')
          throw new UsageError('usage: onewindow audit verify [--json] [--receipt FILE]… | audit checkpoint');
        const { values } = parseArgs({
          args: rest,
          options: { json: { type: 'boolean' }, receipt: { type: 'string', multiple: true } },
        });
        // Read the receipt files before opening the database, so a wrong path is a usage error.
        const receiptFiles = (values.receipt ?? []).map((file) => {
          if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
          try {
            return { file, receipts: receiptsIn(fs.readFileSync(file, 'utf8')) };
          } catch (e) {
            throw new UsageError(`${file} holds no receipts: ${(e as Error).message}`);
          }
        });
        const k = await createKernel();
        try {
          if (sub === 'checkpoint') {
            const cp = await createCheckpoint(k);
            console.log(
              `checkpoint ${cp.id} at ${cp.at}: root ${cp.root} (${cp.hashAlg}), ${cp.heads.reduce((n, h) => n + h.position, 0)} links in ${cp.heads.length} chains, signed by ${cp.keyId}`,
            );
            return 0;
          }
          const keys = platformJwks(k.config).keys;
          const receipts: Array<{ file: string; check: ReceiptCheck }> = [];
          for (const { file, receipts: list } of receiptFiles)
            for (const jws of list) receipts.push({ file, check: await checkReceipt(k.db, jws, keys) });
          const report = await verifyAuditChain(k.db, k.adapter, { keys, now: k.clock.now() });
          // The chain proves the action rows untouched; the statuses check holds every stored status to its actions.
          const statuses = await verifyLifecycleStatuses(
            k.db,
            MODULES.flatMap((m) => m.lifecycles ?? []),
          );
          // Records kept beside the chain (signed certificates, sealed draw records), checked by their modules.
          const stored = { checked: {} as Record<string, number>, problems: [] as StoredProblem[] };
          for (const m of MODULES) {
            const c = await m.verifyStored?.(k);
            if (c) {
              Object.assign(stored.checked, c.checked);
              stored.problems.push(...c.problems);
            }
          }
          const receiptsOk = receipts.every((r) => r.check.ok);
          console.log(
            values.json
              ? JSON.stringify(
                  {
                    ...report,
                    statuses,
                    stored,
                    ...(receiptFiles.length ? { receipts: receipts.map((r) => r.check) } : {}),
                  },
                  null,
                  2,
                )
              : [
                  formatVerifyReport(report),
                  formatStatusReport(statuses),
                  formatStoredReport(stored),
                  ...receipts.map((r, i) => formatReceiptCheck(r.file, i, r.check)),
                ].join('\n'),
          );
          if (receipts.some((r) => !r.check.signatureValid))
            console.error('onewindow: a receipt is not signed by a platform key (forged or damaged): refused');
          return report.ok && statuses.problems.length === 0 && stored.problems.length === 0 && receiptsOk ? 0 : 3;
        } finally {
          await k.close();
        }
      }
      case 'draw':
        if (sub !== 'verify') throw new UsageError(DRAW_VERIFY_USAGE);
        return await drawVerifyCommand(rest);
      case 'cert':
        if (sub !== 'verify') throw new UsageError(CERT_VERIFY_USAGE);
        return await certVerifyCommand(rest);
      case 'hotline':
        return await hotlineCommand(argv.slice(1));
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE);
        return cmd === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command ${cmd}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof HotlineUsageError) {
      console.error(`onewindow: ${e.message}\n\n${USAGE}`);
      return 1;
    }
    if (e instanceof AppError) {
      console.error(`onewindow: ${e.code}${e.field ? ` (${e.field})` : ''}: ${e.messages.en} / ${e.messages.zh}`);
      return 2;
    }
    console.error(`onewindow: ${(e as Error).message}`);
    return 2;
  }
}

// Run as a program (npm start, the package bin); a test process imports `main` and calls it in-process (runCli in
// src/server/testing.ts), which spares a child process that loads tsx and the whole app for every command.
if (!/\.test\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
