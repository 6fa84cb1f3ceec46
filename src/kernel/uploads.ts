/**
 * File uploads as the raw request body (one file per request, its name in the query string; not multipart): a
 * route scope takes the declared content types as a buffer up to a size limit, and the handler reads the bytes with
 * `uploadedFile`. What the file is comes from its content (./sniff.ts), never from the declared type. Used by the
 * cases module's materials, the hotline's attachments and the inspections module's evidence.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

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
