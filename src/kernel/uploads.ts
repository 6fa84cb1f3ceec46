/**
 * File uploads as the raw request body (one file per request, its name in the query string; not multipart): a
 * route scope takes the declared content types as a buffer up to a size limit, and the handler reads the bytes with
 * `uploadedFile`. What the file is comes from its content (./sniff.ts), never from the declared type. Used by the
 * cases module's materials, the hotline's attachments and the inspections module's evidence.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, invalid } from './errors.ts';
import { blobStoreOf, sha256Hex } from './blobs.ts';
import { EXTENSION, sniffMaterial, type MaterialType } from './sniff.ts';

/** Takes `types` as raw bytes (at most `bodyLimit`) in the routes of `scope` only (register it in its own scope). */
export function acceptRawUploads(scope: FastifyInstance, types: string[], bodyLimit: number): void {
  scope.addContentTypeParser(types, { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
}

/** The uploaded file: the raw request body (the upload routes parse their content types as buffers). */
export function uploadedFile(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    field: 'body',
    zh: '请以文件本身作为请求体上传（Content-Type: application/octet-stream）',
    en: 'Send the file itself as the body (Content-Type: application/octet-stream)',
  });
}

/** An uploaded file's name as shown and downloaded: no path, no control characters, at most 200 characters. */
export function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  return [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200);
}

const TYPE_WORDS: Record<MaterialType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/ofd': 'OFD',
};

/**
 * Checks an uploaded file before anything is stored: a name (cleaned), not empty, at most `maxBytes`, and one of
 * `allowed` by its content. Errors carry the module's codes: `<prefix>_EMPTY` 400, `<prefix>_TOO_LARGE` 413,
 * `<prefix>_TYPE_NOT_ALLOWED` 415 (`FIELD_REQUIRED` for a missing name). Returns the clean name and sniffed type.
 */
export function checkUpload(
  input: { name: string; bytes: Buffer },
  rules: { prefix: string; maxBytes: number; allowed: readonly MaterialType[] },
): { name: string; type: MaterialType } {
  const name = cleanName(input.name);
  if (!name) throw invalid('query.name', 'FIELD_REQUIRED', '须提供文件名', 'The file name is required');
  if (input.bytes.length === 0)
    throw invalid('body', `${rules.prefix}_EMPTY`, '上传的文件为空', 'The uploaded file is empty');
  const mb = rules.maxBytes / 1024 / 1024;
  if (input.bytes.length > rules.maxBytes)
    throw new AppError({
      code: `${rules.prefix}_TOO_LARGE`,
      status: 413,
      field: 'body',
      zh: `文件不能超过 ${mb} MB`,
      en: `The file must be at most ${mb} MB`,
    });
  const type = sniffMaterial(input.bytes);
  if (!type || !rules.allowed.includes(type)) {
    const words = rules.allowed.map((t) => TYPE_WORDS[t]);
    const last = words.pop();
    const list = words.length
      ? { zh: `${words.join('、')} 或 ${last}`, en: `${words.join(', ')} or ${last}` }
      : { zh: String(last), en: String(last) };
    throw new AppError({
      code: `${rules.prefix}_TYPE_NOT_ALLOWED`,
      status: 415,
      field: 'body',
      zh: `仅接受 ${list.zh} 格式的文件（按文件内容判断）`,
      en: `Only ${list.en} files are accepted (judged by their content)`,
      details: { allowed: rules.allowed },
    });
  }
  return { name, type };
}

/**
 * A stored upload's bytes, checked against the SHA-256 kept when it was uploaded (a missing or altered file is a 500
 * with the module's `code` and words), and the name it downloads as: its own, with the extension of its sniffed type.
 */
export async function readStoredFile(
  k: { config: { dataDir: string } },
  file: { key: string; sha256: string; name: string; contentType: MaterialType },
  missing: { code: string; zh: string },
): Promise<{ bytes: Buffer; fileName: string }> {
  const bytes = await blobStoreOf(k).get(file.key);
  if (!bytes || sha256Hex(bytes) !== file.sha256)
    throw new AppError({
      code: missing.code,
      status: 500,
      zh: missing.zh,
      en: 'The stored file is missing or damaged; contact the administrator',
    });
  const ext = EXTENSION[file.contentType];
  return { bytes, fileName: file.name.toLowerCase().endsWith(`.${ext}`) ? file.name : `${file.name}.${ext}` };
}
