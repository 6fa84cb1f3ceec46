/**
 * Spec step 6 on a second thread. While the draw's second pass reads the population (on SQLite synchronously, on
 * this thread), a worker (inspector-worker.ts) draws the inspectors of the targets picked so far, batch by batch;
 * their positions in the frozen pools come back and the selections are built here, sharing the pools' strings.
 * A batch the draw refuses (a pool too small for a target) answers null, and the caller assigns the targets again on
 * this thread in selection order, so a draw fails exactly as the serial one; a worker that could not start or
 * crashed fails the draw (a defect to see, not to hide).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../../kernel/workers.ts';
import type { Frozen } from './steps.ts';

export interface InspectorWorkerData {
  taskId: string;
  pools: Frozen['pools'];
  recusals: Frozen['recusals'];
  departments: string[];
  m: number;
  seed: string;
}

export type InspectorWorkerReply =
  { batch: number; positions: Int32Array } | { batch: number; error: string; refused: boolean };

/** Targets per message: enough that messages cost little, few enough that the worker starts early in the pass. */
const BATCH = 8192;

export class ParallelInspectors {
  readonly #worker: Worker;
  readonly #width: number;
  #ids: string[] = [];
  #dest: number[] = [];
  readonly #sent: Array<{ dest: Uint32Array; reply: Promise<InspectorWorkerReply> }> = [];
  readonly #waiting = new Map<number, (reply: InspectorWorkerReply) => void>();
  #failure: string | null = null;

  constructor(data: InspectorWorkerData) {
    this.#width = data.departments.length * data.m;
    this.#worker = startModuleWorker(new URL('./inspector-worker.ts', import.meta.url), { workerData: data });
    this.#worker.unref(); // never what keeps a process alive, except while its answers are awaited
    this.#worker.on('message', (reply: InspectorWorkerReply) => {
      this.#waiting.get(reply.batch)?.(reply);
      this.#waiting.delete(reply.batch);
    });
    const fail = (why: string) => {
      this.#failure ??= why;
      for (const [batch, resolve] of this.#waiting) resolve({ batch, error: why, refused: false });
      this.#waiting.clear();
    };
    this.#worker.on('error', (e) => fail(e.message));
    this.#worker.on('exit', () => fail('the inspector worker exited'));
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
        : Promise.resolve({ batch, error: failure, refused: false });
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
          if (r.refused) return null;
          throw new Error(`the inspector worker failed: ${r.error}`);
        }
        for (let i = 0; i < dest.length; i++) out.set(r.positions.subarray(i * w, (i + 1) * w), dest[i] * w);
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
