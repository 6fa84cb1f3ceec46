/**
 * Test support: the text of each page of a PDF as pdfkit writes it, decoded through the fonts' ToUnicode CMaps —
 * so a test proves the Chinese text is really extractable (searchable, copyable), without poppler's pdftotext.
 *
 * Deliberately small: it reads the uncompressed object layout pdfkit emits (no object streams, no xref streams),
 * inflates FlateDecode streams, and merges every font's CMap into one table. It is good for pdfkit documents that
 * use one embedded font (as the guide does), not a general PDF parser.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    const body = s.slice(start, end);
    const at = body.indexOf('stream');
    let stream: Buffer | null = null;
    let dict = body;
    if (at >= 0 && /\/Length (\d+)/.test(body.slice(0, at))) {
      dict = body.slice(0, at);
      const length = Number(/\/Length (\d+)/.exec(dict)![1]);
      const from = start + at + 'stream'.length + (s[start + at + 6] === '\r' ? 2 : 1);
      const raw = pdf.subarray(from, from + length);
      stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

const hexChunks = (hex: string) => hex.match(/[0-9a-fA-F]{4}/g) ?? [];
const fromUtf16Hex = (hex: string) => String.fromCharCode(...hexChunks(hex).map((h) => parseInt(h, 16)));

/** Glyph code → text, from every ToUnicode CMap (bfchar and both forms of bfrange). */
function unicodeMap(objs: Map<number, PdfObject>): Map<number, string> {
  const map = new Map<number, string>();
  for (const o of objs.values()) {
    const text = o.stream?.toString('latin1') ?? '';
    if (!text.includes('begincmap')) continue;
    for (const [, body] of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, src, dst] of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(parseInt(src, 16), fromUtf16Hex(dst));
    }
    for (const [, body] of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, rest] of body.matchAll(
        /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
      )) {
        const a = parseInt(lo, 16);
        const b = parseInt(hi, 16);
        // An entry may hold several code points (a ligature such as "fi" maps to `<0066 0069>`).
        if (rest.startsWith('['))
          [...rest.matchAll(/<([0-9a-fA-F ]+)>/g)].forEach(([, d], i) => map.set(a + i, fromUtf16Hex(d)));
        else
          for (let c = a, base = parseInt(rest.slice(1, -1), 16); c <= b; c++, base++)
            map.set(c, String.fromCharCode(base));
      }
    }
  }
  return map;
}

function pageText(content: string, map: Map<number, string>): string {
  const lines: string[] = [];
  for (const [, block] of content.matchAll(/BT([\s\S]*?)ET/g)) {
    const shown = [...block.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)].map(([, arr, single]) => {
      const hex = arr !== undefined ? [...arr.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]).join('') : single;
      return hexChunks(hex)
        .map((h) => map.get(parseInt(h, 16)) ?? '\uFFFD')
        .join('');
    });
    lines.push(shown.join(''));
  }
  return lines.join('\n');
}

/** The text of each page, in page order. */
export function pdfPages(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const map = unicodeMap(objs);
  const pagesRoot = [...objs.values()].find((o) => /\/Type \/Pages/.test(o.dict));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pagesRoot?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((x) =>
    Number(x[1]),
  );
  return kids.map((id) => {
    const contents = /\/Contents (\d+) 0 R/.exec(objs.get(id)?.dict ?? '')?.[1];
    const stream = contents ? objs.get(Number(contents))?.stream : null;
    return stream ? pageText(stream.toString('latin1'), map) : '';
  });
}
