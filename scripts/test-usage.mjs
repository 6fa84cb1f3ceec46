// Preloaded (--import) into every test process by scripts/test.mjs: at exit, appends the file's wall time and CPU
// time to ONEWINDOW_TEST_USAGE, one JSON line per file. CPU counts the process itself and the children it waited for
// (servers, CLIs, Chromium: /proc/self/stat cutime + cstime), so a test that spawns work is charged for it.
import fs from 'node:fs';
import path from 'node:path';

const out = process.env.ONEWINDOW_TEST_USAGE;
const file = process.argv[1] ?? '';
if (out && /\.test\.[cm]?[jt]s$/.test(file)) {
  process.on('exit', () => {
    const self = process.resourceUsage();
    let childrenMs = 0;
    try {
      // Fields after the ")" of the command name: state is 3, cutime 16 and cstime 17 (proc(5)), in clock ticks.
      const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      childrenMs = (Number(f[13]) + Number(f[14])) * 10; // USER_HZ is 100 on Linux
    } catch {
      /* not Linux: own CPU only */
    }
    const row = {
      file: path.relative(process.cwd(), file),
      wallMs: Math.round(process.uptime() * 1000),
      selfMs: Math.round((self.userCPUTime + self.systemCPUTime) / 1000),
      childrenMs,
    };
    fs.appendFileSync(out, JSON.stringify(row) + '\n');
  });
}
