/**
 * Open311 GeoReport v2 over the hotline (docs/hotline.md, "Open311"): services are the topic taxonomy, a service
 * request is a ticket. Intake goes through `createTicket` as the key's center intake desk, in one transaction with
 * the key's use row. Reads are public but answer only public fields; a key of the center whose region holds the
 * ticket also sees the description, the exact address and coordinates and the reply. Confidential tickets and 举报
 * reports are absent to everyone else. No caller's name or phone is ever answered.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { isWithin, fullName } from '../../kernel/reference/divisions.ts';
import { checkMobile } from '../../kernel/validators/mobile.ts';
import { findDepartment } from '../registry/index.ts';
import { createTicket } from './service.ts';
import { findKeyBySecret, intakesLastMinute, isRevoked, keyPrincipal, lockKey, recordKeyUse } from './api-keys.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import {
  CLOSED_STATUSES,
  OUTCOME_LABELS,
  REQUEST_TYPES,
  REQUEST_TYPE_LABELS,
  STATUS_LABELS,
  URGENCIES,
  type Outcome,
  type RequestType,
  type TicketStatus,
  type Urgency,
} from './model.ts';
import type { HotlineApiKeyTable, HotlineCenterTable, HotlineTicketTable } from './tables.ts';

export const OPEN311_SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** At most this many requests in one answer, and at most this span between start_date and end_date. */
export const MAX_REQUESTS = 1000;
export const MAX_SPAN_DAYS = 90;

type Locale = 'zh' | 'en';

/** An ISO 8601 time with the Shanghai offset, to the second (`2026-12-01T10:00:00+08:00`), as the spec asks. */
export function open311Time(iso: string | null): string | null {
  if (!iso) return null;
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}

const byCode = (status: number, code: string, field: string | null, zh: string, en: string) =>
  new AppError({ code, status, field, zh, en });

// --- discovery and services ---------------------------------------------------------------------------------------

export function discovery(baseUrl: string) {
  return {
    changeset: '2026-12-06T00:00:00+08:00',
    contact: '12345 政务服务便民热线 · 12345 government service hotline',
    key_service: 'API keys are issued by a hotline center (its host department) to partner applications.',
    endpoints: [
      {
        specification: OPEN311_SPEC,
        url: `${baseUrl}/open311/v2`,
        changeset: '2026-12-06T00:00:00+08:00',
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

export async function listServices(k: Kernel, locale: Locale) {
  const topics = await k.db.selectFrom('hotline_topics').selectAll().where('active', '=', 1).orderBy('sort').execute();
  const byTopic = new Map(topics.map((t) => [t.code, t]));
  return topics.map((t) => {
    const group = byTopic.get(t.parent_code ?? t.code) ?? t;
    return {
      service_code: t.code,
      service_name: locale === 'en' ? t.name_en : t.name_zh,
      description: locale === 'en' ? t.name_zh : t.name_en,
      metadata: true,
      type: 'realtime',
      keywords: t.code.split('.').join(','),
      group: locale === 'en' ? group.name_en : group.name_zh,
    };
  });
}

const labels = <T extends string>(l: Record<T, { zh: string; en: string }>, list: readonly T[], locale: Locale) =>
  list.map((key) => ({ key, name: l[key][locale] }));

export async function serviceDefinition(k: Kernel, code: string, locale: Locale) {
  const topic = await k.db
    .selectFrom('hotline_topics')
    .select('code')
    .where('code', '=', code)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!topic) throw notFound('服务 service_code', code, 'service_code');
  const zh = locale === 'zh';
  return {
    service_code: topic.code,
    attributes: [
      {
        variable: true,
        code: 'request_type',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: zh ? '诉求类型，默认投诉' : 'Request type; complaint when not given',
        order: 1,
        description: zh ? '诉求类型' : 'Request type',
        values: labels(REQUEST_TYPE_LABELS, REQUEST_TYPES, locale),
      },
      {
        variable: true,
        code: 'urgency',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: zh ? '紧急程度，默认一般' : 'Urgency; normal when not given',
        order: 2,
        description: zh ? '紧急程度' : 'Urgency',
        values: labels(
          { normal: { zh: '一般', en: 'Normal' }, urgent: { zh: '紧急', en: 'Urgent' } },
          URGENCIES,
          locale,
        ),
      },
      {
        variable: true,
        code: 'region',
        datatype: 'string',
        required: false,
        datatype_description: zh
          ? '6位行政区划代码；默认为接口密钥所属热线中心的地区'
          : 'The 6-digit division code of the location; the key’s center region when not given',
        order: 3,
        description: zh ? '所在行政区划' : 'Division of the location',
      },
    ],
  };
}

// --- intake -------------------------------------------------------------------------------------------------------

/** A POST requests.json body, JSON or form-encoded (`attribute[code]=value` gathered into `attribute`). */
export type Open311Body = Record<string, unknown> & { attribute?: Record<string, unknown> };

const str = (v: unknown): string | null => {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  return v.trim() || null;
};

async function keyFor(k: Kernel, now: Date, secret: string | null) {
  if (!secret) return null;
  const found = await findKeyBySecret(k.db, secret);
  if (!found) throw byCode(403, 'API_KEY_INVALID', 'api_key', 'api_key 无效', 'Invalid api_key');
  if (found.key.revoked_at) {
    await recordKeyUse(k.db, now, found.key.id, 'revoked_refused');
    throw byCode(403, 'API_KEY_REVOKED', 'api_key', 'api_key 已吊销', 'The api_key was revoked');
  }
  return found;
}

function coordinate(v: unknown, field: 'lat' | 'long'): number | null {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s);
  if (!Number.isFinite(n) || Math.abs(n) > (field === 'lat' ? 90 : 180))
    throw invalid(field, 'COORDINATES_INVALID', `${field} 不是有效的坐标`, `${field} is not a valid coordinate`);
  return n;
}

function oneOf<T extends string>(v: unknown, list: readonly T[], dflt: T, field: string): T {
  const s = str(v);
  if (s === null) return dflt;
  if (!list.includes(s as T))
    throw invalid(field, 'VALUE_NOT_ALLOWED', `${field} 取值无效`, `${field} must be one of ${list.join(', ')}`);
  return s as T;
}

/**
 * POST requests.json: files a ticket for the key's center (channel open311). Refused: no or an unknown key (400/403),
 * a revoked key (403), more intakes in the last minute than the key's rate (429, recorded as a use).
 */
export async function submitRequest(k: Kernel, now: Date, requestId: string | null, body: Open311Body) {
  const secret = str(body.api_key);
  if (!secret) throw invalid('api_key', 'FIELD_REQUIRED', '缺少 api_key', 'api_key is required');
  const found = (await keyFor(k, now, secret))!;
  const { key, center } = found;
  const attrs = body.attribute ?? {};
  const serviceCode = str(body.service_code);
  if (!serviceCode) throw invalid('service_code', 'FIELD_REQUIRED', '缺少 service_code', 'service_code is required');
  const description = str(body.description);
  if (!description)
    throw invalid('description', 'FIELD_REQUIRED', '缺少诉求内容 description', 'description is required');
  const lat = coordinate(body.lat, 'lat');
  const lng = coordinate(body.long, 'long');
  const address = str(body.address_string);
  if ((lat === null || lng === null) && !address)
    throw invalid(
      'lat',
      'LOCATION_REQUIRED',
      '请提供经纬度（lat 和 long）或地址 address_string',
      'Give lat and long, or address_string',
    );
  const phone = str(body.phone);
  if (!phone) throw invalid('phone', 'FIELD_REQUIRED', '缺少来电人手机号 phone', 'phone is required');
  const phoneCheck = checkMobile(phone);
  if (!phoneCheck.ok) throw invalid('phone', phoneCheck.code, phoneCheck.zh, phoneCheck.en);
  const topic = await k.db
    .selectFrom('hotline_topics')
    .select('code')
    .where('code', '=', serviceCode)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!topic) throw invalid('service_code', 'SERVICE_UNKNOWN', '没有该服务 service_code', 'No such service_code');
  const requestType = oneOf(attrs.request_type, REQUEST_TYPES, 'complaint', 'attribute[request_type]');
  const urgency = oneOf(attrs.urgency, URGENCIES, 'normal', 'attribute[urgency]');
  const region = str(attrs.region) ?? center.region;
  // Chinese order: family name (last_name) first.
  const name = [str(body.last_name), str(body.first_name)].filter(Boolean).join('') || null;

  const ctx: Ctx = { principal: keyPrincipal(key, center), requestId, now };
  const ticket = await k.db.transaction().execute(async (t) => {
    // The key's row is locked first (a no-op update), so one key's intakes take turns: the count below then sees
    // every intake committed before, across processes, and a revocation committed meanwhile is seen too.
    await lockKey(t, key.id);
    if (await isRevoked(t, key.id)) return 'revoked' as const;
    if ((await intakesLastMinute(t, key.id, now)) >= Number(key.rate_per_minute)) return null;
    const created = await createTicket(
      k,
      ctx,
      {
        channel: 'open311',
        requestType,
        topicCode: topic.code,
        content: description,
        region,
        address,
        lat,
        lng,
        urgency,
        callerName: name,
        callerPhone: phone,
      },
      t,
    );
    await recordKeyUse(t, now, key.id, 'intake', created.id);
    return created;
  });
  if (ticket === 'revoked') {
    await recordKeyUse(k.db, now, key.id, 'revoked_refused');
    throw byCode(403, 'API_KEY_REVOKED', 'api_key', 'api_key 已吊销', 'The api_key was revoked');
  }
  if (!ticket) {
    await recordKeyUse(k.db, now, key.id, 'rate_limited');
    throw byCode(
      429,
      'RATE_LIMITED',
      'api_key',
      `该 api_key 每分钟最多提交 ${key.rate_per_minute} 件，请稍后再试`,
      `This api_key may file ${key.rate_per_minute} requests a minute; try again later`,
    );
  }
  return [
    {
      service_request_id: ticket.number,
      token: ticket.id,
      service_notice: `${center.name}已受理，工单号 ${ticket.number}；市民可凭工单号和手机号查询办理进度。`,
      account_id: null,
    },
  ];
}

// --- reads --------------------------------------------------------------------------------------------------------

export interface RequestsQuery {
  api_key?: string;
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  jurisdiction_id?: string;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function parseDate(field: 'start_date' | 'end_date', v: string): Date {
  // ISO 8601 with a time zone (Z or ±hh:mm), as the spec's dates; a bare date counts as that day in Shanghai.
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const t = full ? Date.parse(v) : day ? Date.parse(`${v}T00:00:00+08:00`) : NaN;
  if (!Number.isFinite(t))
    throw invalid(
      field,
      'DATE_INVALID',
      `${field} 须为带时区的 ISO 8601 时间`,
      `${field} must be an ISO 8601 time with a time zone`,
    );
  return new Date(t);
}

/** Whether a key sees the ticket's private fields: its center's region holds the ticket's location. */
const owns = (found: { center: HotlineCenterTable } | null, row: HotlineTicketTable) =>
  found !== null && isWithin(row.region, found.center.region);

/** Confidential tickets and 举报 reports exist only for a key that owns them. */
const listed = (found: { center: HotlineCenterTable } | null, row: HotlineTicketTable) =>
  owns(found, row) || (Number(row.confidential) === 0 && row.request_type !== 'report');

async function present(k: Kernel, rows: HotlineTicketTable[], found: { center: HotlineCenterTable } | null) {
  const topics = new Map(
    (await k.db.selectFrom('hotline_topics').select(['code', 'name_zh']).execute()).map((t) => [t.code, t.name_zh]),
  );
  // In batches, not per row: a list answers up to MAX_REQUESTS requests.
  const departments = new Map<string, string>();
  for (const code of new Set(rows.flatMap((r) => (r.department_code ? [r.department_code] : []))))
    departments.set(code, (await findDepartment(k, code))?.name ?? code);
  const primaryIds = [...new Set(rows.flatMap((r) => (r.merged_into ? [r.merged_into] : [])))];
  const merged = new Map(
    (primaryIds.length
      ? await k.db.selectFrom('hotline_tickets').selectAll().where('id', 'in', primaryIds).execute()
      : []
    ).map((p) => [p.id, p]),
  );
  const openIds = rows.filter((r) => !CLOSED_STATUSES.includes(r.status as TicketStatus)).map((r) => r.id);
  const handlingDue = new Map(
    (await k.calendar.getTrackedMany(k.db, SUBJECT_TYPE, openIds))
      .filter((d) => d.purpose === 'handling')
      .map((d) => [d.subjectId, d.dueAt]),
  );
  const out = [];
  for (const r of rows) {
    const mine = owns(found, r);
    const primary = r.merged_into ? merged.get(r.merged_into) : undefined;
    const src = primary ?? r;
    const status = r.status as TicketStatus;
    const closed = CLOSED_STATUSES.includes(status);
    const notes = [`${STATUS_LABELS[status].zh}（${STATUS_LABELS[status].en}）`];
    if (primary) notes.push(`并入工单 merged into ${primary.number}`);
    if (src.outcome) {
      const o = OUTCOME_LABELS[src.outcome as Outcome];
      notes.push(`答复结果 outcome: ${o.zh}（${o.en}）`);
    }
    if (mine && (src.reply ?? r.answer)) notes.push(`答复 reply: ${src.reply ?? r.answer}`);
    const round = (n: number | null) => (n === null ? null : mine ? Number(n) : Math.round(Number(n) * 100) / 100);
    out.push({
      service_request_id: r.number,
      status: closed ? 'closed' : 'open',
      status_notes: notes.join('；'),
      service_name: topics.get(r.topic_code) ?? r.topic_code,
      service_code: r.topic_code,
      description: mine ? r.content : null,
      agency_responsible: r.department_code ? (departments.get(r.department_code) ?? null) : null,
      service_notice: null,
      requested_datetime: open311Time(r.created_at)!,
      updated_datetime: open311Time(r.updated_at)!,
      expected_datetime: closed ? null : open311Time(handlingDue.get(r.id) ?? null),
      address: mine ? (r.address ?? fullName(r.region) ?? null) : (fullName(r.region) ?? null),
      address_id: null,
      zipcode: null,
      lat: round(r.lat),
      long: round(r.lng),
      media_url: null,
    });
  }
  return out;
}

async function readerKey(k: Kernel, now: Date, secret: string | undefined) {
  return keyFor(k, now, str(secret));
}

async function noteRead(k: Kernel, now: Date, key: HotlineApiKeyTable | undefined, rows: HotlineTicketTable[]) {
  if (key && rows.length) await recordKeyUse(k.db, now, key.id, 'read', rows.length === 1 ? rows[0].id : null);
}

/** GET requests.json: by ids (other filters ignored, as the spec says), else by code, dates (≤ 90 days) and status. */
export async function listRequests(k: Kernel, now: Date, q: RequestsQuery) {
  const found = await readerKey(k, now, q.api_key);
  let query = k.db.selectFrom('hotline_tickets').selectAll();
  const ids = list(q.service_request_id);
  if (ids.length) {
    if (ids.length > 100)
      throw invalid('service_request_id', 'TOO_MANY', '一次最多查询100件', 'At most 100 ids at once');
    query = query.where('number', 'in', ids);
  } else {
    let start = q.start_date ? parseDate('start_date', q.start_date) : null;
    let end = q.end_date ? parseDate('end_date', q.end_date) : null;
    const span = MAX_SPAN_DAYS * 86_400_000;
    if (!start && !end) end = now;
    if (!start) start = new Date(end!.getTime() - span);
    if (!end) end = new Date(start.getTime() + span);
    if (end.getTime() < start.getTime())
      throw invalid('end_date', 'DATE_RANGE_INVALID', 'end_date 早于 start_date', 'end_date is before start_date');
    if (end.getTime() - start.getTime() > span)
      throw invalid(
        'end_date',
        'DATE_RANGE_TOO_LONG',
        `start_date 与 end_date 相隔不得超过 ${MAX_SPAN_DAYS} 天`,
        `start_date and end_date may be at most ${MAX_SPAN_DAYS} days apart`,
      );
    query = query.where('created_at', '>=', start.toISOString()).where('created_at', '<=', end.toISOString());
    const codes = list(q.service_code);
    if (codes.length) query = query.where('topic_code', 'in', codes);
    const statuses = list(q.status);
    for (const s of statuses)
      if (s !== 'open' && s !== 'closed')
        throw invalid('status', 'VALUE_NOT_ALLOWED', 'status 只能为 open 或 closed', 'status must be open or closed');
    if (statuses.length === 1)
      query = query.where('status', statuses[0] === 'closed' ? 'in' : 'not in', [...CLOSED_STATUSES]);
  }
  if (q.jurisdiction_id) {
    const center = await k.db
      .selectFrom('hotline_centers')
      .select('region')
      .where('region', '=', q.jurisdiction_id)
      .executeTakeFirst();
    if (!center) throw notFound('辖区 jurisdiction', q.jurisdiction_id, 'jurisdiction_id');
    query = query.where('center_region', '=', center.region);
  }
  const rows = (await query.orderBy('created_at', 'desc').limit(MAX_REQUESTS).execute()).filter((r) =>
    listed(found, r),
  );
  await noteRead(
    k,
    now,
    found?.key,
    rows.filter((r) => owns(found, r)),
  );
  return present(k, rows, found);
}

/** GET requests/{id}.json: one ticket by its number; absent, and unlisted to this caller, alike. */
export async function getRequest(k: Kernel, now: Date, id: string, secret: string | undefined) {
  const found = await readerKey(k, now, secret);
  const row = await k.db.selectFrom('hotline_tickets').selectAll().where('number', '=', id).executeTakeFirst();
  if (!row || !listed(found, row)) throw notFound('服务请求 service request', id, 'service_request_id');
  if (owns(found, row)) await noteRead(k, now, found?.key, [row]);
  return present(k, [row], found);
}

/** GET tokens/{token}.json: the service request a token (the ticket's id, answered at intake) names. */
export async function getToken(k: Kernel, token: string) {
  const row = await k.db.selectFrom('hotline_tickets').selectAll().where('id', '=', token).executeTakeFirst();
  if (!row || row.channel !== 'open311') throw notFound('令牌 token', token, 'token');
  return [{ service_request_id: row.number, token: row.id }];
}

export type { RequestType, Urgency };
