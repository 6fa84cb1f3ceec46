/**
 * Demo service centers for the Henan demo regions (province, 郑州市, 金水区, 洛阳市, 老城区), each with a hall and the four
 * kinds of window, and two negative-list entries — so the no-center-not-online report has rows. Names, addresses,
 * phone numbers and approval documents are 示例 (not real). Seeded through the services; a center already present
 * (same region and name) is skipped, so a second run adds nothing.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { findDivision } from '../../../kernel/reference/divisions.ts';
import * as catalogRepo from '../repository.ts';
import * as repo from './repository.ts';
import { addHall, addWindow, createCenter } from './service.ts';
import { addNegativeListEntry } from './negative-list.ts';
import type { WindowType } from './model.ts';

const CTX = (now: Date): Ctx => ({
  principal: {
    id: 'system:catalog-demo-centers',
    kind: 'system',
    name: '服务中心示例数据（系统）',
    roles: ['admin'],
    region: null,
    department: null,
  },
  requestId: null,
  now,
});

interface DemoExclusion {
  basicCode: string;
  /** Exclude the implementation of the center's region (true) or the whole item (false). */
  byImplementation: boolean;
  reason: string;
}

const HOURS = '法定工作日 上午 9:00—12:00，下午 13:00—17:00（示例）';

/** Windows: [number, name, type, department kinds served]. */
function windowsFor(region: string): Array<[string, string, WindowType, string[]]> {
  const level = region.endsWith('0000') ? 'province' : region.endsWith('00') ? 'city' : 'county';
  return [
    ['A01', '综合受理窗口（无差别受理）', 'comprehensive', ['SCJG', 'WJ', 'RS', 'YB']],
    ['A02', '“一件事一次办”窗口', 'bundle', []],
    ['A03', '“办不成事”反映窗口', 'could_not_get_done', []],
    ['B01', '不动产登记专业窗口', 'specialized', ['ZRZY']],
    ...(level === 'county'
      ? []
      : ([['B02', '住房公积金专业窗口', 'specialized', ['GJJ']]] as Array<[string, string, WindowType, string[]]>)),
  ];
}

const CENTERS: Array<{ region: string; exclusions: DemoExclusion[] }> = [
  { region: '410000', exclusions: [] },
  { region: '410100', exclusions: [] },
  {
    region: '410105',
    exclusions: [
      {
        basicCode: '410A0300300000',
        byImplementation: true,
        reason: '涉及施工图审查与现场踏勘，在区住建分中心集中办理（示例）',
      },
    ],
  },
  { region: '410300', exclusions: [] },
  {
    region: '410302',
    exclusions: [
      { basicCode: '410F0300700000', byImplementation: false, reason: '不动产登记在区不动产登记分中心办理（示例）' },
    ],
  },
];

async function exclusionTarget(
  t: Executor,
  region: string,
  x: DemoExclusion,
): Promise<{ implementationId?: string; itemId?: string } | null> {
  const item = await catalogRepo.findItemByCode(t, x.basicCode);
  if (!item) return null;
  if (!x.byImplementation) return { itemId: item.id };
  const impl = (await catalogRepo.listImplementations(t, { itemId: item.id, region, limit: 100 })).find(
    (i) => i.region === region,
  );
  return impl ? { implementationId: impl.id } : null;
}

async function seedCenter(k: Kernel, ctx: Ctx, spec: (typeof CENTERS)[number], t: Executor): Promise<void> {
  const place = findDivision(spec.region)?.name ?? spec.region;
  const name = `${place}政务服务中心（示例）`;
  if (await repo.findCenterByName(t, spec.region, name)) return;
  const center = await createCenter(
    k,
    ctx,
    { region: spec.region, name, address: `${place}（示例地址）`, hours: HOURS, phone: '12345' },
    t,
  );
  let c = await addHall(k, ctx, center.id, { version: center.version, name: '一楼综合服务大厅', floor: '1F' }, t);
  const hallId = c.halls[0].id;
  for (const [number, wname, type, kinds] of windowsFor(spec.region)) {
    c = await addWindow(
      k,
      ctx,
      center.id,
      {
        version: c.version,
        hallId,
        number,
        name: wname,
        type,
        departments: kinds.map((kind) => `${spec.region}-${kind}`),
      },
      t,
    );
  }
  let version = c.version;
  for (const x of spec.exclusions) {
    const target = await exclusionTarget(t, spec.region, x);
    if (!target) continue;
    version = (
      await addNegativeListEntry(
        k,
        ctx,
        center.id,
        { version, ...target, reason: x.reason, approvedBy: `${place}人民政府（示例文件）`, approvedOn: '2026-01-01' },
        t,
      )
    ).centerVersion;
  }
}

/** Seeds the demo centers (after the catalog's demo items, whose implementations the negative lists name). */
export async function seedCenterDemo(k: Kernel): Promise<void> {
  const ctx = CTX(k.clock.now());
  for (const spec of CENTERS) await k.db.transaction().execute((t) => seedCenter(k, ctx, spec, t));
}
