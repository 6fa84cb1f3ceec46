/** The certificates module's events: what other modules and webhooks may react to. No personal data in payloads. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Moved = Type.Object({
  id: Type.String(),
  number: Type.String(),
  department: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
});

const Granted = Type.Object({
  id: Type.String(),
  certificateId: Type.String(),
  department: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
});

export const certificatesEvents = defineEvents('certificates', {
  'certificates.certificate.issued': {
    zh: '电子证照已签发',
    en: 'Certificate issued',
    payload: Type.Object({
      id: Type.String(),
      number: Type.String(),
      typeCode: Type.String(),
      department: Type.String(),
      caseId: Type.Union([Type.String(), Type.Null()]),
    }),
  },
  'certificates.certificate.revoked': { zh: '电子证照已注销', en: 'Certificate revoked', payload: Moved },
  'certificates.certificate.suspended': { zh: '电子证照已暂停', en: 'Certificate suspended', payload: Moved },
  'certificates.certificate.reinstated': { zh: '电子证照已恢复', en: 'Certificate reinstated', payload: Moved },
  'certificates.certificate.superseded': { zh: '电子证照已被替代', en: 'Certificate superseded', payload: Moved },
  'certificates.certificate.expired': { zh: '电子证照已过期', en: 'Certificate expired', payload: Moved },
  'certificates.certificate.expiry_noticed': {
    zh: '已提醒持证人电子证照即将到期',
    en: 'Holder told of a certificate’s coming expiry',
    payload: Type.Object({
      id: Type.String(),
      number: Type.String(),
      department: Type.String(),
      days: Type.Integer(),
      validUntil: Type.String(),
    }),
  },
  'certificates.grant.created': { zh: '用证授权已设立', en: 'Certificate use granted', payload: Granted },
  'certificates.grant.revoked': { zh: '用证授权已撤销', en: 'Certificate use grant revoked', payload: Granted },
  'certificates.type.defined': {
    zh: '证照类型已定义',
    en: 'Certificate type defined',
    payload: Type.Object({ code: Type.String() }),
  },
  'certificates.key.created': {
    zh: '签发密钥已生成',
    en: 'Issuer key created',
    payload: Type.Object({ kid: Type.String(), department: Type.String(), alg: Type.String() }),
  },
  'certificates.trust_list.imported': {
    zh: '信任列表已导入',
    en: 'Trust list imported',
    payload: Type.Object({ province: Type.String(), issuers: Type.Integer() }),
  },
});
