/**
 * Notifications (站内消息, 短信, 邮件) about cases, made by a subscriber to the case events — so they are eventual: the
 * move commits whether or not a message can be made, and the outbox dispatcher delivers each event at least once
 * (its receipt, written with the messages, makes a second delivery a no-op).
 *
 * The applicant's account hears of acceptance (or deemed acceptance), a refusal, a supplement notice, the decision
 * and the conclusion; the clerk who asked for a supplement hears of the resubmission (it returns to them). Each
 * message is an in-app notification (the inbox: list, mark read) and, for applicants, goes out through the
 * configured channels (SMS, email): `NotificationChannel`, with a development sink that keeps what it "sent" in
 * `cases_sent_messages` (tests and developers read it). Production has no channel until a gateway is configured.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { EventEnvelope } from '../../kernel/events.ts';
import type { Subscriber } from '../../kernel/subscribers.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { casesPermissions as P } from './permissions.ts';
import { findCaseRow } from './repository.ts';
import type { CaseNotificationTable, CaseTable } from './tables.ts';

/** One message to send through a channel: to an account (the gateway finds its verified number or address). */
export interface OutboundMessage {
  recipientAccount: string;
  notificationId: string;
  text: string;
}

export interface NotificationChannel {
  readonly name: 'sms' | 'email';
  /** Sends (or queues) one message; `tx` is the subscriber's transaction, for channels that write rows. */
  send(k: Kernel, tx: Executor, m: OutboundMessage): Promise<void>;
}

/** The development sink: records the message instead of sending it. */
export function devSinkChannel(name: NotificationChannel['name']): NotificationChannel {
  return {
    name,
    async send(k, tx, m) {
      await tx
        .insertInto('cases_sent_messages')
        .values({
          id: newId(k.clock.now().getTime()),
          channel: name,
          recipient_account: m.recipientAccount,
          notification_id: m.notificationId,
          text: m.text,
          sent_at: k.clock.now().toISOString(),
        })
        .execute();
    },
  };
}

const channels = new WeakMap<object, NotificationChannel[]>();

/** The channels this kernel sends through: the development sinks outside production, none in production until set. */
export function notificationChannelsOf(k: Kernel): NotificationChannel[] {
  return channels.get(k) ?? (k.config.mode === 'production' ? [] : [devSinkChannel('sms'), devSinkChannel('email')]);
}

export function useNotificationChannels(k: Kernel, list: NotificationChannel[]): void {
  channels.set(k, list);
}

interface Message {
  title: { zh: string; en: string };
  body: { zh: string; en: string };
}

const subjectOf = (c: CaseTable) => `办件 ${c.number}（${c.item_name}）`;
const subjectEn = (c: CaseTable) => `Case ${c.number} (${c.item_name})`;

/** What the applicant is told, by event. */
const TO_APPLICANT: Record<string, (c: CaseTable) => Message> = {
  'cases.case.accepted': (c) => ({
    title: { zh: '您的申请已受理', en: 'Your application was accepted' },
    body: { zh: `${subjectOf(c)}已受理，请留意办理进度。`, en: `${subjectEn(c)} was accepted.` },
  }),
  'cases.case.deemed_accepted': (c) => ({
    title: { zh: '您的申请已视为受理', en: 'Your application is deemed accepted' },
    body: {
      zh: `${subjectOf(c)}在受理期限内未作出决定，依法自收到申请之日起视为受理。`,
      en: `${subjectEn(c)} is deemed accepted: no decision on acceptance was made within the limit.`,
    },
  }),
  'cases.case.refused': (c) => ({
    title: { zh: '您的申请不予受理', en: 'Your application was not accepted' },
    body: {
      zh: `${subjectOf(c)}不予受理，理由及法律依据见《不予受理通知书》。`,
      en: `${subjectEn(c)} was refused; the notice gives the reasons and legal basis.`,
    },
  }),
  'cases.case.supplement_requested': (c) => ({
    title: { zh: '请补正申请材料', en: 'Please supplement your application' },
    body: {
      zh: `${subjectOf(c)}需要补正，请按《补正材料通知书》一次性补正后重新提交。`,
      en: `${subjectEn(c)} needs supplementing: see the notice, then resubmit.`,
    },
  }),
  'cases.case.granted': (c) => ({
    title: { zh: '您的申请已准予许可', en: 'Your application was granted' },
    body: {
      zh: `${subjectOf(c)}已准予许可，可在办件详情中下载《准予行政许可决定书》。`,
      en: `${subjectEn(c)} was granted; download the decision from the case.`,
    },
  }),
  'cases.case.denied': (c) => ({
    title: { zh: '您的申请不予许可', en: 'Your application was denied' },
    body: {
      zh: `${subjectOf(c)}不予许可，理由、法律依据及救济途径见《不予行政许可决定书》。`,
      en: `${subjectEn(c)} was denied; the decision gives the reasons, legal basis and how to appeal.`,
    },
  }),
  'cases.case.concluded': (c) => ({
    title: { zh: '您的办件已办结', en: 'Your case is concluded' },
    body: { zh: `${subjectOf(c)}已办结。`, en: `${subjectEn(c)} is concluded.` },
  }),
};

/** What staff are told: the clerk who asked for a supplement hears that it came back. */
const TO_STAFF: Record<string, { to: (c: CaseTable) => string | null; message: (c: CaseTable) => Message }> = {
  'cases.case.resubmitted': {
    to: (c) => c.supplement_requested_by,
    message: (c) => ({
      title: { zh: '申请人已补正并重新提交', en: 'Resubmitted after your supplement notice' },
      body: {
        zh: `${subjectOf(c)}已补正后重新提交，请审核。`,
        en: `${subjectEn(c)} was resubmitted; please check it.`,
      },
    }),
  },
};

async function deliver(
  k: Kernel,
  tx: Executor,
  c: CaseTable,
  event: EventEnvelope,
  to: string,
  m: Message,
  external: boolean,
): Promise<void> {
  const row: CaseNotificationTable = {
    id: newId(k.clock.now().getTime()),
    recipient_account: to,
    case_id: c.id,
    kind: event.type,
    title_zh: m.title.zh,
    title_en: m.title.en,
    body_zh: m.body.zh,
    body_en: m.body.en,
    link: `/cases/${c.id}`,
    read_at: null,
    created_at: k.clock.now().toISOString(),
  };
  await tx.insertInto('cases_notifications').values(row).execute();
  if (!external) return;
  for (const ch of notificationChannelsOf(k))
    await ch.send(k, tx, {
      recipientAccount: to,
      notificationId: row.id,
      text: `【一网通办】${m.title.zh}：${m.body.zh}`,
    });
}

/**
 * An in-app message (站内消息) to an account about one of its cases, written by another module in the caller's
 * transaction — e.g. the certificates module's expiry notice of the certificate a case issued, linking to the wallet.
 * The inbox only: not sent through the SMS / e-mail channels.
 */
export async function addCaseMessage(
  k: Kernel,
  tx: Executor,
  m: { account: string; caseId: string; kind: string; title: Message['title']; body: Message['body']; link: string },
): Promise<void> {
  const row: CaseNotificationTable = {
    id: newId(k.clock.now().getTime()),
    recipient_account: m.account,
    case_id: m.caseId,
    kind: m.kind,
    title_zh: m.title.zh,
    title_en: m.title.en,
    body_zh: m.body.zh,
    body_en: m.body.en,
    link: m.link,
    read_at: null,
    created_at: k.clock.now().toISOString(),
  };
  await tx.insertInto('cases_notifications').values(row).execute();
}

export const NOTIFY_EVENTS = [...Object.keys(TO_APPLICANT), ...Object.keys(TO_STAFF)];

export const notifySubscriber: Subscriber = {
  name: 'cases.notify',
  events: NOTIFY_EVENTS,
  async handle(k, event, tx) {
    const c = await findCaseRow(tx, (event.payload as { id: string }).id);
    if (!c) return;
    const applicant = TO_APPLICANT[event.type];
    if (applicant && c.applicant_account) await deliver(k, tx, c, event, c.applicant_account, applicant(c), true);
    const staff = TO_STAFF[event.type];
    const to = staff?.to(c);
    if (staff && to) await deliver(k, tx, c, event, to, staff.message(c), false);
  },
};

export interface Notification {
  id: string;
  caseId: string;
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

const toNotification = (r: CaseNotificationTable): Notification => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  title: { zh: r.title_zh, en: r.title_en },
  body: { zh: r.body_zh, en: r.body_en },
  link: r.link,
  read: r.read_at !== null,
  readAt: r.read_at,
  createdAt: r.created_at,
});

/** The caller's own messages, newest first, and how many are unread. */
export async function listNotifications(
  k: Kernel,
  ctx: Ctx,
  f: { unread?: boolean; before?: string | null; limit: number },
): Promise<{ items: Notification[]; unread: number }> {
  requirePermission(ctx, P.read);
  const mine = k.db.selectFrom('cases_notifications').where('recipient_account', '=', ctx.principal.id);
  let q = mine.selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.unread) q = q.where('read_at', 'is', null);
  if (f.before) q = q.where('id', '<', f.before);
  const unread = await mine
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { items: (await q.execute()).map(toNotification), unread: Number(unread.n) };
}

/**
 * Marks one of the caller's messages read (again: no change). Someone else's answers as absent. Not an audited
 * action: reading one's own inbox changes nothing anyone else relies on.
 */
export async function markNotificationRead(k: Kernel, ctx: Ctx, id: string): Promise<Notification> {
  requirePermission(ctx, P.read);
  const mine = () =>
    k.db
      .selectFrom('cases_notifications')
      .selectAll()
      .where('id', '=', id)
      .where('recipient_account', '=', ctx.principal.id)
      .executeTakeFirst();
  const r = await mine();
  if (!r) throw notFound('消息 notification', id, 'params.id');
  if (r.read_at) return toNotification(r);
  await k.db
    .updateTable('cases_notifications')
    .set({ read_at: ctx.now.toISOString() })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
  return toNotification((await mine())!);
}

/** Marks every unread message of the caller read; answers how many were. */
export async function markAllNotificationsRead(k: Kernel, ctx: Ctx): Promise<number> {
  requirePermission(ctx, P.read);
  const r = await k.db
    .updateTable('cases_notifications')
    .set({ read_at: ctx.now.toISOString() })
    .where('recipient_account', '=', ctx.principal.id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
