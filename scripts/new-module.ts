// `npm run new-module -- <name>`: scaffolds a module — src/modules/<name>/ and web/src/modules/<name>/ with a minimal,
// passing example of each part — adds one line to each module list (src/modules/list.ts, web/src/modules/index.ts),
// then regenerates what is generated from the running app: the API types for the web (npm run gen:api) and the
// module's route matrix and lifecycle page (npm run module-docs), for review. See docs/adding-a-module.md.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { serverFiles, type Names } from './new-module/server-templates.ts';
import { webFiles } from './new-module/web-templates.ts';

const root = process.cwd();

function fail(message: string): never {
  console.error(`new-module: ${message}`);
  process.exit(2);
}

function namesOf(raw: string, block: number): Names {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(raw))
    fail(`"${raw}" is not a snake_case module name (letters, digits, single underscores)`);
  const parts = raw.split('_');
  const camel =
    parts[0] +
    parts
      .slice(1)
      .map((p) => p[0].toUpperCase() + p.slice(1))
      .join('');
  return { snake: raw, camel, pascal: camel[0].toUpperCase() + camel.slice(1), kebab: parts.join('-'), block };
}

/** The lowest migration block no module uses yet (block 0 is the kernel's). */
function nextBlock(): number {
  const used = new Set<number>([0]);
  for (const dir of fs.readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(root, 'src/modules', dir.name), { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(root, 'src/modules', dir.name, file), 'utf8');
      for (const m of text.matchAll(/migrationBlock:\s*(\d+)/g)) used.add(Number(m[1]));
    }
  }
  let b = 1;
  while (used.has(b)) b++;
  if (b > 99) fail('no migration block is free (1–99 are taken)');
  return b;
}

function writeAll(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`  created ${path.relative(root, file)}`);
  }
}

/** Appends one line to a list file, keeping it idempotent. */
function addLine(file: string, line: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes(line)) return;
  fs.writeFileSync(file, text.endsWith('\n') ? text + line + '\n' : `${text}\n${line}\n`);
  console.log(`  added to ${path.relative(root, file)}: ${line}`);
}

function run(script: string): void {
  console.log(`\n$ npm run ${script}`);
  const r = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) fail(`npm run ${script} failed`);
}

const raw = process.argv[2];
if (!raw) fail('usage: npm run new-module -- <snake_case_name>');
const n = namesOf(raw, nextBlock());
const serverDir = path.join(root, 'src/modules', n.snake);
const webDir = path.join(root, 'web/src/modules', n.snake);
if (fs.existsSync(serverDir) || fs.existsSync(webDir)) fail(`module ${n.snake} exists already`);

console.log(
  `Scaffolding module ${n.snake} (migration block ${n.block}: ${String(n.block).padStart(2, '0')}00–${String(n.block).padStart(2, '0')}99)`,
);
writeAll(serverDir, serverFiles(n));
writeAll(webDir, webFiles(n));
addLine(path.join(root, 'src/modules/list.ts'), `export { ${n.camel}Module } from './${n.snake}/index.ts';`);
addLine(path.join(root, 'web/src/modules/index.ts'), `export { ${n.camel}Module } from './${n.snake}/routes.tsx';`);
// The templates are written for reading, not to the formatter's width: format the new folders as npm test expects.
const format = spawnSync(
  process.execPath,
  ['node_modules/prettier/bin/prettier.cjs', '--write', '--log-level', 'warn', serverDir, webDir],
  { stdio: 'inherit', cwd: root },
);
if (format.status !== 0) fail('prettier failed on the new module');
run('gen:api');
run('module-docs');
console.log(`
Done. Next:
  - review src/modules/${n.snake}/route-matrix.md cell by cell, and src/modules/${n.snake}/lifecycles.md;
  - run its tests: node scripts/test.mjs src/modules/${n.snake}/${n.kebab}.test.ts
  - rename the example record to your domain's subjects; docs/adding-a-module.md says what each file is for.`);
