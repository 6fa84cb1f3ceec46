/** Finding plaintext personal data in text: as is, and inside base64, base64url and JWT-looking tokens in it. */

/** Every string worth checking in `text`: itself plus the decodings of base64-ish and JWT-ish tokens in it. */
export function expand(text: string): string[] {
  const out = [text];
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    for (const part of m[0].split('.')) {
      for (const enc of ['base64', 'base64url'] as const) {
        const decoded = Buffer.from(part, enc).toString('utf8');
        if (decoded) out.push(decoded);
      }
    }
  }
  for (const m of text.matchAll(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g)) {
    for (const part of m[0].split('.')) out.push(Buffer.from(part, 'base64url').toString('utf8'));
  }
  return out;
}

/** `where: secret` for each secret found in `text` or in what it decodes to. */
export function findSecretsIn(where: string, text: string, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const s of expand(text)) for (const secret of secrets) if (s.includes(secret)) hits.push(`${where}: ${secret}`);
  return [...new Set(hits)];
}
