/**
 * WAL checkpoints of a SQLite file on a worker thread of their own. With SQLite's automatic checkpoints, the commit
 * that finds the WAL over its threshold copies every page changed since the last checkpoint back into the database
 * file and syncs it, on the event loop, while every request waits: ≈ 60 ms per 10 000 pages, mostly waiting on the
 * disk (a registration's median commit 61 µs, its mean 226 µs). Here a second connection in a worker runs a PASSIVE
 * checkpoint every `CHECKPOINT_EVERY_MS`: it never blocks the writer or readers (it copies only frames no reader
 * still needs, and the writer restarts the WAL from its start once all are copied), and the server's thread only
 * commits. The server's own connection keeps an automatic checkpoint at a much higher threshold as a backstop, should
 * the worker fall behind or stop.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** How often the worker checkpoints (at ≈ 1 500 writes/s of ≈ 16 pages each: a few thousand pages per round). */
export const CHECKPOINT_EVERY_MS = 250;

/** The automatic checkpoint threshold (pages) of a connection whose checkpoints run in the background. */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 100_000;

// Plain CommonJS, so the worker runs without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 1000');
let frames = 0;
const round = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.checkpointed > 0) frames += r.checkpointed;
  } catch (e) {
    // SQLITE_BUSY (another checkpoint running) and the like: the next round tries again.
  }
};
const timer = setInterval(round, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ frames });
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** Frames the worker has copied back into the database file so far (tests). */
  framesCheckpointed(): Promise<number>;
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = CHECKPOINT_EVERY_MS): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, everyMs, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref(); // never what keeps a process alive
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  let stopped: Promise<void> | undefined;
  return {
    framesCheckpointed() {
      worker.ref(); // an answer awaited keeps the process up
      return new Promise<number>((resolve, reject) => {
        worker.once('message', (m: { frames: number }) => resolve(m.frames));
        worker.once('error', reject);
        worker.postMessage('stats');
      }).finally(() => worker.unref());
    },
    stop() {
      if (!stopped) {
        if (!exited) {
          worker.ref(); // a close awaited keeps the process up until the worker's connection is closed
          worker.postMessage('stop');
        }
        stopped = exit;
      }
      return stopped;
    },
  };
}
