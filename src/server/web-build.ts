/**
 * Builds the web UI (web/ → web/dist) with Vite's JS API when it is missing or stale.
 *
 * Staleness is decided by a content hash: every file under web/ (except dist, node_modules and build temp
 * folders) plus the versions of the build toolchain, hashed in path order. After a successful build the hash
 * is written to web/dist/.build-stamp; the next call rebuilds only if the hash differs or index.html is gone.
 * The build goes to a temporary folder first and is swapped in at the end, so a half-finished build is never
 * served and a failed build leaves the previous one in place.
 *
 * Run as a script to force a build: `node --import tsx src/server/web-build.ts` (npm run build:web).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = path.join(REPO_ROOT, 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');
const STAMP = '.build-stamp';
const CONFIG_FILE = path.join(WEB_DIR, 'vite.config.ts');

/** Top-level entries of web/ that are not sources. */
function ignored(name: string): boolean {
  return name === 'dist' || name === 'node_modules' || name.startsWith('.dist-') || name === '.vite';
}

function listSources(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    if (rel === '' && ignored(ent.name)) continue;
    if (ent.name === 'node_modules' || ent.name === '.DS_Store') continue;
    const relPath = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...listSources(path.join(dir, ent.name), relPath));
    else if (ent.isFile()) out.push(relPath);
  }
  return out;
}

/** Versions of the packages that shape the bundle; a dependency upgrade also invalidates the build. */
function toolchainVersions(): string {
  const require = createRequire(import.meta.url);
  const pkgs = [
    'vite',
    '@vitejs/plugin-react',
    'react',
    'react-dom',
    'antd',
    '@ant-design/icons',
    'echarts',
    '@tanstack/react-router',
    '@tanstack/react-query',
    'openapi-fetch',
    '@rjsf/antd',
    '@rjsf/core',
  ];
  return pkgs
    .map((p) => {
      try {
        const v = (JSON.parse(fs.readFileSync(require.resolve(`${p}/package.json`), 'utf8')) as { version?: string })
          .version;
        return `${p}@${v ?? '?'}`;
      } catch {
        return `${p}@-`;
      }
    })
    .join('\n');
}

/** The sha256 of the web sources and toolchain versions. */
export function webSourceHash(): string {
  const h = createHash('sha256');
  h.update('onewindow-web-build/1\n');
  h.update(toolchainVersions());
  for (const rel of listSources(WEB_DIR).sort()) {
    h.update(`\0${rel}\0`);
    h.update(fs.readFileSync(path.join(WEB_DIR, rel)));
  }
  return h.digest('hex');
}

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy next to each text file of a build, which the server sends to browsers
 * that accept them (@fastify/static `preCompressed`): the JavaScript a phone downloads on a cold load shrinks to
 * about a third (docs/web.md, "Phone load").
 */
function precompress(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(js|css|html|svg|json|txt|map)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const data = fs.readFileSync(file);
    if (data.length < 1024) continue;
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
    );
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  }
}

/**
 * The first paint, drawn before any JavaScript runs (web/first-paint.html): the header on every page, and the public
 * home's heading and introduction (its <template>) in the page answered at `/`.
 */
export const FIRST_PAINT_FILE = path.join(WEB_DIR, 'first-paint.html');
/** The page answered at `/` (src/server/app.ts): the shell with the public home's first paint inside #root. */
export const HOME_PAGE = 'home.html';
/**
 * The shell of a page whose first paint the server draws (ModuleDef.pageFirstPaints, src/server/page-routes.ts): the
 * header, then PAGE_SLOT where the module's markup goes, in the first paint's main area.
 */
export const PAGE_SHELL = 'page.html';
export const PAGE_SLOT = '<!--ow:page-->';

/** Which first paint: the header alone (`shell`), with the public home's heading and introduction, or with a slot. */
export type FirstPaintVariant = 'shell' | 'home' | 'page';

/** The first paint's markup for a variant (comments removed, but for the page variant's PAGE_SLOT). */
export function firstPaint(source: string, variant: FirstPaintVariant): string {
  const template = /<template id="ow-first-paint-home">([\s\S]*?)<\/template>/.exec(source);
  if (!template || !source.includes('<!--ow:home-->')) throw new Error('first-paint.html: no home template or marker');
  const main = { shell: '', home: template[1]!.trim(), page: '<div class="ow-first-paint-main">\0</div>' }[variant];
  return source
    .replace(template[0], '')
    .replace('<!--ow:home-->', main)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\n\s*\n/g, '\n')
    .trim()
    .replace('\0', PAGE_SLOT);
}

/**
 * Puts the first paint inside `<div id="root">` of the built shell, with the stylesheets after it: a stylesheet in
 * the body does not hold back the paint of what comes before it, so the first paint (which brings its own styles) is
 * drawn as soon as the page arrives; the module scripts still wait for the stylesheets. index.html (every URL but
 * `/`) gets the header; home.html (`/`) also the public home's heading and introduction; page.html the header and
 * the slot a module's page fills on the server (docs/web.md, "Phone load").
 */
export function writeFirstPaint(dir: string): void {
  if (!fs.existsSync(FIRST_PAINT_FILE)) return;
  const source = fs.readFileSync(FIRST_PAINT_FILE, 'utf8');
  const shell = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const marker = '<div id="root"></div>';
  if (!shell.includes(marker)) throw new Error(`index.html has no ${marker}`);
  const sheets = shell.match(/<link rel="stylesheet"[^>]*>/g) ?? [];
  let bare = loadAfterFirstPaint(dir, shell);
  for (const sheet of sheets) bare = bare.replace(sheet, '');
  const page = (variant: FirstPaintVariant) =>
    bare.replace(marker, `<div id="root">${firstPaint(source, variant)}</div>\n    ${sheets.join('\n    ')}`);
  fs.writeFileSync(path.join(dir, HOME_PAGE), page('home'));
  fs.writeFileSync(path.join(dir, PAGE_SHELL), page('page'));
  fs.writeFileSync(path.join(dir, 'index.html'), page('shell'));
}

/**
 * Replaces the shell's module script and its modulepreload links with a small deferred script (assets/boot-<hash>.js)
 * that adds them once the first paint is on screen (the frame after the document is parsed; at the latest after
 * 500 ms, for a tab that draws no frames). The first paint then never waits on the app's code: on a fast network the
 * scripts would otherwise arrive before the browser's first paint and hold it back, and Lighthouse's simulated phone
 * counts their slow-4G download before the paint (guide and home scored 82 on an idle machine, ~90 under load).
 */
function loadAfterFirstPaint(dir: string, shell: string): string {
  const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(shell);
  if (!entry) return shell;
  const preloads = [...shell.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)];
  const code = `// Loads the app after the first paint (src/server/web-build.ts, loadAfterFirstPaint).
(function () {
  var started = false;
  function add(tag, attrs) {
    var el = document.createElement(tag);
    for (var k in attrs) el[k] = attrs[k];
    document.head.appendChild(el);
  }
  function load() {
    if (started) return;
    started = true;
    ${JSON.stringify(preloads.map((p) => p[1]))}.forEach(function (href) {
      add('link', { rel: 'modulepreload', crossOrigin: '', href: href });
    });
    add('script', { type: 'module', crossOrigin: '', src: ${JSON.stringify(entry[1])} });
  }
  requestAnimationFrame(function () {
    setTimeout(load, 0);
  });
  setTimeout(load, 500);
})();
`;
  const name = `assets/boot-${createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, name), code);
  const preloadTags = new Set(preloads.map((p) => p[0]));
  return shell
    .replace(entry[0], `<script defer src="/${name}"></script>`)
    .split('\n')
    .filter((line) => !preloadTags.has(line.trim()))
    .join('\n');
}

function readStamp(): string | null {
  try {
    return fs.readFileSync(path.join(WEB_DIST, STAMP), 'utf8').trim();
  } catch {
    return null;
  }
}

/** True when web/dist is missing, incomplete or built from different sources. */
/** Whether this checkout has the web UI's sources (a package may ship only a prebuilt web/dist). */
function hasWebSources(): boolean {
  return fs.existsSync(path.join(WEB_DIR, 'index.html')) && fs.existsSync(CONFIG_FILE);
}

export function webBuildIsStale(hash = webSourceHash()): boolean {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) return true;
  return readStamp() !== hash;
}

let inFlight: Promise<string | null> | null = null;

/**
 * Makes sure web/dist holds a build of the current sources and returns its absolute path. Returns null when
 * there is neither a web/ source tree nor a prebuilt dist. Throws if the build fails.
 */
export async function ensureWebBuild(
  opts: { force?: boolean; log?: (msg: string) => void } = {},
): Promise<string | null> {
  // Concurrent callers in one process share a single build.
  if (inFlight) return inFlight;
  inFlight = doEnsure(opts).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function doEnsure({
  force = false,
  log = () => undefined,
}: {
  force?: boolean;
  log?: (msg: string) => void;
}): Promise<string | null> {
  if (!hasWebSources()) {
    if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return WEB_DIST;
    log('web UI: no sources under web/ and no prebuilt web/dist; not serving a UI');
    return null;
  }
  const hash = webSourceHash();
  if (!force && !webBuildIsStale(hash)) {
    log(`web UI: up to date (${WEB_DIST})`);
    return WEB_DIST;
  }

  log(force ? 'web UI: building (forced)…' : 'web UI: sources changed or no build yet; building…');
  const started = Date.now();
  const tmp = path.join(WEB_DIR, `.dist-${process.pid}-${Date.now()}`);
  let vite: typeof import('vite');
  try {
    // Loaded lazily: a server with an up-to-date dist never pays for loading Vite.
    vite = await import('vite');
  } catch (e) {
    throw new Error(
      `web UI build failed: cannot load Vite (${(e as Error).message}). Install dev dependencies or ship a prebuilt web/dist.`,
      { cause: e },
    );
  }
  try {
    await vite.build({
      configFile: CONFIG_FILE,
      root: WEB_DIR,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true },
    });
    if (!fs.existsSync(path.join(tmp, 'index.html'))) throw new Error('the build produced no index.html');
    writeFirstPaint(tmp);
    precompress(tmp);
    fs.writeFileSync(path.join(tmp, STAMP), `${hash}\n`);
    // Swap the new build in; the old one is removed afterwards.
    const old = fs.existsSync(WEB_DIST) ? path.join(WEB_DIR, `.dist-old-${process.pid}-${Date.now()}`) : null;
    if (old) fs.renameSync(WEB_DIST, old);
    fs.renameSync(tmp, WEB_DIST);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`web UI build failed (web/ → web/dist): ${msg}`, { cause: e });
  }
  log(`web UI: built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${WEB_DIST}`);
  return WEB_DIST;
}

/**
 * The server's way to `ensureWebBuild`: a build, when one is needed, runs in a child process (this file as a program),
 * so the server never keeps the memory Vite and Rollup used once (a fresh clone's first `npm start` otherwise held
 * ~1.1 GB at rest instead of ~0.4 GB).
 */
export async function ensureWebBuildInChild(opts: { log?: (msg: string) => void } = {}): Promise<string | null> {
  if (hasWebSources() && webBuildIsStale()) {
    opts.log?.('web UI: sources changed or no build yet; building in a child process…');
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`web UI build failed (web/ → web/dist): the build process exited with ${code}`);
  }
  return ensureWebBuild(opts); // up to date now: answers without loading Vite
}

const isMain = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(path.resolve(entry)).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  ensureWebBuild({ force: true, log: (m) => console.log(m) }).then(
    (dir) => {
      if (!dir) process.exitCode = 1;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
