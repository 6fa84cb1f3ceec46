/**
 * The page content the server drew inside #root before any script ran (src/server/page-routes.ts: a public guide's
 * title, facts and materials), read before React's first render replaces it. While the page loads (its chunk, then
 * its data) it shows this markup again instead of a spinner, so what the phone painted first stays on the screen
 * until the page's own render is ready. main.tsx imports this module before it renders.
 */
import { LANG_KEY, readPref } from './storage.ts';

const drawn = document.querySelector('[data-ow-first-paint-page]');
const here = () => window.location.pathname + window.location.search;
// The server draws it in zh-CN (it cannot know a reader's choice, kept in this browser): an English reader sees it
// only until the first render, then the page's own loading state.
const kept = drawn && readPref(LANG_KEY) !== 'en-US' ? { at: here(), html: drawn.outerHTML } : null;

/** The server's first paint of the page now shown, when it is the page the browser loaded (else null). */
export function serverFirstPaint(): string | null {
  return kept && kept.at === here() ? kept.html : null;
}
