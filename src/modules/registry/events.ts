/** The registry's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Range = Type.Object({ from: Type.Integer(), to: Type.Integer() });

export const registryEvents = defineEvents('registry', {
  'registry.enterprise.registered': {
    zh: '企业已登记',
    en: 'Enterprise registered',
    payload: Type.Object({ id: Type.String(), uscc: Type.String(), region: Type.String() }),
  },
  'registry.enterprise.updated': {
    zh: '企业登记信息已变更',
    en: 'Enterprise record changed',
    payload: Type.Object({ id: Type.String(), version: Type.Integer(), status: Type.String() }),
  },
  'registry.enterprise.seeded': { zh: '示例企业已生成', en: 'Synthetic enterprises added', payload: Range },
  'registry.person.registered': {
    zh: '自然人已登记',
    en: 'Person registered',
    payload: Type.Object({ id: Type.String(), region: Type.String() }),
  },
  'registry.person.updated': {
    zh: '自然人登记信息已变更',
    en: 'Person record changed',
    payload: Type.Object({ id: Type.String(), version: Type.Integer() }),
  },
  'registry.person.seeded': { zh: '示例自然人已生成', en: 'Synthetic persons added', payload: Range },
  'registry.department.seeded': {
    zh: '示例部门已生成',
    en: 'Demo departments added',
    payload: Type.Object({ count: Type.Integer() }),
  },
  'registry.relation.declared': {
    zh: '工作人员已申报利益关系',
    en: 'Staff relation declared',
    payload: Type.Object({
      id: Type.String(),
      staffId: Type.String(),
      subjectType: Type.String(),
      subjectId: Type.String(),
    }),
  },
  'registry.relation.withdrawn': {
    zh: '利益关系申报已撤回',
    en: 'Staff relation withdrawn',
    payload: Type.Object({ id: Type.String(), staffId: Type.String() }),
  },
  'registry.agent.granted': {
    zh: '经办人已获授权',
    en: 'Agent authorized',
    payload: Type.Object({ id: Type.String(), enterpriseId: Type.String(), accountId: Type.String() }),
  },
  'registry.agent.revoked': {
    zh: '经办人授权已撤销',
    en: 'Agent authorization revoked',
    payload: Type.Object({ id: Type.String(), enterpriseId: Type.String() }),
  },
});
