/**
 * Whose wallet (证照库) a caller opens: a person's own certificates, or — with `OneWindow-On-Behalf-Of` — the
 * enterprise's, whichever of its agents asks. A certificate issued to an enterprise is the enterprise's even though
 * its `holder_account` names the agent who filed the case: the person acting on their own does not see it, and
 * another agent of the enterprise does. Grants and uses follow their certificate's holder.
 */
import type { Ctx } from '../../kernel/context.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { CertificateTable } from './tables.ts';

export type WalletOwner = { kind: 'person'; account: string } | { kind: 'enterprise'; enterpriseId: string };

export function walletOf(ctx: Ctx): WalletOwner {
  const o = ctx.principal.onBehalfOf;
  return o?.startsWith('enterprise:')
    ? { kind: 'enterprise', enterpriseId: o.slice('enterprise:'.length) }
    : { kind: 'person', account: ctx.principal.id };
}

/** Whether the caller's wallet holds the certificate row. */
export function inWallet(
  ctx: Ctx,
  r: Pick<CertificateTable, 'holder_kind' | 'holder_account' | 'holder_enterprise_id'>,
) {
  const w = walletOf(ctx);
  return w.kind === 'enterprise'
    ? r.holder_kind === 'enterprise' && r.holder_enterprise_id === w.enterpriseId
    : r.holder_kind === 'person' && r.holder_account === w.account;
}

/** The ids of the certificates in the caller's wallet, as a subquery (for grants and uses). */
export function walletCertificateIds(db: Executor, ctx: Ctx) {
  const w = walletOf(ctx);
  const q = db.selectFrom('certificates_certificates').select('id');
  return w.kind === 'enterprise'
    ? q.where('holder_kind', '=', 'enterprise').where('holder_enterprise_id', '=', w.enterpriseId)
    : q.where('holder_kind', '=', 'person').where('holder_account', '=', w.account);
}
