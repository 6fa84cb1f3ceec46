/**
 * Tamper evidence (issue 14): on one database, writes through the API collect their receipts, a checkpoint is signed,
 * then the log and the records beside it are tampered with directly in the database, each experiment on a fresh
 * state, and each must be detected and located:
 *
 *   - the newest link dropped and its chain head moved back (invisible to the chain check after the last checkpoint)
 *     → the write's receipt reports the link deleted at its chain and position;
 *   - the newest entry edited and re-hashed consistently (also invisible to the chain check) → its receipt: edited;
 *   - an action row edited / deleted / a forged action inserted / two entries swapped → `audit verify` (the chain);
 *   - a stored certificate edited (holder name) or its credential swapped → the certificates' stored-record check;
 *   - a published draw record edited → the inspections' check against the digest the seal action put in the chain;
 *   - a receipt signed by another key → refused.
 *
 * Reports experiments, detected, missed (missed must be 0). The reduced form (test/receipts-reliability.test.ts)
 * runs every experiment once; the full run repeats the write-and-tamper experiments `rounds` times.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { DialectName } from '../../src/kernel/db/adapter.ts';
import type { ReliabilityPart } from './types.ts';
import { testApp, type TestApp } from '../../src/server/testing.ts';
import { linkHash, toRecord, type HashAlg } from '../../src/kernel/audit.ts';
import { verifyAuditChain } from '../../src/kernel/audit-verify.ts';
import { createCheckpoint } from '../../src/kernel/audit-checkpoints.ts';
import { checkReceipt, openReceipt, RECEIPT_HEADER, signReceipt } from '../../src/kernel/audit-receipts.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { platformJwks } from '../../src/kernel/platform-keys.ts';
import { generateUscc } from '../../src/kernel/validators/uscc.ts';
import { generateResidentId } from '../../src/kernel/validators/resident-id.ts';
import { MODULES } from '../../src/modules/index.ts';
import { certificateItem, grantedCase } from '../../src/modules/certificates/test-fixtures.ts';
import { seedCertificatesDemo } from '../../src/modules/certificates/demo.ts';
import {
  api,
  ceremony,
  enterprises,
  inspectionCatalogItem,
  staff,
} from '../../src/modules/inspections/test-helpers.ts';

export interface Experiment {
  name: string;
  detected: boolean;
  /** Where the detection located it (chain/position, subject), or why it was missed. */
  where: string;
}

let seq = 0;
const sessions = new WeakMap<TestApp, Record<string, string>>();

/** One login per app (logins are rate-limited to 20 a minute). */
async function clerk(t: TestApp): Promise<Record<string, string>> {
  let h = sessions.get(t);
  if (!h) sessions.set(t, (h = await t.login('clerk.jinshui')));
  return h;
}

async function write(t: TestApp): Promise<{ jws: string; chain: number; position: number }> {
  const region = '410105';
  const s = 5000 + ++seq;
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/registry/enterprises',
    headers: await clerk(t),
    payload: {
      uscc: generateUscc({ division: region, seq: s }),
      name: `篡改实验有限公司${s}`,
      orgType: 'enterprise',
      entityType: '有限责任公司（自然人投资或控股）',
      region,
      address: '郑州市金水区实验路1号',
      industry: '62',
      legalRepresentative: {
        name: '李四',
        residentId: generateResidentId({ region, birthDate: '1985-01-02', seq: s % 1000 }),
      },
    },
  });
  if (r.statusCode !== 201) throw new Error(`write failed: ${r.statusCode} ${r.body}`);
  const jws = r.headers[RECEIPT_HEADER];
  if (typeof jws !== 'string') throw new Error('a 201 without OneWindow-Receipt');
  const opened = await openReceipt(jws, platformJwks(t.k.config).keys);
  if (!opened.receipt) throw new Error(`the platform's own receipt does not open: ${opened.problem}`);
  const [l] = opened.receipt.links;
  return { jws, chain: l.chain, position: l.position };
}

const linkAt = (t: TestApp, chain: number, position: number) =>
  t.k.db
    .selectFrom('kernel_audit_links')
    .selectAll()
    .where('chain', '=', chain)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();

async function chainReport(t: TestApp) {
  return verifyAuditChain(t.k.db, t.k.adapter, { keys: platformJwks(t.k.config).keys, now: t.k.clock.now() });
}

async function storedProblems(t: TestApp) {
  const out = [];
  for (const m of MODULES) out.push(...((await m.verifyStored?.(t.k))?.problems ?? []));
  return out;
}

/** A receipt check that must fail with `kind` at the write's own chain and position. */
async function byReceipt(t: TestApp, name: string, w: { jws: string; chain: number; position: number }, kind: string) {
  const c = await checkReceipt(t.k.db, w.jws, platformJwks(t.k.config).keys);
  const hit = c.problems.find((p) => p.kind === kind && p.chain === w.chain && p.position === w.position);
  const chainOk = (await chainReport(t)).ok;
  return {
    name,
    detected: Boolean(hit),
    where: hit
      ? `receipt: ${kind} at chain ${w.chain} position ${w.position} (chain check alone: ${chainOk ? 'passes' : 'fails'})`
      : `receipt check said ${JSON.stringify(c.problems)}`,
  };
}

async function byChain(t: TestApp, name: string, chain: number, position: number, kinds: string[]) {
  const r = await chainReport(t);
  const hit = r.problems.find((p) => p.chain === chain && p.position <= position && kinds.includes(p.kind));
  return {
    name,
    detected: Boolean(hit),
    where: hit
      ? `audit verify: ${hit.kind} at chain ${hit.chain} position ${hit.position}`
      : JSON.stringify(r.problems),
  };
}

/** The write-and-tamper experiments on the audit log; each leaves the log tampered, so each gets its own app. */
const LOG_EXPERIMENTS: Array<(t: TestApp) => Promise<Experiment>> = [
  async (t) => {
    const w = await write(t);
    const link = await linkAt(t, w.chain, w.position);
    await t.k.db.deleteFrom('kernel_outbox').where('action_id', '=', link.action_id).execute();
    await t.k.db.deleteFrom('kernel_actions').where('id', '=', link.action_id).execute();
    await t.k.db
      .deleteFrom('kernel_audit_links')
      .where('chain', '=', w.chain)
      .where('position', '=', w.position)
      .execute();
    await t.k.db
      .updateTable('kernel_chain_heads')
      .set({ position: w.position - 1, hash: link.prev_hash })
      .where('chain', '=', w.chain)
      .execute();
    return byReceipt(t, 'newest link dropped, head moved back', w, 'deleted');
  },
  async (t) => {
    const w = await write(t);
    const link = await linkAt(t, w.chain, w.position);
    await t.k.db.updateTable('kernel_actions').set({ reason: '事后改写' }).where('id', '=', link.action_id).execute();
    const row = await t.k.db
      .selectFrom('kernel_actions')
      .selectAll()
      .where('id', '=', link.action_id)
      .executeTakeFirstOrThrow();
    const hash = linkHash(link.prev_hash, toRecord(row), link.hash_alg as HashAlg);
    await t.k.db
      .updateTable('kernel_audit_links')
      .set({ hash })
      .where('chain', '=', w.chain)
      .where('position', '=', w.position)
      .execute();
    await t.k.db.updateTable('kernel_chain_heads').set({ hash }).where('chain', '=', w.chain).execute();
    return byReceipt(t, 'newest entry re-hashed consistently', w, 'edited');
  },
  async (t) => {
    const w = await write(t);
    const link = await linkAt(t, w.chain, w.position);
    await t.k.db
      .updateTable('kernel_actions')
      .set({ actor_id: 'someone-else' })
      .where('id', '=', link.action_id)
      .execute();
    return byChain(t, 'action row edited', w.chain, w.position, ['edited']);
  },
  async (t) => {
    const first = await write(t);
    await write(t);
    const link = await linkAt(t, first.chain, first.position);
    await t.k.db.deleteFrom('kernel_actions').where('id', '=', link.action_id).execute();
    return byChain(t, 'action row deleted', first.chain, first.position, ['missing_action', 'deleted']);
  },
  async (t) => {
    const w = await write(t);
    const link = await linkAt(t, w.chain, w.position);
    const row = await t.k.db
      .selectFrom('kernel_actions')
      .selectAll()
      .where('id', '=', link.action_id)
      .executeTakeFirstOrThrow();
    await t.k.db
      .insertInto('kernel_actions')
      .values({ ...row, id: `${row.id.slice(0, -4)}ffff`, reason: '伪造' })
      .execute();
    return byChain(t, 'forged action row inserted', w.chain, w.position, ['orphan_action', 'inserted']);
  },
  async (t) => {
    // Two entries of one chain swap their action rows' contents.
    const a = await write(t);
    let b = await write(t);
    while (b.chain !== a.chain) b = await write(t);
    const la = await linkAt(t, a.chain, a.position);
    const lb = await linkAt(t, b.chain, b.position);
    await t.k.db
      .updateTable('kernel_audit_links')
      .set({ action_id: lb.action_id })
      .where('chain', '=', a.chain)
      .where('position', '=', a.position)
      .execute();
    await t.k.db
      .updateTable('kernel_audit_links')
      .set({ action_id: la.action_id })
      .where('chain', '=', b.chain)
      .where('position', '=', b.position)
      .execute();
    return byChain(t, 'two entries reordered', a.chain, b.position, ['reordered', 'edited']);
  },
  async (t) => {
    const w = await write(t);
    const opened = (await openReceipt(w.jws, platformJwks(t.k.config).keys)).receipt!;
    const other = loadConfig({
      ONEWINDOW_MODE: 'test',
      ONEWINDOW_DATA_DIR: t.dataDir,
      ONEWINDOW_PLATFORM_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    });
    const c = await checkReceipt(t.k.db, signReceipt(other, opened.links, new Date()), platformJwks(t.k.config).keys);
    return {
      name: 'receipt signed by another key',
      detected: !c.signatureValid && !c.ok,
      where: c.problems[0]?.detail ?? 'accepted',
    };
  },
];

/** A certificate issued through a granted case, then its stored row edited, then its credential swapped. */
async function certificateExperiments(t: TestApp): Promise<Experiment[]> {
  await seedCertificatesDemo(t.k);
  const c = await grantedCase(t, await certificateItem(t));
  const cert = await t.k.db
    .selectFrom('certificates_certificates')
    .selectAll()
    .where('case_id', '=', c.id)
    .executeTakeFirstOrThrow();
  const out: Experiment[] = [];
  const located = async (name: string) => {
    const hit = (await storedProblems(t)).find((p) => p.subjectId === cert.id);
    out.push({
      name,
      detected: Boolean(hit),
      where: hit ? `${hit.subjectType} ${hit.subjectId}: ${hit.detail}` : 'missed',
    });
  };
  await t.k.db
    .updateTable('certificates_certificates')
    .set({ holder_name: '王五' })
    .where('id', '=', cert.id)
    .execute();
  await located('stored certificate edited (holder name)');
  await t.k.db
    .updateTable('certificates_certificates')
    .set({ holder_name: cert.holder_name })
    .where('id', '=', cert.id)
    .execute();
  // The credential's payload altered, its signature kept.
  const jws = t.k.cipher.decrypt(cert.credential_enc);
  const [h, p, s] = jws.split('.');
  const vc = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  vc.validUntil = '2099-12-31T00:00:00.000Z';
  const forged = `${h}.${Buffer.from(JSON.stringify(vc)).toString('base64url')}.${s}`;
  await t.k.db
    .updateTable('certificates_certificates')
    .set({ credential_enc: t.k.cipher.encrypt(forged) })
    .where('id', '=', cert.id)
    .execute();
  await located('stored credential altered (validity extended)');
  return out;
}

/** A task drawn by the ceremony, then its published record edited. */
async function drawExperiment(t: TestApp): Promise<Experiment> {
  const T = '/api/v1/inspections';
  const a = api(t);
  const lead = await t.login('lead.zhengzhou');
  const supervisor = await t.login('supervisor.province');
  await enterprises(t, 12, 700);
  await a.post(`${T}/targets/sync`, lead, { region: '410100' });
  const catalogItem = await inspectionCatalogItem(t, '410T6000000091');
  const item = await a.post(
    `${T}/items`,
    lead,
    { catalogItemId: catalogItem.id, subjectType: 'enterprise', method: 'on_site' },
    201,
  );
  for (const n of [1, 2, 3]) {
    const p = await staff(t, `insp.tamper.${n}`, '410100-SCJG');
    await a.post(`${T}/inspectors`, lead, {
      accountId: p.id,
      certificateNo: `豫执${p.id.slice(-6)}`,
      fields: ['市场监管'],
      status: 'active',
    });
  }
  const task = await a.post(
    `${T}/tasks`,
    lead,
    {
      title: '篡改实验抽查',
      itemIds: [item.id],
      filter: { region: '410100' },
      windowStart: '2026-12-01',
      windowEnd: '2026-12-31',
    },
    201,
  );
  await a.post(`${T}/tasks/${task.id}/freeze`, lead, { version: task.version });
  await ceremony(t, task.id, [lead, supervisor]);
  const row = await t.k.db
    .selectFrom('inspections_tasks')
    .select(['record'])
    .where('id', '=', task.id)
    .executeTakeFirstOrThrow();
  const record = row.record as Record<string, unknown>;
  const before = (await storedProblems(t)).length;
  await t.k.db
    .updateTable('inspections_tasks')
    .set({ record: { ...record, title: `${String(record.title ?? '')}（已改）`, edited: true } as never })
    .where('id', '=', task.id)
    .execute();
  const hit = (await storedProblems(t)).find((p) => p.subjectId === task.id);
  return {
    name: 'published draw record edited',
    detected: before === 0 && Boolean(hit),
    where: hit ? `${hit.subjectType} ${hit.subjectId}: ${hit.detail}` : `missed (${before} problems before)`,
  };
}

/** Every experiment once, each on a fresh app (a checkpoint signed before the tampering). */
export async function tamperExperiments(db: DialectName, rounds = 1): Promise<Experiment[]> {
  const out: Experiment[] = [];
  const fresh = async <T>(fn: (t: TestApp) => Promise<T>): Promise<T> => {
    const t = await testApp(db);
    try {
      await write(t);
      await createCheckpoint(t.k);
      return await fn(t);
    } finally {
      await t.close({ tampered: true });
    }
  };
  for (let r = 0; r < rounds; r++) for (const e of LOG_EXPERIMENTS) out.push(await fresh(e));
  out.push(...(await fresh(certificateExperiments)));
  out.push(await fresh(drawExperiment));
  return out;
}

/** The part, registered in parts.ts. */
export const receiptsPart: ReliabilityPart = {
  name: 'tamper-evidence',
  description:
    'receipts, chain and stored-record checks: drop/re-hash the newest link after a checkpoint, edit/delete/insert/reorder actions, alter a certificate and a draw record',
  async run(opts) {
    const results = await tamperExperiments(opts.db, opts.full ? 5 : 1);
    const missed = results.filter((r) => !r.detected);
    return {
      part: 'tamper-evidence',
      figures: { experiments: results.length, detected: results.length - missed.length, missed: missed.length },
      failures: missed.length,
      notes: missed.slice(0, 5).map((m) => `missed: ${m.name}: ${m.where}`),
    };
  },
};
