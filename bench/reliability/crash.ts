/**
 * Durability under crashes (issue 14): the real server (`onewindow start`) under a mixed write load is killed with
 * SIGKILL at seeded random moments and restarted. After each kill, with the server down, `onewindow audit verify`
 * must exit 0; after each restart, every write the client saw acknowledged (2xx) must read back complete — the
 * subject at (or past) the acknowledged state, its action row with a chain link, a granted case's certificate —
 * nothing half-written may be visible (a subject's version equals its action rows, a granted case has exactly one
 * certificate), and re-sending an acknowledged creating request with its Idempotency-Key must answer the original
 * result (the same id).
 */
import type { ReliabilityFigures, ReliabilityOptions, ReliabilityPart } from './types.ts';
import { call, cli, loginAll, partDb, rng, sleep, type Server, type Who, startServer } from './proc.ts';
import { certificateItem, createStep, moves, READER, readPath, SUBJECT_TYPE, type Kind } from './workload.ts';

interface Subject {
  kind: Kind;
  id: string;
  /** Acknowledged writes, in order: the action each wrote, the version and status it answered. */
  acks: Array<{ action: string; version: number; status: string }>;
  /** The creating request, to re-send with its key. */
  create: { key: string; body: Record<string, unknown>; who: Who; path: string };
}

export async function runCrash(opts: ReliabilityOptions): Promise<ReliabilityFigures> {
  const kills = opts.full ? 20 : 2;
  const workers = opts.full ? 4 : 3;
  const random = rng(opts.seed);
  const notes: string[] = [];
  let failures = 0;
  const fail = (msg: string) => {
    if (notes.length < 12) notes.push(msg);
    failures++;
  };
  const f = {
    writesAcknowledged: 0,
    kills: 0,
    writesLost: 0,
    idempotentRetries: 0,
    mismatches: 0,
    halfWritten: 0,
    staleMoveRetriesRefused: 0,
    unacknowledgedRetries: 0,
    certificatesIssued: 0,
    auditVerifyRuns: 0,
    restartMsAvg: 0,
  };
  const db = await partDb(opts, 'crash');
  let server: Server | null = null;
  try {
    server = await startServer(db);
    let tokens = await loginAll(server.base);
    const itemId = await certificateItem(server.base, tokens, `${opts.seed % 1e6}${Date.now() % 1e4}`);

    // The server's state as the workers see it: `ready` resolves when it is up and verified after a restart.
    let ready: Promise<void> = Promise.resolve();
    let stopping = false;
    const subjects: Subject[] = [];
    let n = 0;
    const base = () => server!.base;

    /** Sends a step until it answers something other than "connection refused" (waiting out restarts). */
    const send = async (who: Who, p: string, body: Record<string, unknown>, key: string) => {
      for (let attempt = 0; ; attempt++) {
        await ready;
        const r = await call(base(), 'POST', p, { token: tokens[who], body, key });
        if (r.status !== 0) return { ...r, retried: attempt > 0 };
        await sleep(50);
      }
    };

    const flow = async (w: number) => {
      while (!stopping) {
        const kind: Kind = random() < 0.55 ? 'case' : 'ticket';
        const create = createStep(kind, itemId);
        const key = `crash-${opts.seed}-${w}-${n++}`;
        const r = await send(create.who, create.path, create.body, key);
        if (r.retried) f.unacknowledgedRetries++;
        if (r.status !== 201) {
          fail(`${kind} create answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
          continue;
        }
        const s: Subject = {
          kind,
          id: r.body.id,
          acks: [{ action: create.auditAction, version: r.body.version, status: r.body.status }],
          create: { key, body: create.body, who: create.who, path: create.path },
        };
        subjects.push(s);
        f.writesAcknowledged++;
        let version = Number(r.body.version);
        for (const [i, m] of moves(kind, s.id).entries()) {
          if (stopping) break;
          const mr = await send(m.who, m.path, m.body(version), `crash-${opts.seed}-${w}-${n}-${i}`);
          if (mr.status === 200) {
            version = mr.body.version;
            s.acks.push({ action: m.auditAction, version, status: mr.body.status });
            f.writesAcknowledged++;
            continue;
          }
          // Sent before a kill and never answered: it committed or it did not; the subject says which.
          const now = await call(base(), 'GET', readPath(kind, s.id), { token: tokens[READER[kind]] });
          if (mr.retried && mr.status === 409 && now.body?.status === m.target) {
            version = now.body.version;
            continue;
          }
          fail(`${kind} ${m.action} answered ${mr.status} ${JSON.stringify(mr.body).slice(0, 200)}`);
          break;
        }
      }
    };

    /** Every acknowledged write reads back complete; nothing half-written; keys replay the original answer. */
    const verify = async (round: number) => {
      const certs = new Map<string, number>();
      for (let before: string | null = null; ;) {
        const q: string = `/api/v1/certificates/certificates?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`;
        const page = await call(base(), 'GET', q, { token: tokens.approver });
        if (page.status !== 200) {
          fail(`certificate list answered ${page.status}`);
          break;
        }
        for (const c of page.body.items) if (c.caseId) certs.set(c.caseId, (certs.get(c.caseId) ?? 0) + 1);
        if (!page.body.nextCursor) break;
        before = page.body.nextCursor;
      }
      f.certificatesIssued = [...certs.values()].reduce((a, b) => a + b, 0);
      for (const s of subjects) {
        const last = s.acks[s.acks.length - 1];
        const got = await call(base(), 'GET', readPath(s.kind, s.id), { token: tokens[READER[s.kind]] });
        if (got.status !== 200) {
          f.writesLost += s.acks.length;
          fail(`round ${round}: acknowledged ${s.kind} ${s.id} reads ${got.status}`);
          continue;
        }
        const v = Number(got.body.version);
        if (v < last.version || (v === last.version && got.body.status !== last.status)) {
          f.writesLost++;
          fail(
            `round ${round}: ${s.kind} ${s.id} acknowledged at v${last.version} ${last.status}, reads v${v} ${got.body.status}`,
          );
        }
        const actions = await call(
          base(),
          'GET',
          `/api/v1/audit/actions?subjectType=${SUBJECT_TYPE[s.kind]}&subjectId=${encodeURIComponent(s.id)}&limit=100`,
          { token: tokens.admin },
        );
        const rows: Array<{ action: string; link: unknown }> = actions.body?.items ?? [];
        const left = rows.map((a) => a.action);
        for (const a of s.acks) {
          const i = left.indexOf(a.action);
          if (i < 0) {
            f.writesLost++;
            fail(`round ${round}: ${s.kind} ${s.id}: acknowledged ${a.action} has no action row`);
          } else left.splice(i, 1);
        }
        // Half-written: an action without its chain link, a version its action rows do not account for, a
        // granted case without its certificate (or with two).
        const unlinked = rows.filter((a) => !a.link).length;
        const versionOff = rows.length !== v;
        const certOff = s.kind === 'case' && (certs.get(s.id) ?? 0) !== (got.body.status === 'granted' ? 1 : 0);
        if (unlinked || versionOff || certOff) {
          f.halfWritten++;
          fail(
            `round ${round}: ${s.kind} ${s.id} v${v} ${got.body.status}: ${rows.length} action rows, ${unlinked} unlinked, certificates ${certs.get(s.id) ?? 0}`,
          );
        }
      }
      // Re-send acknowledged creating requests with their keys (a sample, newest first: those nearest the kill).
      for (const s of subjects.slice(-8)) {
        const r = await call(base(), 'POST', s.create.path, {
          token: tokens[s.create.who],
          body: s.create.body,
          key: s.create.key,
        });
        f.idempotentRetries++;
        if (r.status !== 201 || r.body?.id !== s.id) {
          f.mismatches++;
          fail(`round ${round}: replaying ${s.create.key} answered ${r.status} id ${r.body?.id}, not ${s.id}`);
        }
      }
      // Re-send the last acknowledged move of one subject with its old version: refused (409), never applied twice.
      const moved = subjects.filter((s) => s.acks.length > 1).slice(-3);
      for (const s of moved) {
        const i = s.acks.length - 2;
        const m = moves(s.kind, s.id)[i];
        const r = await call(base(), 'POST', m.path, { token: tokens[m.who], body: m.body(s.acks[i].version) });
        if (r.status === 409) f.staleMoveRetriesRefused++;
        else fail(`round ${round}: re-sent ${s.kind} ${m.action} answered ${r.status}, not 409`);
      }
    };

    const auditVerify = async (when: string) => {
      const r = await cli(db, ['audit', 'verify']);
      f.auditVerifyRuns++;
      if (r.code !== 0) fail(`audit verify ${when} exited ${r.code}: ${r.out.slice(-400)}`);
    };

    const running = Array.from({ length: workers }, (_, w) => flow(w));
    let restartMs = 0;
    for (let k = 0; k < kills; k++) {
      await sleep((opts.full ? 2000 : 1500) + random() * (opts.full ? 6000 : 2500));
      let release!: () => void;
      ready = new Promise((r) => (release = r));
      await server.kill9();
      f.kills++;
      await auditVerify(`after kill ${k + 1}`);
      const t0 = Date.now();
      server = await startServer(db);
      restartMs += Date.now() - t0;
      tokens = await loginAll(server.base);
      await verify(k + 1);
      release();
    }
    stopping = true;
    await Promise.all(running);
    await verify(kills + 1);
    await server.stop();
    await auditVerify('at the end');
    f.restartMsAvg = Math.round(restartMs / Math.max(1, kills));
    if (f.writesAcknowledged === 0) fail('no write was acknowledged');
  } catch (e) {
    fail(`crashed: ${(e as Error).stack ?? e}`);
    if (server) notes.push(server.output().slice(-1500));
  } finally {
    await server?.kill9().catch(() => {});
    await db.drop().catch(() => {});
  }
  return { part: 'crash', figures: { ...f }, failures, notes };
}

export const crashPart: ReliabilityPart = {
  name: 'crash',
  description: 'kill -9 the server under a mixed write load; acknowledged writes survive, keys replay, chains verify',
  run: runCrash,
};
