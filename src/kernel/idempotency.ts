/**
 * Idempotency-Key for creating POSTs. Keys are per caller and stored in the same transaction as the write:
 * a repeat with the same body returns the first response; the same key with another body is 422
 * IDEMPOTENCY_KEY_REUSED. Two concurrent requests with one key: the loser's insert hits the primary key, its
 * transaction rolls back, and it answers with the winner's stored response.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from './db/types.ts';
import { AppError, invalid } from './errors.ts';
import { canonicalJson, sha256Hex } from './audit.ts';
import { preparedQuery } from './db/prepared.ts';
import { retryAbortedTx } from './db/retry.ts';
import { takesNumbersOutsideTx } from './db/numbers.ts';
import type { Kernel } from './kernel.ts';
import './db/kernel-tables.ts';

export interface Stored<T> {
  status: number;
  body: T;
  replayed: boolean;
}

function keyOf(req: FastifyRequest): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw invalid(
      'header.idempotency-key',
      'IDEMPOTENCY_KEY_INVALID',
      'Idempotency-Key 须为 1–200 个可见 ASCII 字符',
      'Idempotency-Key must be 1–200 visible ASCII characters',
    );
  }
  return key;
}

// Compiled once (db/prepared.ts): every creating POST with a key runs both.
const findRecord = preparedQuery((db: Executor, caller: string, key: string) =>
  db.selectFrom('kernel_idempotency').selectAll().where('caller', '=', caller).where('key', '=', key),
);
const insertRecord = preparedQuery(
  (
    db: Executor,
    caller: string,
    key: string,
    route: string,
    requestHash: string,
    status: number,
    body: unknown,
    createdAt: string,
  ) =>
    db.insertInto('kernel_idempotency').values({
      caller,
      key,
      route,
      request_hash: requestHash,
      response_status: status,
      response_body: body as never,
      created_at: createdAt,
    }),
);

const answerRecord = preparedQuery((db: Executor, caller: string, key: string, status: number, body: unknown) =>
  db
    .updateTable('kernel_idempotency')
    .set({ response_status: status, response_body: body as never })
    .where('caller', '=', caller)
    .where('key', '=', key),
);

export interface IdempotentOptions {
  /**
   * The write takes a number (db/numbers.ts). Where numbers are taken outside the write transaction (PostgreSQL), the
   * key is claimed before the write (its record inserted first, answered after), so a repeat — even one racing the
   * first request — stops at the claim and burns no number; one statement more. On SQLite a repeat's rollback
   * returns its number, so nothing changes there.
   */
  takesNumber?: boolean;
}

/** For routes whose write takes a number (db/numbers.ts). */
export const TAKES_NUMBER: IdempotentOptions = { takesNumber: true };

/**
 * Runs `write` in one transaction with the key's record. Without an Idempotency-Key header it simply runs the write.
 */
export async function idempotent<T>(
  k: Kernel,
  req: FastifyRequest,
  status: number,
  write: (tx: Executor) => Promise<T>,
  opts: IdempotentOptions = {},
): Promise<Stored<T>> {
  const key = keyOf(req);
  const caller = req.ctx.principal.id;
  const route = `${req.method} ${req.routeOptions.url}`;

  const lookup = async (db: Executor): Promise<Stored<T> | null> => {
    const row = (await findRecord(db, caller, key!)).rows[0];
    if (!row) return null;
    if (row.request_hash !== requestHash) {
      throw new AppError({
        code: 'IDEMPOTENCY_KEY_REUSED',
        status: 422,
        field: 'header.idempotency-key',
        zh: '该 Idempotency-Key 已用于另一个不同的请求',
        en: 'This Idempotency-Key was already used for a different request',
      });
    }
    return { status: row.response_status, body: row.response_body as T, replayed: true };
  };

  if (!key) return { status, body: await retryAbortedTx(() => k.db.transaction().execute(write)), replayed: false };
  // Hashing the canonical body costs a few per cent of a write: only when there is a key to compare it with.
  const claimFirst = opts.takesNumber === true && takesNumbersOutsideTx(k.db);
  const requestHash = sha256Hex(route + '\n' + canonicalJson({ params: req.params ?? null, body: req.body ?? null }));
  // No lookup first: a fresh key (nearly every request) costs one statement less. A repeat runs the write again, and
  // its key's insert hits the primary key, so the whole transaction (the repeated change with it) rolls back and
  // the stored answer is read below — as for two requests racing with one key.
  try {
    return await retryAbortedTx(() =>
      k.db.transaction().execute(async (tx) => {
        const now = () => k.clock.now().toISOString();
        if (claimFirst) {
          // A placeholder answer, visible to no one before commit; a repeat's insert fails here (on PostgreSQL after
          // waiting for this transaction), before its write.
          await insertRecord(tx, caller, key, route, requestHash, 0, {}, now());
          const body = await write(tx);
          await answerRecord(tx, caller, key, status, body);
          return { status, body, replayed: false as boolean };
        }
        const body = await write(tx);
        await insertRecord(tx, caller, key, route, requestHash, status, body, now());
        return { status, body, replayed: false as boolean };
      }),
    );
  } catch (e) {
    const winner = await lookup(k.db).catch((err) => {
      if (err instanceof AppError) throw err;
      return null;
    });
    if (winner) return winner;
    throw e;
  }
}

/** A creating POST's whole answer: `idempotent`'s status and body, and header `idempotent-replayed` (true on a repeat). */
export async function replyIdempotent<T>(
  k: Kernel,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  write: (tx: Executor) => Promise<T>,
  opts: IdempotentOptions = {},
): Promise<FastifyReply> {
  const r = await idempotent(k, req, status, write, opts);
  return reply.status(r.status).header('idempotent-replayed', String(r.replayed)).send(r.body);
}
