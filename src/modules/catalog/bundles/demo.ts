/**
 * Three demo bundles (一件事一次办) offered in 金水区 (410105), built from the demo catalog's published
 * implementations: 新生儿出生, 开办餐饮店 and 退休 (whose three members this file adds, demo-members.ts). A demo
 * editor defines and submits, a different demo publisher publishes. All 示例. A bundle already present (by code) is
 * skipped, and so is a member whose item the demo catalog lacks (a bundle needs two members), so a second run adds
 * nothing.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import type { Ctx, Principal } from '../../../kernel/context.ts';
import { ancestorsOf, isWithin } from '../../../kernel/reference/divisions.ts';
import * as catalogRepo from '../repository.ts';
import { createItem } from '../items.ts';
import { createImplementation } from '../service.ts';
import { transition } from '../lifecycle.ts';
import { createBundle } from './service.ts';
import { transitionBundle } from './lifecycle.ts';
import { FUND_RETIREMENT, PENSION, RETIREE_MEDICAL, RETIREMENT_MEMBERS } from './demo-members.ts';
import type { MemberInput } from './model.ts';

const principal = (id: string, name: string): Principal => ({
  id,
  kind: 'system',
  name,
  roles: ['admin'],
  region: null,
  department: null,
});
const EDITOR = principal('system:catalog-demo-bundle-editor', '一件事示例数据录入（系统）');
const PUBLISHER = principal('system:catalog-demo-bundle-publisher', '一件事示例数据审核发布（系统）');
const REGION = '410105';

interface DemoMember {
  key: string;
  basicCode: string;
  dependsOn?: string[];
  parallelGroup?: string;
}

const BUNDLES: Array<{ code: string; name: string; lifeEvent: string; description: string; members: DemoMember[] }> = [
  {
    code: 'YJS-410105-XSECS',
    name: '新生儿出生“一件事”',
    lifeEvent: '新生儿出生',
    description:
      '生育登记、出生登记（户口登记）、社会保障卡申领、城乡居民医保参保登记，一次申请、一表填报、一套材料（示例）。',
    members: [
      { key: 'birth_registration', basicCode: '410C0300900000' },
      { key: 'household', basicCode: '410F0301900000' },
      {
        key: 'social_security_card',
        basicCode: '410C0300800000',
        dependsOn: ['household'],
        parallelGroup: 'after_household',
      },
      {
        key: 'medical_insurance',
        basicCode: '410C0301800000',
        dependsOn: ['household'],
        parallelGroup: 'after_household',
      },
    ],
  },
  {
    code: 'YJS-410105-KBCYD',
    name: '开办餐饮店“一件事”',
    lifeEvent: '开办餐饮店',
    description: '企业设立登记后，食品经营许可与公共场所卫生许可并联办理（示例）。',
    members: [
      { key: 'enterprise_setup', basicCode: '410A0300600000' },
      { key: 'food_business', basicCode: '410A0300100000', dependsOn: ['enterprise_setup'], parallelGroup: 'licences' },
      {
        key: 'public_place_hygiene',
        basicCode: '410A0300200000',
        dependsOn: ['enterprise_setup'],
        parallelGroup: 'licences',
      },
    ],
  },
  {
    code: 'YJS-410105-TX',
    name: '退休“一件事”',
    lifeEvent: '退休',
    description: '养老金待遇申领后，医保退休待遇核定与住房公积金提取并联办理（示例）。',
    members: [
      { key: 'pension', basicCode: PENSION },
      { key: 'retiree_medical', basicCode: RETIREE_MEDICAL, dependsOn: ['pension'], parallelGroup: 'after_pension' },
      { key: 'fund_withdrawal', basicCode: FUND_RETIREMENT, dependsOn: ['pension'], parallelGroup: 'after_pension' },
    ],
  },
];

function ctxs(now: Date): { editor: Ctx; publisher: Ctx } {
  return {
    editor: { principal: EDITOR, requestId: null, now },
    publisher: { principal: PUBLISHER, requestId: null, now },
  };
}

/** Adds the retirement members the demo catalog lacks (skipping any already there). */
async function seedMissingMembers(k: Kernel, now: Date, t: Executor): Promise<void> {
  const { editor, publisher } = ctxs(now);
  for (const spec of RETIREMENT_MEMBERS) {
    if (await catalogRepo.findItemByCode(t, spec.item.basicCode)) continue;
    const item = await createItem(k, editor, spec.item, t);
    const draft = await createImplementation(
      k,
      editor,
      {
        itemId: item.id,
        departmentCode: spec.departmentCode,
        effectiveFrom: '2024-01-01',
        elements: spec.elements,
        illustrative: true,
      },
      t,
    );
    const submitted = await transition(
      k,
      editor,
      draft.id,
      'submit',
      { version: draft.version, reason: '示例数据：提交审核' },
      t,
    );
    await transition(
      k,
      publisher,
      draft.id,
      'publish',
      { version: submitted.version, reason: '示例数据：审核通过并发布' },
      t,
    );
  }
}

/** The published implementation of an item that covers the region most specifically, pinned at its published version. */
async function pin(t: Executor, m: DemoMember): Promise<MemberInput | null> {
  const item = await catalogRepo.findItemByCode(t, m.basicCode);
  if (!item) return null;
  const depth = (r: string) => (r === REGION ? 0 : ancestorsOf(REGION).findIndex((a) => a.code === r) + 1);
  const covering = (await catalogRepo.listImplementations(t, { itemId: item.id, published: true, limit: 1000 }))
    .filter((i) => isWithin(REGION, i.region))
    .sort((a, b) => depth(a.region) - depth(b.region));
  const impl = covering[0];
  return impl
    ? {
        key: m.key,
        implementationId: impl.id,
        version: Number(impl.published_version),
        ...(m.dependsOn ? { dependsOn: m.dependsOn } : {}),
        ...(m.parallelGroup ? { parallelGroup: m.parallelGroup } : {}),
      }
    : null;
}

export async function seedBundleDemo(k: Kernel): Promise<void> {
  const now = k.clock.now();
  const { editor, publisher } = ctxs(now);
  await k.db.transaction().execute((t) => seedMissingMembers(k, now, t));
  for (const spec of BUNDLES) {
    await k.db.transaction().execute(async (t) => {
      if (await t.selectFrom('catalog_bundles').select('id').where('code', '=', spec.code).executeTakeFirst()) return;
      const pinned: MemberInput[] = [];
      for (const m of spec.members) {
        const p = await pin(t, m);
        if (p) pinned.push(p);
      }
      const present = new Set(pinned.map((m) => m.key));
      const members = pinned.map((m) => ({ ...m, dependsOn: (m.dependsOn ?? []).filter((d) => present.has(d)) }));
      if (members.length < 2) return;
      const draft = await createBundle(
        k,
        editor,
        {
          code: spec.code,
          name: spec.name,
          lifeEvent: spec.lifeEvent,
          region: REGION,
          description: spec.description,
          members,
          illustrative: true,
        },
        t,
      );
      if (draft.conflicts.length) return; // left as a draft: its conflicts are shown on the bundle
      const submitted = await transitionBundle(
        k,
        editor,
        draft.id,
        'submit',
        { version: draft.version, reason: '示例数据：提交审核' },
        t,
      );
      await transitionBundle(
        k,
        publisher,
        draft.id,
        'publish',
        { version: submitted.version, reason: '示例数据：审核通过并发布' },
        t,
      );
    });
  }
}
