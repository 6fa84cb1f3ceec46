/**
 * The certificate library (电子证照库) as a shared-data source of cases (material-source.ts): for a data-source name
 * the catalog gives (出生医学证明信息系统, 婚姻登记信息系统 …, mapped to a certificate type by cases'
 * DATA_SOURCE_NAMES), the applicant's newest certificate of that type in force that verifies now (signature and status
 * lists, through the caller's transaction), as masked fields. The read is logged by cases for the holder.
 */
import type { SharedDataSource } from '../cases/index.ts';
import { verifyCredential } from './verify.ts';
import type { CertificateTable } from './tables.ts';

const field = (zh: string, en: string, value: string) => ({ label: { zh, en }, value });

export const certificateLibrary: SharedDataSource = {
  id: 'certificates',
  name: { zh: '电子证照库', en: 'Certificate library' },

  async read(k, ctx, tx, a, type) {
    let q = tx
      .selectFrom('certificates_certificates')
      .selectAll()
      .where('type_code', '=', type)
      .where('status', '=', 'issued')
      .where('holder_kind', '=', a.kind)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', ctx.now.toISOString())]))
      .orderBy('created_at', 'desc')
      .limit(10);
    q =
      a.kind === 'enterprise'
        ? q.where('holder_enterprise_id', '=', a.enterpriseId)
        : q.where('holder_account', '=', a.account);
    for (const r of (await q.execute()) as CertificateTable[]) {
      const v = await verifyCredential(
        k,
        {
          credential: k.cipher.decrypt(r.credential_enc),
          sm2Signature: r.sm2_signature && r.sm2_kid ? { kid: r.sm2_kid, signature: r.sm2_signature } : null,
        },
        tx,
      );
      if (!v.valid) continue;
      return {
        subject: { kind: a.kind, name: r.holder_name, identifier: r.number },
        fields: [
          field('证照名称', 'Certificate', r.type_name),
          field('证照编号', 'Number', r.number),
          field('持证主体', 'Holder', r.holder_name),
          field('发证机关', 'Issuer', r.department_name),
          field('有效期', 'Valid', `${r.valid_from.slice(0, 10)} — ${r.valid_until?.slice(0, 10) ?? '长期'}`),
          field('核验结果', 'Verification', '有效（签名与状态核验通过）'),
        ],
      };
    }
    return null;
  },
};
