/** Runs a draw re-run (draw-rerun.ts) off the page's thread: a million-line population takes seconds, not a frozen page. */
import { rerunDraw, type RerunInput } from './draw-rerun.ts';

export type RerunRequest = Omit<RerunInput, 'onProgress'>;
export type RerunMessage =
  | { type: 'progress'; share: number }
  | { type: 'done'; result: ReturnType<typeof rerunDraw> }
  | { type: 'failed'; message: string };

self.onmessage = (e: MessageEvent<RerunRequest>) => {
  const post = (m: RerunMessage) => self.postMessage(m);
  try {
    post({ type: 'done', result: rerunDraw({ ...e.data, onProgress: (share) => post({ type: 'progress', share }) }) });
  } catch (err) {
    post({ type: 'failed', message: String((err as Error)?.message ?? err) });
  }
};
