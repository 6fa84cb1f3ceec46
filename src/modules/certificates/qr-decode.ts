/**
 * Reading the QR code back out of a certificate PDF (the verify page's PDF upload, and the tests' proof that the
 * printed code really scans): the PDF's image XObjects are found, each one's raster is rebuilt from its Flate stream
 * (undoing PNG predictors when `DecodeParms` names them; pdfkit writes qrcode's RGBA PNG as an RGB stream plus an
 * `SMask`, an opaque PNG as its IDAT data with predictor 15), and jsQR decodes it. No PDF library: only what pdfkit and
 * similar writers produce — uncompressed object syntax, `FlateDecode` images in DeviceRGB, DeviceGray or an indexed
 * RGB palette, 8 bits per component (1-bit gray too). A PDF saved again with object streams or other filters yields
 * no image, and so no QR payload (the caller answers 422).
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;
// jsqr is a UMD bundle whose typings declare an ES default export; under NodeNext the CommonJS value is the function.
const jsQR = createRequire(import.meta.url)('jsqr') as JsQr;

/** Images larger than this many pixels are skipped (a decompression bomb in an uploaded file decodes nothing). */
const MAX_PIXELS = 4096 * 4096;
/** At most this many images are tried per PDF. */
const MAX_IMAGES = 20;

export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8ClampedArray;
}

const num = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+)(?!\\s+\\d+\\s+R)`).exec(dict);
  return m ? Number(m[1]) : null;
};
const ref = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** The PDF's indirect objects: number → [start of the object's text, end of its dictionary / value]. */
function objectIndex(text: string): Map<number, number> {
  const at = new Map<number, number>();
  const re = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) at.set(Number(m[1]), m.index + m[0].length);
  return at;
}

/** The text of object `n` up to its `stream` keyword or `endobj`, whichever comes first. */
function objectHead(text: string, at: Map<number, number>, n: number): string | null {
  const start = at.get(n);
  if (start === undefined) return null;
  const endObj = text.indexOf('endobj', start);
  const stream = text.indexOf('stream', start);
  const end = stream >= 0 && (endObj < 0 || stream < endObj) ? stream : endObj;
  return end < 0 ? null : text.slice(start, end);
}

/** Undoes PNG predictors (DecodeParms Predictor ≥ 10): each row starts with its filter type byte. */
function unpredict(data: Buffer, colors: number, bits: number, columns: number): Buffer | null {
  const bpp = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowBytes = Math.ceil((colors * bits * columns) / 8);
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = Buffer.alloc(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)];
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const x = data[src + i];
      const a = i >= bpp ? out[dst + i - bpp] : 0;
      const b = r > 0 ? out[dst - rowBytes + i] : 0;
      const c = r > 0 && i >= bpp ? out[dst - rowBytes + i - bpp] : 0;
      let v: number;
      switch (type) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          return null;
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** The image XObjects of a PDF, rebuilt as RGBA rasters (those this reader cannot rebuild are left out). */
export function pdfImages(pdf: Buffer): Raster[] {
  const text = pdf.toString('latin1');
  const at = objectIndex(text);
  // Soft masks (an image's alpha channel, `/SMask n 0 R`) are images too, but not pictures of their own.
  const masks = new Set([...text.matchAll(/\/SMask\s+(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1])));
  const out: Raster[] = [];
  for (const [n, start] of at) {
    if (out.length >= MAX_IMAGES) break;
    if (masks.has(n)) continue;
    const head = objectHead(text, at, n);
    if (!head || !/\/Subtype\s*\/Image\b/.test(head) || !/\/Filter\s*\/FlateDecode\b/.test(head)) continue;
    const width = num(head, 'Width');
    const height = num(head, 'Height');
    const bits = num(head, 'BitsPerComponent') ?? 8;
    if (!width || !height || width * height > MAX_PIXELS || (bits !== 8 && bits !== 1)) continue;
    // The colour space: a name, or an indexed palette [/Indexed /DeviceRGB hival <ref or string>].
    let colors: number;
    let palette: Buffer | null = null;
    if (/\/ColorSpace\s*\/DeviceRGB\b/.test(head)) colors = 3;
    else if (/\/ColorSpace\s*\/DeviceGray\b/.test(head)) colors = 1;
    else {
      const ix = /\/ColorSpace\s*\[\s*\/Indexed\s*\/DeviceRGB\s+(\d+)\s+(\d+)\s+\d+\s+R\s*\]/.exec(head);
      if (!ix) continue;
      palette = streamOf(pdf, text, at, Number(ix[2]));
      if (!palette) continue;
      colors = 1;
    }
    // The decode parameters: inline << … >> or a reference to a dictionary object.
    const parmsRef = ref(head, 'DecodeParms');
    const parms =
      parmsRef !== null
        ? (objectHead(text, at, parmsRef) ?? '')
        : (/\/DecodeParms\s*<<([^>]*)>>/.exec(head)?.[1] ?? '');
    const raw = streamOf(pdf, text, at, n, start);
    if (!raw) continue;
    const predictor = num(parms, 'Predictor') ?? 1;
    const samples = predictor >= 10 ? unpredict(raw, colors, bits, num(parms, 'Columns') ?? width) : raw;
    if (!samples) continue;
    const rowBytes = Math.ceil((colors * bits * width) / 8);
    if (samples.length < rowBytes * height) continue;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        let r: number, g: number, b: number;
        if (bits === 1) {
          const byte = samples[y * rowBytes + (x >> 3)];
          r = g = b = (byte >> (7 - (x & 7))) & 1 ? 255 : 0;
        } else if (palette) {
          const i = samples[y * rowBytes + x] * 3;
          [r, g, b] = [palette[i] ?? 0, palette[i + 1] ?? 0, palette[i + 2] ?? 0];
        } else if (colors === 1) r = g = b = samples[y * rowBytes + x];
        else
          [r, g, b] = [
            samples[y * rowBytes + x * 3],
            samples[y * rowBytes + x * 3 + 1],
            samples[y * rowBytes + x * 3 + 2],
          ];
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        rgba[o + 3] = 255;
      }
    out.push({ width, height, rgba });
  }
  return out;
}

/** The decoded bytes of object `n`'s stream (inflated when its filter is FlateDecode); null when unreadable. */
function streamOf(pdf: Buffer, text: string, at: Map<number, number>, n: number, start = at.get(n)): Buffer | null {
  if (start === undefined) return null;
  const head = objectHead(text, at, n);
  if (head === null) return null;
  const kw = start + head.length;
  if (text.slice(kw, kw + 6) !== 'stream') return null;
  let from = kw + 6;
  if (text[from] === '\r') from++;
  if (text[from] === '\n') from++;
  const lengthRef = ref(head, 'Length');
  const length =
    lengthRef !== null ? Number(/^\s*(\d+)/.exec(objectHead(text, at, lengthRef) ?? '')?.[1]) : num(head, 'Length');
  const end = length && Number.isFinite(length) ? from + length : text.indexOf('endstream', from);
  if (end < from || end > pdf.length) return null;
  const bytes = pdf.subarray(from, end);
  if (!/\/Filter\s*\/FlateDecode\b/.test(head)) return /\/Filter\b/.test(head) ? null : Buffer.from(bytes);
  try {
    return inflateSync(bytes, { maxOutputLength: MAX_PIXELS * 4 + 1 });
  } catch {
    return null;
  }
}

/** Decodes a QR code in an RGBA raster; null when none is found. */
export function decodeQr(r: Raster): string | null {
  return jsQR(r.rgba, r.width, r.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** The payload of the first QR code among the PDF's images; null when the PDF carries no readable QR code. */
export function qrFromPdf(pdf: Buffer): string | null {
  for (const image of pdfImages(pdf)) {
    const payload = decodeQr(image);
    if (payload) return payload;
  }
  return null;
}
