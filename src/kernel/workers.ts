/**
 * Worker threads that run a TypeScript module of this code base. Node gives a worker none of the main thread's
 * loader hooks (tsx, registered by `--import` in tests and the bench, or by its API in bin/onewindow.js), so the
 * worker registers tsx itself before importing its module; a module already compiled to JavaScript starts plainly.
 * Starting costs a few hundred milliseconds (tsx transforms the module's imports, cached on disk after the first
 * time): for work of seconds, not for a request.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startModuleWorker(module: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(module.href)}))`;
  return new Worker(boot, { ...options, eval: true });
}
