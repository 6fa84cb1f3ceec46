/** The hotline module's tables and their migrations (block 6; this slice uses 0600–0649, the classifier 0650–0659). */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import { DEFAULT_TOPICS } from './taxonomy.ts';

/** A hotline center (12345 热线中心): the province's or a city's, hosted by a registry department. */
export interface HotlineCenterTable {
  id: string;
  name: string;
  level: string;
  region: string;
  host_department: string;
  created_at: string;
}

/** One node of the topic taxonomy (诉求分类): codes nest by prefix parent → child. */
export interface HotlineTopicTable {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  sort: number;
  active: number;
}

/** Topic + location → department (派单规则), kept by a center. */
export interface HotlineRoutingRuleTable {
  id: string;
  center_id: string;
  topic_code: string;
  region: string;
  department_code: string;
  priority: number;
  active: number;
  version: number;
  updated_by: string;
  updated_at: string;
}

/** A ticket (工单). Caller name and phone only encrypted; the phone also by blind index (track by number + phone). */
export interface HotlineTicketTable {
  id: string;
  number: string;
  center_id: string;
  center_region: string;
  center_department: string;
  channel: string;
  request_type: string;
  topic_code: string;
  content: string;
  region: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  urgency: string;
  caller_name_enc: string | null;
  caller_name_masked: string | null;
  caller_phone_enc: string | null;
  caller_phone_index: string | null;
  caller_phone_masked: string | null;
  caller_account: string | null;
  confidential: number;
  related_uscc: string | null;
  related_case: string | null;
  related_item: string | null;
  accused_department: string | null;
  department_code: string | null;
  routed_rule_id: string | null;
  status: string;
  version: number;
  return_count: number;
  reopen_count: number;
  extension_days: number;
  extension_request_days: number;
  outcome: string | null;
  reply: string | null;
  replied_at: string | null;
  answer: string | null;
  merged_into: string | null;
  closed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Transfers between centers so far (migration 0610, default 0): once moved, the receiving center's region scopes it. */
  transfer_count?: number;
  /** 1 for a 办不成事 report (migration 0610, default 0). */
  cannot_get_done?: number;
}

/** Per center and Shanghai day, the last ticket number handed out. */
export interface HotlineCounterTable {
  center_id: string;
  day: string;
  n: number;
}

/** Every dispatch of a ticket, with the rule that matched (or the operator's choice) explained. */
export interface HotlineDispatchTable {
  id: string;
  ticket_id: string;
  department_code: string;
  rule_id: string | null;
  explanation: string;
  dispatched_by: string;
  at: string;
}

/** Callbacks (回访) to each caller: reached or not, and how satisfied. */
export interface HotlineCallbackTable {
  id: string;
  ticket_id: string;
  reached: number;
  satisfaction: string | null;
  note: string | null;
  by_account: string;
  at: string;
}

/** A raised deadline light, once per ticket, deadline, due instant and colour. */
export interface HotlineLightTable {
  ticket_id: string;
  purpose: string;
  due_at: string;
  light: string;
}

/** A supervision order (督办) on a ticket, with its level (1 催办, 2 督办, 3 挂牌督办). */
export interface HotlineSupervisionOrderTable {
  id: string;
  ticket_id: string;
  level: number;
  reason: string;
  issued_by: string;
  issued_at: string;
  due_at: string | null;
}

/** A curated knowledge-base answer (知识库) for operators. */
export interface HotlineKnowledgeTable {
  id: string;
  region: string;
  topic_code: string | null;
  question: string;
  answer: string;
  active: number;
  created_by: string;
  created_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    hotline_centers: HotlineCenterTable;
    hotline_topics: HotlineTopicTable;
    hotline_routing_rules: HotlineRoutingRuleTable;
    hotline_tickets: HotlineTicketTable;
    hotline_counters: HotlineCounterTable;
    hotline_dispatches: HotlineDispatchTable;
    hotline_callbacks: HotlineCallbackTable;
    hotline_lights: HotlineLightTable;
    hotline_supervision_orders: HotlineSupervisionOrderTable;
    hotline_knowledge: HotlineKnowledgeTable;
    hotline_api_keys: HotlineApiKeyTable;
    hotline_api_key_uses: HotlineApiKeyUseTable;
  }
}

/** An Open311 API key of a partner's client application, bound to one center; only its SHA-256 is stored. */
export interface HotlineApiKeyTable {
  id: string;
  center_id: string;
  client: string;
  contact: string | null;
  /** The key's first characters, shown so a person can tell keys apart (never enough to use it). */
  prefix: string;
  key_hash: string;
  rate_per_minute: number;
  version: number;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** One use of an API key: an intake, a refusal (rate limit, revoked) or a read of a center's private fields. */
export interface HotlineApiKeyUseTable {
  id: string;
  key_id: string;
  at: string;
  action: string;
  ticket_id: string | null;
}

export const hotlineMigrations: MigrationDef[] = [
  {
    name: '0600_hotline_base',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hotline_centers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull().unique())
        .addColumn('host_department', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('hotline_topics')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('parent_code', 'text')
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('sort', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('hotline_routing_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('center_id', 'text', (c) => c.notNull())
        .addColumn('topic_code', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('hotline_tickets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('center_id', 'text', (c) => c.notNull())
        .addColumn('center_region', 'text', (c) => c.notNull())
        .addColumn('center_department', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('request_type', 'text', (c) => c.notNull())
        .addColumn('topic_code', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('lat', 'real')
        .addColumn('lng', 'real')
        .addColumn('urgency', 'text', (c) => c.notNull())
        .addColumn('caller_name_enc', 'text')
        .addColumn('caller_name_masked', 'text')
        .addColumn('caller_phone_enc', 'text')
        .addColumn('caller_phone_index', 'text')
        .addColumn('caller_phone_masked', 'text')
        .addColumn('caller_account', 'text')
        .addColumn('confidential', 'integer', (c) => c.notNull())
        .addColumn('related_uscc', 'text')
        .addColumn('related_case', 'text')
        .addColumn('related_item', 'text')
        .addColumn('accused_department', 'text')
        .addColumn('department_code', 'text')
        .addColumn('routed_rule_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('return_count', 'integer', (c) => c.notNull())
        .addColumn('reopen_count', 'integer', (c) => c.notNull())
        .addColumn('extension_days', 'integer', (c) => c.notNull())
        .addColumn('extension_request_days', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('reply', 'text')
        .addColumn('replied_at', 'text')
        .addColumn('answer', 'text')
        .addColumn('merged_into', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      for (const [name, cols] of [
        ['hotline_tickets_region_ix', ['region', 'id']],
        ['hotline_tickets_department_ix', ['department_code', 'id']],
        ['hotline_tickets_phone_ix', ['caller_phone_index']],
        ['hotline_tickets_caller_ix', ['caller_account', 'id']],
        ['hotline_tickets_status_ix', ['status', 'id']],
      ] as const)
        await db.schema
          .createIndex(name)
          .on('hotline_tickets')
          .columns([...cols])
          .execute();
      await db.schema
        .createTable('hotline_counters')
        .addColumn('center_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('hotline_counters_pk', ['center_id', 'day'])
        .execute();
      await db.schema
        .createTable('hotline_dispatches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text')
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('dispatched_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('hotline_dispatches_ticket_ix')
        .on('hotline_dispatches')
        .columns(['ticket_id', 'id'])
        .execute();
      await db.schema
        .createTable('hotline_callbacks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('reached', 'integer', (c) => c.notNull())
        .addColumn('satisfaction', 'text')
        .addColumn('note', 'text')
        .addColumn('by_account', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('hotline_callbacks_ticket_ix')
        .on('hotline_callbacks')
        .columns(['ticket_id', 'id'])
        .execute();
      await db.schema
        .createTable('hotline_lights')
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('light', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hotline_lights_pk', ['ticket_id', 'purpose', 'due_at', 'light'])
        .execute();
      await db.schema
        .createTable('hotline_supervision_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('issued_by', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addUniqueConstraint('hotline_supervision_level_uq', ['ticket_id', 'level'])
        .execute();
      await db.schema
        .createTable('hotline_knowledge')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('topic_code', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'hotline_knowledge',
        'hotline_supervision_orders',
        'hotline_lights',
        'hotline_callbacks',
        'hotline_dispatches',
        'hotline_counters',
        'hotline_tickets',
        'hotline_routing_rules',
        'hotline_topics',
        'hotline_centers',
      ])
        await db.schema.dropTable(t).execute();
    },
  },
  {
    // The default taxonomy is configuration, not demo data: every deployment starts from it and edits it.
    name: '0601_hotline_default_topics',
    async up(db: Kysely<any>) {
      await db
        .insertInto('hotline_topics')
        .values(DEFAULT_TOPICS.map((t, i) => ({ ...t, sort: i, active: 1 })))
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.deleteFrom('hotline_topics').execute();
    },
  },
  {
    name: '0602_hotline_api_keys',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hotline_api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('center_id', 'text', (c) => c.notNull())
        .addColumn('client', 'text', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('revoke_reason', 'text')
        .execute();
      await db.schema
        .createTable('hotline_api_key_uses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'text')
        .execute();
      await db.schema
        .createIndex('hotline_api_key_uses_key_ix')
        .on('hotline_api_key_uses')
        .columns(['key_id', 'action', 'at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('hotline_api_key_uses').execute();
      await db.schema.dropTable('hotline_api_keys').execute();
    },
  },
];
