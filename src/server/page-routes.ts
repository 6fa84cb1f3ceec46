/**
 * The web pages whose first paint the server draws (ModuleDef.pageFirstPaints): at each page's path the built
 * page.html (the shell with the header and PAGE_SLOT, src/server/web-build.ts) with the module's markup in the slot,
 * so a phone paints the page's content before any JavaScript runs (docs/web.md, "Phone load"). When the module has
 * nothing to draw, or the build has no page.html, the plain shell (index.html) is sent, as for any client route.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Kernel } from '../kernel/kernel.ts';
import { ctxOf, type App } from '../kernel/http.ts';
import type { ModuleDef } from '../modules/module.ts';
import { PAGE_SHELL, PAGE_SLOT } from './web-build.ts';

/** Compresses the page for the browser as @fastify/static does the build's files (Brotli, else gzip). */
function encode(body: string, accept: string): { encoding: string | null; payload: Buffer | string } {
  if (/\bbr\b/.test(accept))
    return {
      encoding: 'br',
      payload: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
    };
  if (/\bgzip\b/.test(accept)) return { encoding: 'gzip', payload: zlib.gzipSync(body) };
  return { encoding: null, payload: body };
}

export function registerPageFirstPaints(app: App, k: Kernel, modules: ModuleDef[], webDist: string): void {
  const file = path.join(webDist, PAGE_SHELL);
  const shell = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (!shell?.includes(PAGE_SLOT)) return;
  for (const m of modules) {
    for (const page of m.pageFirstPaints ?? []) {
      app.get(page.path, { schema: { hide: true }, config: { owner: m.name } }, async (req, reply) => {
        let markup: string | null = null;
        try {
          markup = await page.render(
            k,
            ctxOf(req),
            req.params as Record<string, string>,
            req.query as Record<string, unknown>,
          );
        } catch (e) {
          // The page still works without its first paint: it loads its data as on any other route.
          req.log.warn({ err: e }, `first paint of ${page.path} failed`);
        }
        if (markup === null) return reply.sendFile('index.html');
        const { encoding, payload } = encode(
          shell.replace(PAGE_SLOT, () => markup),
          String(req.headers['accept-encoding'] ?? ''),
        );
        if (encoding) reply.header('content-encoding', encoding);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-cache')
          .header('vary', 'accept-encoding')
          .send(payload);
      });
    }
  }
}
