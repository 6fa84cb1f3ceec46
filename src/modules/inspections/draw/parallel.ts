/**
 * The draw's work on a second thread (worker.ts), for populations of millions. On SQLite the database answers
 * synchronously on this thread, so while it reads the next page a worker can do the rest:
 * - the freeze: this thread reads the pages and sends them on; the worker checks and hashes them (spec step 2);
 * - the second pass: this thread picks the targets; the worker draws their inspectors batch by batch (step 6),
 *   whose positions in the frozen pools come back, and the selections are built here, sharing the pools' strings.
 * A worker's result is the one this thread would have computed. A refusal (a DrawError) comes back as such — for
 * step 6, the caller assigns the targets again on this thread in selection order, so a draw fails exactly as the
 * serial one; a worker that could not start or crashed fails the freeze or draw (a defect to see, not to hide).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../../kernel/workers.ts';
import { DrawError, type DrawErrorCode } from './spec.ts';
import type { PopulationSummary } from './population.ts';
import type { Frozen } from './steps.ts';

export interface InspectorWorkerData {
  job: 'inspectors';
  taskId: string;
  pools: Frozen['pools'];
  recusals: Frozen['recusals'];
  departments: string[];
  m: number;
  seed: string;
}

export interface FreezeWorkerData {
  job: 'freeze';
  /** Targets to report if present (PopulationReader's `watch`). */
  watch: string[];
}

/** An error as a worker reports it: `code` and `detail` when the draw refused (a DrawError). */
export interface WorkerError {
  message: string;
  code?: DrawErrorCode;
  detail?: Record<string, unknown>;
}

export type InspectorWorkerReply = { batch: number; positions: Int32Array } | { batch: number; error: WorkerError };

type FreezeWorkerReply = { summary: PopulationSummary & { seen: string[] } } | { error: WorkerError };

function rethrow(error: WorkerError): never {
  if (error.code) throw new DrawError(error.code, error.message, error.detail);
  throw new Error(`the draw's worker failed: ${error.message}`);
}

/** A worker for one job, its failure (start, crash, exit) delivered to `fail`. Unreferenced until awaited. */
function startDrawWorker(data: InspectorWorkerData | FreezeWorkerData, fail: (e: WorkerError) => void): Worker {
  const worker = startModuleWorker(new URL('./worker.ts', import.meta.url), { workerData: data });
  worker.unref(); // never what keeps a process alive, except while its answers are awaited
  worker.on('error', (e) => fail({ message: e.message }));
  worker.on('exit', () => fail({ message: 'the worker exited' }));
  return worker;
}

/** Targets per message: enough that messages cost little, few enough that the worker starts early in the pass. */
const BATCH = 8192;

export class ParallelInspectors {
  readonly #worker: Worker;
  readonly #width: number;
  #ids: string[] = [];
  #dest: number[] = [];
  readonly #sent: Array<{ dest: Uint32Array; reply: Promise<InspectorWorkerReply> }> = [];
  readonly #waiting = new Map<number, (reply: InspectorWorkerReply) => void>();
  #failure: WorkerError | null = null;

  constructor(data: Omit<InspectorWorkerData, 'job'>) {
    this.#width = data.departments.length * data.m;
    this.#worker = startDrawWorker({ job: 'inspectors', ...data }, (error) => {
      this.#failure ??= error;
      for (const [batch, resolve] of this.#waiting) resolve({ batch, error });
      this.#waiting.clear();
    });
    this.#worker.on('message', (reply: InspectorWorkerReply) => {
      this.#waiting.get(reply.batch)?.(reply);
      this.#waiting.delete(reply.batch);
    });
  }

  /** A picked target (its place in selection order, its id): sent with the next full batch. */
  add(selection: number, targetId: string): void {
    this.#ids.push(targetId);
    this.#dest.push(selection);
    if (this.#ids.length >= BATCH) this.#send();
  }

  #send(): void {
    if (!this.#ids.length) return;
    const batch = this.#sent.length;
    const failure = this.#failure;
    const reply =
      failure === null
        ? new Promise<InspectorWorkerReply>((resolve) => this.#waiting.set(batch, resolve))
        : Promise.resolve({ batch, error: failure });
    this.#sent.push({ dest: Uint32Array.from(this.#dest), reply });
    if (failure === null) this.#worker.postMessage({ batch, targets: this.#ids.join('\n') });
    this.#ids = [];
    this.#dest = [];
  }

  /**
   * The inspector positions of `count` selections, in selection order (departments × m per selection), or null if
   * the draw refused a batch. Throws if the worker failed. Stops the worker.
   */
  async positions(count: number): Promise<Int32Array | null> {
    this.#send();
    this.#worker.ref();
    try {
      const w = this.#width;
      const out = new Int32Array(count * w);
      for (const { dest, reply } of this.#sent) {
        const r = await reply;
        if ('error' in r) {
          if (r.error.code) return null;
          rethrow(r.error);
        }
        const from = r.positions;
        for (let i = 0; i < dest.length; i++) for (let q = 0; q < w; q++) out[dest[i] * w + q] = from[i * w + q];
      }
      return out;
    } finally {
      this.stop();
    }
  }

  stop(): void {
    void this.#worker.terminate();
  }
}

/** The population text a freeze reads, checked and hashed on a worker; `finish` answers as PopulationReader's. */
export class FreezeOnWorker {
  readonly #worker: Worker;
  readonly #reply: Promise<FreezeWorkerReply>;

  constructor(watch: ReadonlySet<string>) {
    let settle!: (reply: FreezeWorkerReply) => void;
    this.#reply = new Promise((resolve) => (settle = resolve));
    this.#worker = startDrawWorker({ job: 'freeze', watch: [...watch] }, (error) => settle({ error }));
    this.#worker.once('message', settle);
  }

  add(text: string): void {
    this.#worker.postMessage(text);
  }

  async finish(): Promise<PopulationSummary & { seen: Set<string> }> {
    this.#worker.postMessage(null);
    this.#worker.ref();
    try {
      const reply = await this.#reply;
      if ('error' in reply) rethrow(reply.error);
      return { ...reply.summary, seen: new Set(reply.summary.seen) };
    } finally {
      this.stop();
    }
  }

  stop(): void {
    void this.#worker.terminate();
  }
}
