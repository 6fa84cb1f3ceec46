/**
 * What an uploaded file is (a case's material, a hotline ticket's attachment, an inspection's evidence), read from its
 * content (never from its name or the declared Content-Type): PDF (`%PDF-`), JPEG (`FF D8 FF`), PNG (its 8-byte
 * signature) or OFD (GB/T 33190 版式文档: a zip whose central directory holds the root entry `OFD.xml`). Anything else
 * is refused. No dependency: these four signatures are a few lines (docs/cases.md § Materials says why no `file-type`
 * this time). Here rather than in src/modules/cases/ so that every module uploading files uses the same check.
 */
export const MATERIAL_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] as const;
export type MaterialType = (typeof MATERIAL_TYPES)[number];

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The names of a zip's entries, from its central directory; null when it is not a readable zip. */
export function zipEntryNames(b: Buffer): string[] | null {
  // End of central directory: signature 0x06054b50, at least 22 bytes from the end (a comment of up to 65535 bytes).
  const min = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--)
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = b.readUInt16LE(at + 28);
    const extra = b.readUInt16LE(at + 30);
    const comment = b.readUInt16LE(at + 32);
    if (at + 46 + nameLength > b.length) return null;
    names.push(b.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

/** The material's type by its content, or null when it is none of the four. */
export function sniffMaterial(b: Buffer): MaterialType | null {
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG)) return 'image/png';
  if (b.length >= 30 && b.readUInt32LE(0) === 0x04034b50) {
    const names = zipEntryNames(b);
    if (names?.some((n) => n === 'OFD.xml')) return 'application/ofd';
  }
  return null;
}

/** The file extension that goes with a type (for download names). */
export const EXTENSION: Record<MaterialType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/ofd': 'ofd',
};
