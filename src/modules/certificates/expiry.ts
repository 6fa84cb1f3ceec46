/**
 * Expiry (证照到期): a daily job, `certificates.expiry`, run by the kernel's job runner on the kernel clock. Each run
 *  - moves every certificate in force past its `validUntil` to `expired` — the lifecycle's system move `expire`, an
 *    audited action with a reason, the holder enterprise's licence marked expired in the same transaction, event
 *    `certificates.certificate.expired` (verification answers `expired` from the dates all along; no status bit);
 *  - tells holders ahead of time: at each threshold of `ONEWINDOW_CERTIFICATE_EXPIRY_NOTICE_DAYS` (default 30 and 7
 *    days before) one notice per certificate and threshold (a unique row; a run again adds none), shown in the holder's
 *    wallet with 申请延续 (renewal.ts) and in the holder's inbox (cases' `addCaseMessage`, with the issuing case),
 *    audited as `expiry_notice` with event `certificates.certificate.expiry_noticed`;
 *    (dates in reasons are the validUntil's date as the face prints it);
 *  - queues the next day's run (one job per China day: its unique key), so several processes queue it once.
 * Issuing a certificate queues the current day's run (issue.ts), which starts the chain on a fresh database.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import type { JobHandler } from '../../kernel/jobs.ts';
import { addDays, shanghaiDate } from '../../kernel/calendar/index.ts';
import { EXPIRY_JOB, enqueueExpiryRun } from './expiry-schedule.ts';
import { newId } from '../../kernel/ids.ts';
import { certificateLifecycle } from './lifecycle.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import type { ExpiryNoticeTable } from './tables.ts';
import { addCaseMessage } from '../cases/index.ts';

export { EXPIRY_JOB } from './expiry-schedule.ts';
const DAY_MS = 86_400_000;
const BATCH = 200;

const moved = (e: unknown) =>
  e instanceof AppError && ['TRANSITION_NOT_ALLOWED', 'VERSION_CONFLICT', 'NOT_FOUND'].includes(e.code);

/** Moves certificates in force past their validity to expired; answers how many it moved. */
export async function expireCertificates(k: Kernel, now: Date): Promise<number> {
  const ctx = systemCtx(now);
  let n = 0;
  for (;;) {
    const rows = await k.db
      .selectFrom('certificates_certificates')
      .select(['id', 'version', 'valid_until'])
      .where('status', 'in', ['issued', 'suspended'])
      .where('valid_until', 'is not', null)
      .where('valid_until', '<', now.toISOString())
      .orderBy('valid_until')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      try {
        await certificateLifecycle.transition(k, ctx, r.id, 'expire', {
          version: Number(r.version),
          reason: `有效期至 ${r.valid_until!.slice(0, 10)} 届满`,
        });
        n++;
      } catch (e) {
        // Moved meanwhile (revoked, superseded, another process's run): nothing to do.
        if (!moved(e)) throw e;
      }
    }
    if (rows.length < BATCH) return n;
  }
}

/** The threshold a certificate with `left` ms of validity is at: the smallest of `days` that is ≥ its days left. */
function thresholdOf(days: number[], left: number): number | null {
  const within = days.filter((d) => left <= d * DAY_MS);
  return within.length ? Math.min(...within) : null;
}

/** Tells holders of certificates in force that expire within a threshold, once per threshold; answers how many. */
export async function sendExpiryNotices(k: Kernel, now: Date): Promise<number> {
  const days = k.config.certificateExpiryNoticeDays;
  if (days.length === 0) return 0;
  const horizon = new Date(now.getTime() + Math.max(...days) * DAY_MS).toISOString();
  const ctx = systemCtx(now);
  let n = 0;
  let after = '';
  for (;;) {
    const rows = await k.db
      .selectFrom('certificates_certificates')
      .select(['id', 'number', 'department_code', 'holder_account', 'valid_until', 'type_name', 'case_id'])
      .where('status', '=', 'issued')
      .where('holder_account', 'is not', null)
      .where('valid_until', '>=', now.toISOString())
      .where('valid_until', '<=', horizon)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      const d = thresholdOf(days, new Date(r.valid_until!).getTime() - now.getTime());
      if (d === null) continue;
      const sent = await k.db.transaction().execute(async (tx) => {
        const row: ExpiryNoticeTable = {
          id: newId(now.getTime()),
          certificate_id: r.id,
          holder_account: r.holder_account!,
          days: d,
          valid_until: r.valid_until!,
          created_at: now.toISOString(),
        };
        const ins = await tx
          .insertInto('certificates_expiry_notices')
          .values(row)
          .onConflict((oc) => oc.columns(['certificate_id', 'days']).doNothing())
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        await k.audit.record(tx, ctx, {
          permission: P.expire,
          action: 'expiry_notice',
          subjectType: 'certificates.certificate',
          subjectId: r.id,
          reason: `${r.type_name}有效期至 ${r.valid_until!.slice(0, 10)}（提前 ${d} 天提醒）`,
          after: { days: d, validUntil: r.valid_until },
          event: certificatesEvents.make('certificates.certificate.expiry_noticed', {
            id: r.id,
            number: r.number,
            department: r.department_code,
            days: d,
            validUntil: r.valid_until!,
          }),
        });
        // …and in the holder's inbox, beside the messages of the case that issued it (cases' inbox is per case).
        if (r.case_id) {
          const until = r.valid_until!.slice(0, 10);
          await addCaseMessage(k, tx, {
            account: r.holder_account!,
            caseId: r.case_id,
            kind: 'certificates.certificate.expiry_noticed',
            title: { zh: '证照即将到期', en: 'A certificate expires soon' },
            body: {
              zh: `您的${r.type_name}（编号 ${r.number}）有效期至 ${until}，可在“我的证照库”申请延续。`,
              en: `Your ${r.type_name} (number ${r.number}) is valid until ${until}; apply to renew it in My certificates.`,
            },
            link: '/certificates/mine',
          });
        }
        return true;
      });
      if (sent) n++;
    }
    if (rows.length < BATCH) return n;
    after = rows[rows.length - 1].id;
  }
}

/** The daily job: expiry, notices, then the next day's run queued. Idempotent (a second run moves and sends none). */
export function expiryJobs(k: Kernel): Record<string, JobHandler> {
  return {
    [EXPIRY_JOB]: async (_job, { now }) => {
      await expireCertificates(k, now);
      await sendExpiryNotices(k, now);
      await enqueueExpiryRun(k, k.db, addDays(shanghaiDate(now), 1), now);
    },
  };
}

/** An expiry notice as the holder's wallet shows it. */
export interface ExpiryNotice {
  id: string;
  certificateId: string;
  days: number;
  validUntil: string;
  createdAt: string;
  /** The renewal case started for the certificate (renewal.ts), the newest. */
  renewalCaseId: string | null;
}

/** The holder's expiry notices of certificates still in force or lately expired, newest first. */
export async function myExpiryNotices(k: Kernel, ctx: Ctx): Promise<ExpiryNotice[]> {
  requirePermission(ctx, P.own);
  const rows = await k.db
    .selectFrom('certificates_expiry_notices')
    .selectAll()
    .where('holder_account', '=', ctx.principal.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const renewals = await k.db
    .selectFrom('certificates_renewals')
    .select(['certificate_id', 'case_id'])
    .where('holder_account', '=', ctx.principal.id)
    .orderBy('created_at', 'asc')
    .execute();
  const renewal = new Map(renewals.map((r) => [r.certificate_id, r.case_id]));
  return rows.map((r) => ({
    id: r.id,
    certificateId: r.certificate_id,
    days: Number(r.days),
    validUntil: r.valid_until,
    createdAt: r.created_at,
    renewalCaseId: renewal.get(r.certificate_id) ?? null,
  }));
}
