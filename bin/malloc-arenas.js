// glibc's allocator gives a busy multi-threaded process many malloc arenas (8 per core) and returns little of them:
// a server on PostgreSQL grew 137 MB outside the JavaScript heap in five minutes of steady traffic, and with two
// arenas held steady (docs/reliability.md). glibc reads MALLOC_ARENA_MAX only when a process starts, so the server
// command starts itself again with it set — unless the operator set it (any value, `0` included, is respected).
import { spawn } from 'node:child_process';
import os from 'node:os';

const ARENAS = '2';

function onGlibc() {
  if (process.platform !== 'linux') return false;
  const header = /** @type {{ glibcVersionRuntime?: string }} */ (process.report?.getReport().header ?? {});
  return Boolean(header.glibcVersionRuntime);
}

/**
 * True when this process has handed over to one started with MALLOC_ARENA_MAX set (the caller then does nothing
 * more). With `process.execve` (Node 22.15+, 23.11+) the process is replaced in place; on older Node a child runs
 * with the same terminal, receives the signals sent here and its exit status becomes this process's.
 */
export function relaunchWithArenaLimit() {
  if (process.env.MALLOC_ARENA_MAX !== undefined || !onGlibc()) return false;
  const env = { ...process.env, MALLOC_ARENA_MAX: ARENAS };
  const args = [...process.execArgv, ...process.argv.slice(1)];
  if (typeof process.execve === 'function') process.execve(process.execPath, [process.execPath, ...args], env);
  const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 1)));
  return true;
}
