/** defineLifecycle as data: declarations checked at once, moves offered by state and permission, refusals that explain. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineLifecycle, checkLifecycle } from './lifecycle.ts';
import { PermissionTable, definePermissions } from './auth/permissions.ts';
import { EventRegistry, defineEvents } from './events.ts';
import type { Ctx } from './context.ts';
import { Type } from '@fastify/type-provider-typebox';

const perms = definePermissions('demo', {
  edit: { zh: '编辑', en: 'Edit', roles: ['reviewer', 'admin'] },
  approve: { zh: '审批', en: 'Approve', roles: ['approver'] },
});
const table = new PermissionTable([perms]);
const noStore = {
  load: async () => ({}),
  status: () => 'a',
  version: () => 1,
  save: async () => true,
  patched: (s: object) => s,
  view: () => ({}),
  statusPage: async () => [],
};

const lc = defineLifecycle({
  subjectType: 'demo.thing',
  states: ['draft', 'review', 'done'] as const,
  stateLabels: {
    draft: { zh: '草稿', en: 'Draft' },
    review: { zh: '审核中', en: 'In review' },
    done: { zh: '已办结', en: 'Done' },
  },
  actions: {
    submit: {
      from: ['draft'],
      to: 'review',
      permission: perms.edit,
      label: { zh: '提交', en: 'Submit' },
      event: 'demo.thing.submitted',
    },
    approve: { from: ['review'], to: 'done', permission: perms.approve, label: { zh: '批准', en: 'Approve' } },
    withdraw: { from: ['review'], to: 'draft', permission: perms.edit, label: { zh: '撤回', en: 'Withdraw' } },
  },
  created: { create: 'draft' },
  store: noStore,
});

const ctxOf = (roles: Array<'reviewer' | 'approver'>): Ctx => ({
  principal: {
    id: 'u',
    kind: 'staff',
    name: 'u',
    roles,
    region: null,
    department: null,
    grants: table.grantsOf(roles),
  },
  requestId: null,
  now: new Date(),
});

test('moves are offered by state, then by the caller’s permissions', () => {
  assert.deepEqual(lc.allowedFrom('review'), ['approve', 'withdraw']);
  assert.deepEqual(lc.availableActions(ctxOf(['reviewer']), 'review'), ['withdraw']);
  assert.deepEqual(lc.availableActions(ctxOf(['approver']), 'review'), ['approve']);
  assert.deepEqual(lc.availableActions(ctxOf([]), 'draft'), []);
});

test('a refused move is 409 TRANSITION_NOT_ALLOWED naming the state and what is allowed, in words', () => {
  const e = lc.notAllowed('review', 'submit');
  assert.equal(e.status, 409);
  assert.equal(e.code, 'TRANSITION_NOT_ALLOWED');
  assert.match(e.messages.zh, /审核中.*提交.*批准、撤回/);
  assert.match(e.messages.en, /in review.*approve, withdraw/);
  assert.deepEqual(e.details, { status: 'review', action: 'submit', allowed: ['approve', 'withdraw'] });
});

test('declarations are checked: unknown states at once, undeclared permissions and events at start-up', () => {
  assert.throws(
    () =>
      defineLifecycle({
        subjectType: 'demo.bad',
        states: ['a'],
        stateLabels: { a: { zh: 'a', en: 'a' } },
        actions: { go: { from: ['a'], to: 'b' as 'a', permission: perms.edit, label: { zh: '', en: '' } } },
        created: {},
        store: noStore,
      }),
    /unknown state b/,
  );
  assert.throws(
    () =>
      defineLifecycle({
        subjectType: 'Bad',
        states: ['a'],
        stateLabels: { a: { zh: 'a', en: 'a' } },
        actions: {},
        created: {},
        store: noStore,
      }),
    /<module>.<subject>/,
  );
  const events = new EventRegistry([
    defineEvents('demo', {
      'demo.thing.submitted': { zh: '已提交', en: 'Submitted', payload: Type.Object({ id: Type.String() }) },
    }),
  ]);
  assert.doesNotThrow(() => checkLifecycle(lc, table, events));
  assert.throws(() => checkLifecycle(lc, table, new EventRegistry([])), /undeclared event demo.thing.submitted/);
  assert.throws(() => checkLifecycle(lc, new PermissionTable([]), events), /no module declares/);
});

test('the state diagram is Mermaid, one edge per allowed move', () => {
  const m = lc.mermaid();
  assert.match(m, /^stateDiagram-v2/);
  assert.match(m, /draft --> review: 提交 submit \(demo:edit\)/);
  assert.equal(m.split('\n').filter((l) => l.includes('-->')).length, 3);
});

test('an event payload that does not match its declaration is refused before it is stored', () => {
  const events = new EventRegistry([
    defineEvents('demo', {
      'demo.thing.submitted': { zh: '已提交', en: 'Submitted', payload: Type.Object({ id: Type.String() }) },
    }),
  ]);
  assert.doesNotThrow(() => events.check('demo.thing.submitted', { id: 'x' }));
  assert.throws(() => events.check('demo.thing.submitted', { id: 3 }), /does not match/);
  assert.throws(() => events.check('demo.thing.lost', {}), /Undeclared event/);
  assert.throws(
    () => defineEvents('demo', { 'other.thing.done': { zh: '', en: '', payload: Type.Object({}) } }),
    /must be named demo/,
  );
});

test('the status is derived from the action rows: replay folds them through the lifecycle, non-moves leave it', () => {
  assert.deepEqual(lc.replay(['create', 'submit', 'note', 'withdraw', 'submit', 'approve']), {
    ok: true,
    status: 'done',
  });
  assert.deepEqual(lc.replay(['create']), { ok: true, status: 'draft' });
  // A move that could not have happened from the state its predecessors lead to, and a history without its creation.
  assert.deepEqual(lc.replay(['create', 'approve']), { ok: false, index: 1, action: 'approve', from: 'draft' });
  assert.deepEqual(lc.replay(['submit']), { ok: false, index: 0, action: 'submit', from: null });
  assert.deepEqual(lc.replay([]), { ok: false, index: 0, action: '', from: null });
  assert.deepEqual(lc.replay(['create', 'create']), { ok: false, index: 1, action: 'create', from: 'draft' });
});
