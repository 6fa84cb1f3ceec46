/** Shared set-up for the inspections tests: a catalog inspection item, enterprises, inspectors and helpers. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../server/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import { createAccount } from '../../kernel/auth/accounts.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { DEMO_PASSWORD } from '../../server/testing.ts';
import { createItem } from '../catalog/index.ts';
import { registerEnterprise } from '../registry/index.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const secret = () => randomBytes(32).toString('hex');

export type Headers = Record<string, string>;

export function api(t: TestApp) {
  const call = async (method: 'GET' | 'POST', url: string, headers: Headers = {}, payload?: unknown, expect = 200) => {
    const r = await t.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    assert.equal(r.statusCode, expect, `${method} ${url}: ${r.body}`);
    return r.headers['content-type']?.toString().includes('json') ? r.json() : r.body;
  };
  return {
    get: (url: string, h?: Headers, expect = 200) => call('GET', url, h, undefined, expect),
    post: (url: string, h: Headers, body: unknown = {}, expect = 200) => call('POST', url, h, body, expect),
  };
}

/** Enterprises in Zhengzhou's 金水区 (410105), numbered from `from`. */
export async function enterprises(t: TestApp, count: number, from = 1): Promise<Array<{ id: string; uscc: string }>> {
  const out: Array<{ id: string; uscc: string }> = [];
  for (let n = from; n < from + count; n++) {
    const uscc = generateUscc({ division: '410105', seq: 900000 + n });
    const e = await registerEnterprise(t.k, systemCtx(t.clock.now()), {
      uscc,
      name: `测试企业${n}有限公司`,
      orgType: 'enterprise',
      entityType: '有限责任公司（自然人投资或控股）',
      region: '410105',
      address: `金水区测试路${n}号`,
      industry: '52',
      legalRepresentative: { name: `法人${n}` },
    });
    out.push({ id: e.id, uscc });
  }
  return out;
}

/** A staff account (password DEMO_PASSWORD); returns its id and login headers. */
export async function staff(t: TestApp, username: string, department: string, roles: string[] = ['inspector']) {
  const id = await createAccount(
    t.k.db,
    t.k.adapter,
    {
      username,
      password: DEMO_PASSWORD,
      name: username,
      kind: 'staff',
      roles: roles as never,
      region: '410100',
      department,
      demo: true,
      passwordCost: 'test',
    },
    t.clock.now(),
  );
  return { id, headers: await t.login(username) };
}

/** A catalog item of type 6 (行政检查), created by the system. */
export async function inspectionCatalogItem(t: TestApp, code: string, departmentKind = 'SCJG') {
  return createItem(t.k, systemCtx(t.clock.now()), {
    basicCode: code,
    name: `行政检查事项${code.slice(-2)}`,
    itemType: 6,
    legalBasis: [{ title: '《企业信息公示暂行条例》', article: '第十四条', excerpt: null }],
    levels: ['province', 'city', 'county'],
    departmentKind,
    illustrative: true,
  });
}

/** Runs the ceremony with the given participants (headers); every reveal correct. Returns the final ceremony. */
export async function ceremony(t: TestApp, taskId: string, people: Headers[]) {
  const a = api(t);
  const secrets = people.map(() => secret());
  for (let i = 0; i < people.length; i++)
    await a.post(`/api/v1/inspections/tasks/${taskId}/commitments`, people[i], { commitment: sha256(secrets[i]) });
  let last;
  for (let i = 0; i < people.length; i++)
    last = await a.post(`/api/v1/inspections/tasks/${taskId}/reveals`, people[i], { secret: secrets[i] });
  return last;
}
