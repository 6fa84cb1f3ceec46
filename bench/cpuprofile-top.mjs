// Prints where a V8 CPU profile (node --cpu-prof) spent its time: the top functions by self time, then by package or
// file. Usage: node bench/cpuprofile-top.mjs PROFILE.cpuprofile [N]   (see "Profiling" in bench/README.md)
import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const self = new Map();
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const dt = p.timeDeltas;
const counts = new Map();
for (let i = 0; i < p.samples.length; i++) counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + (dt[i] ?? 0));
let total = 0;
const byFile = new Map();
for (const [id, t] of counts) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anon)'} ${cf.url
    .replace(/.*node_modules\//, 'nm/')
    .replace(process.cwd() + '/', '')
    .replace('file://', '')}:${cf.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + t);
  total += t;
  const f =
    cf.url
      .replace(/.*node_modules\//, 'nm/')
      .replace(process.cwd() + '/', '')
      .replace('file://', '')
      .split('/')
      .slice(0, 3)
      .join('/') || cf.functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + t);
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 30));
for (const [k, t] of top) console.log(((100 * t) / total).toFixed(1).padStart(5) + '%', k);
console.log('--- by file/package');
for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(((100 * t) / total).toFixed(1).padStart(5) + '%', k);
