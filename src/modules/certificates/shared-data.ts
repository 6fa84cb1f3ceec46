/**
 * The certificate library (电子证照库) as a shared-data source of cases (material-source.ts): for a data-source name
 * the catalog gives (出生医学证明信息系统, 婚姻登记信息系统 …, mapped to a certificate type by cases'
 * DATA_SOURCE_NAMES), the applicant's newest certificate of that type in force that verifies now (signature and status
 * lists, through the caller's transaction), as masked fields. The read is logged by cases for the holder.
 */
import type { SharedDataSource } from '../cases/index.ts';
import { inForceOfType, verifyStored } from './material-source.ts';

const field = (zh: string, en: string, value: string) => ({ label: { zh, en }, value });

export const certificateLibrary: SharedDataSource = {
  id: 'certificates',
  name: { zh: '电子证照库', en: 'Certificate library' },

  async read(k, ctx, tx, a, type) {
    for (const r of await inForceOfType(tx, ctx.now, a, type, 10)) {
      const v = await verifyStored(k, r, tx);
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
