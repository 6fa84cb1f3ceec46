/**
 * The worker side of parallel.ts: draws the inspectors (spec step 6) of batches of selected targets and answers with
 * their positions in the departments' frozen pools, or with the error that stopped a batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DrawError } from './spec.ts';
import { inspectorIndexer } from './steps.ts';
import type { InspectorWorkerData, InspectorWorkerReply } from './parallel.ts';

const { taskId, pools, recusals, departments, m, seed } = workerData as InspectorWorkerData;
const indexer = inspectorIndexer(taskId, { pools, recusals }, departments, m, seed);
const width = departments.length * m;

parentPort!.on('message', ({ batch, targets }: { batch: number; targets: string }) => {
  const ids = targets.split('\n');
  const positions = new Int32Array(ids.length * width);
  let reply: InspectorWorkerReply;
  try {
    for (let i = 0; i < ids.length; i++) indexer.index(ids[i], positions, i * width);
    reply = { batch, positions };
  } catch (e) {
    reply = { batch, error: e instanceof Error ? e.message : String(e), refused: e instanceof DrawError };
  }
  parentPort!.postMessage(reply, 'positions' in reply ? [positions.buffer as ArrayBuffer] : []);
});
