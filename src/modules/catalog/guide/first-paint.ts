/**
 * The guide's first paint: the public guide page's content as static HTML, which the server puts inside the web
 * shell's #root at `/guide/:id` (ModuleDef.pageFirstPaints), so that a phone draws the title, the plain facts and
 * the materials before any JavaScript runs or the guide API answers (docs/web.md, "Phone load"). The web page
 * (GuidePage.tsx) shows this markup again while it loads the guide, then its own render replaces it.
 *
 * Built from the public guide (the same answer as GET …/guide), in zh-CN: the sections an applicant reads, without
 * 版本与核验 (no digest, identifier, certificate-type code or semantic key) — and every value escaped. Like the shell's
 * first paint it is `aria-hidden` and holds no links, fields or test ids; tables are drawn as the phone's cards.
 * Its sizes follow the rendered page (antd's Typography at the theme's sizes, catalog.css's guide styles).
 */
import { AppError } from '../../../kernel/errors.ts';
import type { PageFirstPaint } from '../../module.ts';
import type { Guide, GuideBlock } from './schemas.ts';
import { getGuide } from './service.ts';
import { shanghaiTime } from './build.ts';

/** The attribute on the first paint's root: the web app finds the markup to keep by it (web/src/shell/first-paint.ts). */
export const FIRST_PAINT_ATTRIBUTE = 'data-ow-first-paint-page';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text for an element's content or a quoted attribute. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `<style>
.ow-fpg{max-width:1200px;margin:0 auto;font-size:14px;line-height:1.5714285714285714;color:rgba(0,0,0,.88)}
.ow-fpg-back{height:22px;margin-bottom:16px}
.ow-fpg h1{margin:0;font-size:28px;font-weight:600;line-height:1.2857142857142858}
.ow-fpg-title{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.ow-fpg-tag{display:inline-block;padding:0 7px;font-size:12px;font-weight:500;line-height:20px;border:1px solid #d48806;border-radius:4px;background:#fff7e6;color:#873800}
.ow-fpg-subtitle{margin:8px 0 16px;font-size:1.05em}
.ow-fpg-notice{margin-bottom:12px;padding:8px 12px 8px 34px;border:1px solid #ffd591;border-radius:8px;background:#fff7e6}
.ow-fpg-notice-info{border-color:#91caff;background:#e6f4ff}
.ow-fpg-tools{height:32px;margin:4px 0 12px}
.ow-fpg-meta{color:rgba(0,0,0,.68);font-size:.9em;margin:0 0 1em}
.ow-fpg section{margin-bottom:24px}
.ow-fpg h2{margin:0 0 .5em;font-size:1.25em;font-weight:600;line-height:1.4;border-bottom:1px solid #d9d9d9;padding-bottom:4px}
.ow-fpg h3{font-size:1.05em;margin:12px 0 4px;font-weight:600}
.ow-fpg-fields{display:grid;grid-template-columns:minmax(8em,max-content) 1fr;gap:6px 16px;margin:0 0 12px}
.ow-fpg-fields dt{font-weight:600}
.ow-fpg-fields dd{margin:0;white-space:pre-wrap}
.ow-fpg ol{margin:0 0 12px;padding-left:1.5em}
.ow-fpg .ow-fpg-cards{list-style:none;margin:0 0 12px;padding:0;display:flex;flex-direction:column;gap:12px}
.ow-fpg-card{border:1px solid #bfbfbf;border-radius:8px;padding:12px;background:#fff}
.ow-fpg-card-title,.ow-fpg-caption{font-weight:600;margin-bottom:6px}
.ow-fpg-card dl{margin:0}
.ow-fpg-card dl>div{display:flex;flex-wrap:wrap;gap:0 8px;padding:2px 0}
.ow-fpg-card dt{color:rgba(0,0,0,.68);flex:none}
.ow-fpg-card dt::after{content:'：'}
.ow-fpg-card dd{margin:0;min-width:0;overflow-wrap:anywhere}
@media (max-width:767.98px){.ow-fpg{overflow-wrap:anywhere}.ow-fpg-fields{grid-template-columns:1fr;gap:2px}.ow-fpg-fields dd{margin-bottom:8px}}
</style>`;

/** The section an applicant does not need (the web shows it collapsed at the end): left out of the first paint. */
const VERIFICATION = 'version';

/** A cell or field value: a web address (a blank form or sample) reads 下载, as the page's link does. */
const value = (v: string) => escapeHtml(/^https?:\/\/\S+$/.test(v) ? '下载' : v);

function block(b: GuideBlock): string {
  switch (b.kind) {
    case 'fields':
      return `<dl class="ow-fpg-fields">${b.fields
        .map((f) => `<dt>${escapeHtml(f.label.zh)}</dt><dd>${value(f.value)}</dd>`)
        .join('')}</dl>`;
    case 'list':
      return (
        (b.label ? `<h3>${escapeHtml(b.label.zh)}</h3>` : '') +
        `<ol>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol>`
      );
    case 'table': {
      // As the page's cards (TableCards in GuidePage.tsx): the first column as the title, then label：value.
      const [title, ...rest] = b.columns.filter((c) => c.key !== 'index');
      if (!title) return '';
      const caption = b.label ? `<div class="ow-fpg-caption">${escapeHtml(b.label.zh)}</div>` : '';
      if (b.rows.length === 0) return `${caption}<p>无</p>`;
      const cards = b.rows.map((row) => {
        const lines = rest
          .filter((c) => row[c.key])
          .map((c) => `<div><dt>${escapeHtml(c.label.zh)}</dt><dd>${value(row[c.key]!)}</dd></div>`);
        return `<li class="ow-fpg-card"><div class="ow-fpg-card-title">${escapeHtml(row[title.key] ?? '')}</div><dl>${lines.join('')}</dl></li>`;
      });
      return `${caption}<ol class="ow-fpg-cards">${cards.join('')}</ol>`;
    }
  }
}

/** The line under the tools, as the page writes it (catalog messages `guide.meta` and `guide.publishedAt`). */
function meta(g: Guide): string {
  const published = g.publishedAt ? ` · 发布于 ${shanghaiTime(g.publishedAt)}` : '';
  return `实施编码 ${g.code} · 第 ${g.version} 版 · ${g.effectiveFrom} 起施行${published}`;
}

/** The first paint of a public guide (zh-CN): escaped HTML with its own styles. */
export function guideFirstPaint(g: Guide): string {
  const tag = g.illustrative ? '<span class="ow-fpg-tag">示例</span>' : '';
  const notice = (text: string, info = false) =>
    `<div class="ow-fpg-notice${info ? ' ow-fpg-notice-info' : ''}">${escapeHtml(text)}</div>`;
  const sections = g.sections
    .filter((s) => s.key !== VERIFICATION)
    .map((s) => `<section><h2>${escapeHtml(s.heading.zh)}</h2>${s.blocks.map(block).join('')}</section>`);
  return [
    `<div class="ow-fpg" ${FIRST_PAINT_ATTRIBUTE} aria-hidden="true">${STYLE}`,
    // The places of the page's back link and tools (links and buttons are the page's own, once it runs).
    '<div class="ow-fpg-back"></div>',
    `<div class="ow-fpg-title"><h1>${escapeHtml(g.title)}</h1>${tag}</div>`,
    `<p class="ow-fpg-subtitle">${escapeHtml(`${g.region.name} · ${g.department.name}`)}</p>`,
    g.illustrative && g.notice ? notice(g.notice.zh) : '',
    g.statusNotice ? notice(g.statusNotice.zh, true) : '',
    '<div class="ow-fpg-tools"></div>',
    `<p class="ow-fpg-meta">${escapeHtml(meta(g))}</p>`,
    ...sections,
    '</div>',
  ].join('');
}

/**
 * `/guide/:id` (the web route of a public guide): the first paint of the version in force, or of `?version=N`. A
 * staff preview (`?preview=…`) is loaded by the page with the caller's token, and a guide that is not public (unknown
 * id, nothing in force) is the page's to explain: both get the plain shell.
 */
export const guideFirstPaintPage: PageFirstPaint = {
  path: '/guide/:id',
  async render(k, ctx, params, query) {
    if (query.preview !== undefined) return null;
    const version = query.version === undefined ? undefined : Number(query.version);
    if (version !== undefined && !(Number.isInteger(version) && version >= 1)) return null;
    const id = params.id ?? '';
    if (!id || id.length > 64) return null;
    try {
      return guideFirstPaint(await getGuide(k, ctx, id, { version }));
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return null;
      throw e;
    }
  },
};
