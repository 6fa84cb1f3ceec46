/**
 * The registry of persons and enterprises as a shared-data source (人口基础信息库, 法人单位信息库 / 企业登记信息):
 * reads the applicant's own record through the registry's service functions (the registry owns its tables), masked.
 * Registered by cases at start-up (material-source.ts).
 */
import type { SharedDataSource } from './material-source.ts';
import { enterpriseRegistration, linkedPersonFacts } from '../registry/index.ts';

const STATUS: Record<string, string> = { active: '存续', revoked: '吊销', deregistered: '注销' };
const field = (zh: string, en: string, value: string) => ({ label: { zh, en }, value });

export const registrySharedData: SharedDataSource = {
  id: 'registry',
  name: { zh: '人口和法人单位信息库', en: 'Registry of persons and enterprises' },

  async read(k, _ctx, tx, a, dataset) {
    if (dataset === 'person') {
      // The person is the applicant, or the person acting for the enterprise: their own data, with their consent.
      const p = await linkedPersonFacts(k, a.account, tx);
      if (!p) return null;
      return {
        subject: { kind: 'person', name: p.name, identifier: p.residentIdMasked },
        fields: [
          field('姓名', 'Name', p.name),
          field('公民身份号码', 'Resident ID', p.residentIdMasked),
          field('登记地区', 'Registered region', p.regionName),
        ],
      };
    }
    if (dataset === 'enterprise') {
      if (a.kind !== 'enterprise' || !a.enterpriseId) return null;
      const e = await enterpriseRegistration(k, a.enterpriseId, tx);
      if (!e) return null;
      return {
        subject: { kind: 'enterprise', name: e.name, identifier: e.uscc },
        fields: [
          field('名称', 'Name', e.name),
          field('统一社会信用代码', 'USCC', e.uscc),
          field('类型', 'Type', e.entityType),
          field('法定代表人', 'Legal representative', e.legalRepresentative),
          field('登记状态', 'Status', STATUS[e.status] ?? e.status),
          field('成立日期', 'Established', e.establishedOn ?? '—'),
          field('住所', 'Address', e.address),
          field('登记地区', 'Registered region', e.regionName),
        ],
      };
    }
    return null;
  },
};
