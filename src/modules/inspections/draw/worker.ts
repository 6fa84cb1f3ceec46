/**
 * The worker side of parallel.ts, one job per worker (`workerData.job`):
 * - `inspectors`: draws the inspectors (spec step 6) of batches of selected targets and answers each batch with their
 *   positions in the departments' frozen pools, or with the error that stopped it (`refused`: the draw's own);
 * - `freeze`: reads the population text it is sent (spec step 2: shape, byte order, digests, counts) and answers
 *   once, at the end, with the summary or the first error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DrawError } from './spec.ts';
import { inspectorIndexer } from './steps.ts';
import { PopulationReader } from './population.ts';
import type { FreezeWorkerData, InspectorWorkerData, InspectorWorkerReply, WorkerError } from './parallel.ts';

const port = parentPort!;

const failure = (e: unknown): WorkerError =>
  e instanceof DrawError
    ? { message: e.message, code: e.code, detail: e.detail }
    : { message: e instanceof Error ? e.message : String(e) };

function drawInspectors({ taskId, pools, recusals, departments, m, seed }: InspectorWorkerData): void {
  const indexer = inspectorIndexer(taskId, { pools, recusals }, departments, m, seed);
  const width = departments.length * m;
  port.on('message', ({ batch, targets }: { batch: number; targets: string }) => {
    const ids = targets.split('\n');
    const positions = new Int32Array(ids.length * width);
    let reply: InspectorWorkerReply;
    try {
      for (let i = 0; i < ids.length; i++) indexer.index(ids[i], positions, i * width);
      reply = { batch, positions };
    } catch (e) {
      reply = { batch, error: failure(e) };
    }
    port.postMessage(reply, 'positions' in reply ? [positions.buffer as ArrayBuffer] : []);
  });
}

function freezePopulation({ watch }: FreezeWorkerData): void {
  const reader = new PopulationReader({}, new Set(watch));
  let error: WorkerError | null = null;
  port.on('message', (text: string | null) => {
    if (text !== null) {
      if (error === null)
        try {
          reader.addText(text);
        } catch (e) {
          error = failure(e);
        }
      return;
    }
    if (error === null)
      try {
        const { count, digest, strata, seen } = reader.finish();
        port.postMessage({ summary: { count, digest, strata, seen: [...seen] } });
        return;
      } catch (e) {
        error = failure(e);
      }
    port.postMessage({ error });
  });
}

const data = workerData as InspectorWorkerData | FreezeWorkerData;
if (data.job === 'inspectors') drawInspectors(data);
else freezePopulation(data);
