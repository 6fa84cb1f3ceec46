/**
 * The public verify page's other inputs: a certificate PDF (its QR code read back out, qr-decode.ts) and the QR
 * code's id-only fallback (`#id=<credential id>`, printed when the credential is too long for a QR code). Both answer
 * as a pasted credential does (verify.ts); the holder appears only as the credential carries it (name, masked ID).
 */
import { AppError } from '../../kernel/errors.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { findCertificateRow } from './repository.ts';
import { qrFromPdf } from './qr-decode.ts';
import { verifyCredential } from './verify.ts';
import type { Verification } from './verify-core.ts';

/** The largest PDF the verify page accepts (a certificate's face is one page, well under 1 MiB). */
export const MAX_VERIFY_PDF_BYTES = 5 * 1024 * 1024;

const notFound = () =>
  new AppError({
    code: 'CERTIFICATE_NOT_FOUND',
    status: 404,
    field: 'id',
    zh: '未找到该证照：请核对二维码或编号',
    en: 'No such certificate: check the QR code or the id',
  });

/** Verifies the credential of a certificate of this platform, by its credential id (urn:uuid:…). */
export async function verifyById(k: Kernel, id: string): Promise<Verification> {
  const row = await findCertificateRow(k.db, id);
  if (!row) throw notFound();
  return verifyCredential(k, { credential: k.cipher.decrypt(row.credential_enc) });
}

/**
 * Verifies the certificate a PDF carries: its content must be a PDF (sniffed, never the declared type), its QR code
 * readable; the payload is then verified like a pasted one, or by id for the id-only fallback.
 */
export async function verifyPdf(k: Kernel, body: unknown): Promise<Verification> {
  if (!Buffer.isBuffer(body) || body.length < 5 || body.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new AppError({
      code: 'CERTIFICATE_PDF_REQUIRED',
      status: 415,
      field: 'body',
      zh: '请上传证照的 PDF 文件（该文件不是 PDF）',
      en: 'Upload the certificate’s PDF file (this file is not a PDF)',
    });
  const payload = qrFromPdf(body);
  if (!payload)
    throw new AppError({
      code: 'CERTIFICATE_QR_UNREADABLE',
      status: 422,
      field: 'body',
      zh: '该 PDF 中没有可识别的证照二维码：请上传签发部门出具的证照 PDF，或粘贴电子凭证',
      en: 'This PDF carries no readable certificate QR code: upload the PDF the issuer gave, or paste the credential',
    });
  const id = /[#?&]id=([^&#]+)/.exec(payload)?.[1];
  if (id && !/[#?&]vc=/.test(payload)) return verifyById(k, decodeURIComponent(id));
  return verifyCredential(k, { credential: payload });
}
