/**
 * `onewindow cert verify FILE|TOKEN [--trust-list FILE] [--status-list FILE]… [--json]`: verifies a certificate
 * credential offline, against a trust list and status lists given as files (docs/certificates.md). Exit 0 when valid,
 * 3 when invalid (as `audit verify`), 1 for a usage error.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyOffline } from '../modules/certificates/index.ts';

export const CERT_VERIFY_USAGE =
  'usage: onewindow cert verify FILE|TOKEN [--trust-list FILE] [--status-list FILE]… [--json]';

/** Runs the command; prints the outcome and returns the exit code. */
export async function certVerifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'trust-list': { type: 'string' },
      'status-list': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
  const arg = positionals[0];
  if (!arg) {
    console.error(`onewindow: ${CERT_VERIFY_USAGE}`);
    return 1;
  }
  const input = fs.existsSync(arg) ? fs.readFileSync(arg, 'utf8') : arg;
  const trustFile = values['trust-list'];
  const v = await verifyOffline(input, {
    trustList: trustFile ? JSON.parse(fs.readFileSync(trustFile, 'utf8')) : null,
    statusLists: (values['status-list'] ?? []).map((f) => fs.readFileSync(f, 'utf8')),
  });
  console.log(
    values.json
      ? JSON.stringify(v, null, 2)
      : [
          `${v.valid ? 'VALID' : 'INVALID'}${v.reason ? ` (${v.reason})` : ''}: ${v.message.en} / ${v.message.zh}`,
          ...(v.credential?.number ? [`number: ${v.credential.number}`] : []),
          ...(v.credential?.issuer.name ? [`issuer: ${v.credential.issuer.name} (${v.credential.issuer.id})`] : []),
          ...v.warnings.map((w) => `warning: ${w}`),
        ].join('\n'),
  );
  return v.valid ? 0 : 3;
}
