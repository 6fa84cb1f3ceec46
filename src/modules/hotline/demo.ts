/**
 * The hotline's demo: the 河南省 and 郑州市 12345 centers (hosted by each region's 行政审批和政务信息管理局), routing
 * rules from the default taxonomy to the departments of each region, a few curated answers, the Zhengzhou center's
 * operator and lead and a Zhengzhou 住建 handler, and two sample tickets. Idempotent.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { systemCtx } from '../../kernel/context.ts';
import {
  createAccount,
  demoPasswordCost,
  findAccountByUsername,
  accountCtx,
  DEMO_PASSWORD,
} from '../../kernel/auth/accounts.ts';
import type { DemoAccount } from '../module.ts';
import { ensureCenter } from './centers.ts';
import { createRule } from './routing.ts';
import { addKnowledge } from './knowledge.ts';
import { createTicket } from './service.ts';
import { DEMO_TOPIC_KINDS } from './taxonomy.ts';

export const HOTLINE_DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'hotline.zhengzhou',
    name: '郑州市12345话务员（示例）',
    roles: ['hotline_operator'],
    region: '410100',
    department: '410100-ZWFW',
    kind: 'staff',
  },
  {
    username: 'lead.hotline.zhengzhou',
    name: '郑州市12345中心负责人（示例）',
    roles: ['department_lead'],
    region: '410100',
    department: '410100-ZWFW',
    kind: 'staff',
  },
  {
    // Takes the 办不成事 reports about 金水区's departments: its service center is run by 410105-ZWFW (features.ts).
    username: 'lead.zwfw.jinshui',
    name: '金水区政务服务中心负责人（示例）',
    roles: ['department_lead'],
    region: '410105',
    department: '410105-ZWFW',
    kind: 'staff',
  },
  {
    username: 'staff.zhengzhou.zj',
    name: '郑州市住建局工单承办人（示例）',
    roles: ['reviewer'],
    region: '410100',
    department: '410100-ZJ',
    kind: 'staff',
  },
];

/** Accounts, centers and rules: what a test of the hotline needs (the registry's demo departments first). */
export async function setUpHotlineDemo(k: Kernel): Promise<void> {
  for (const a of HOTLINE_DEMO_ACCOUNTS) {
    if (await findAccountByUsername(k.db, a.username)) continue;
    await createAccount(
      k.db,
      k.adapter,
      { ...a, password: DEMO_PASSWORD, demo: true, passwordCost: demoPasswordCost(k.config.mode) },
      k.clock.now(),
    );
  }
  const sys = systemCtx(k.clock.now());
  const had = await k.db.selectFrom('hotline_centers').select('id').limit(1).executeTakeFirst();
  await ensureCenter(k, sys, {
    name: '河南省12345热线中心',
    level: 'province',
    region: '410000',
    hostDepartment: '410000-ZWFW',
  });
  await ensureCenter(k, sys, {
    name: '郑州市12345热线中心',
    level: 'city',
    region: '410100',
    hostDepartment: '410100-ZWFW',
  });
  if (had) return;
  const centers = await k.db.selectFrom('hotline_centers').select(['id', 'region']).execute();
  for (const c of centers)
    for (const [topic, kind] of Object.entries(DEMO_TOPIC_KINDS))
      await createRule(k, sys, c.id, { topicCode: topic, region: c.region, departmentCode: `${c.region}-${kind}` });
  await addKnowledge(k, sys, {
    region: '410000',
    topicCode: 'services.handling',
    question: '12345热线工单多久答复？',
    answer: '咨询、求助一般3个工作日内答复；投诉、举报、建议13个工作日内答复；紧急诉求2小时内响应。',
  });
  await addKnowledge(k, sys, {
    region: '410100',
    topicCode: 'labour.insurance',
    question: '社保卡丢失怎么补办？',
    answer: '可在“郑州人社”APP或任一社保经办窗口挂失补办，携带身份证，当场或5个工作日内制卡。',
  });
}

export async function seedHotlineDemo(k: Kernel): Promise<void> {
  await setUpHotlineDemo(k);
  const have = await k.db.selectFrom('hotline_tickets').select('id').limit(1).executeTakeFirst();
  if (have) return;
  const op = await accountCtx(k, 'hotline.zhengzhou', ['hotline_operator']);
  if (!op) return;
  await createTicket(k, op, {
    requestType: 'complaint',
    topicCode: 'urban.roads',
    content: '金水路与文化路交叉口井盖破损多日，夜间行人容易踩空，请尽快维修。',
    region: '410105',
    address: '金水路与文化路交叉口',
    callerName: '王示例',
    callerPhone: '13800000001',
    dispatch: {},
  });
  await createTicket(k, op, {
    requestType: 'inquiry',
    topicCode: 'labour.insurance',
    content: '社保卡丢了怎么补办？',
    region: '410105',
    callerPhone: '13800000002',
    answer: '可在“郑州人社”APP或任一社保经办窗口挂失补办，携带身份证。',
  });
}
