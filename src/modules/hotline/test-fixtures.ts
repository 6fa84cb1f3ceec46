/** Helpers for the hotline's tests: a test app with the hotline's demo set-up and a small API client. */
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../server/testing.ts';
import type { DialectName } from '../../kernel/db/adapter.ts';
import { setUpHotlineDemo } from './demo.ts';

export async function hotlineApp(dialect: DialectName, start?: string): Promise<TestApp> {
  const t = await testApp(dialect, start ? { start } : {});
  await setUpHotlineDemo(t.k);
  return t;
}

export type Headers = Record<string, string>;

/** A complaint the tests file (Zhengzhou, 金水区): the fields a create needs, without dispatch. */
export const SAMPLE_TICKET = {
  requestType: 'complaint',
  topicCode: 'urban.roads',
  content: '文化路人行道地砖大面积破损，雨天积水严重，请尽快修复。',
  region: '410105',
  callerName: '张示例',
  callerPhone: '13800000011',
};

export function api(t: TestApp) {
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) => {
    const r = await call(method, url, headers, payload);
    assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  return {
    call,
    ok,
    create: (h: Headers, body: Record<string, unknown>) =>
      ok('POST', '/api/v1/hotline/tickets', h, { ...SAMPLE_TICKET, ...body }),
    get: (h: Headers, id: string) => call('GET', `/api/v1/hotline/tickets/${id}`, h),
    move: (h: Headers, id: string, action: string, body: Record<string, unknown>) =>
      call('POST', `/api/v1/hotline/tickets/${id}/${action}`, h, body),
    moveOk: (h: Headers, id: string, action: string, body: Record<string, unknown>) =>
      ok('POST', `/api/v1/hotline/tickets/${id}/${action}`, h, body),
    callback: (h: Headers, id: string, body: Record<string, unknown>) =>
      ok('POST', `/api/v1/hotline/tickets/${id}/callback`, h, body),
  };
}
