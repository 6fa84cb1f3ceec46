/**
 * Seeds the demo catalog through the catalog's own services, so every item, implementation and transition is an
 * audited action like any other. A demo editor submits and a different demo publisher publishes (separation of
 * duties holds for the seed too). One transaction per item; an item already present is skipped, so a second run
 * adds nothing. Three parts, all run by the module's seedDemo: the first eleven items (seedCatalogDemo, which other
 * modules' tests use), fourteen more Henan items (seedHenanDemo) and the real 广安区 list under 中原区 (seedGuangAnDemo).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx, Principal } from '../../kernel/context.ts';
import type { DemoSize } from '../module.ts';
import { findDivision } from '../../kernel/reference/divisions.ts';
import * as repo from './repository.ts';
import './import/tables.ts';
import { createItem } from './items.ts';
import { createImplementation, updateDraft } from './service.ts';
import { transition } from './lifecycle.ts';
import { centerOf } from './demo-builders.ts';
import { DEMO_ITEMS, DEMO_REVISION, type DemoItem } from './demo-data.ts';
import { HENAN_ITEMS, HENAN_LIFE_EVENTS } from './demo-data-henan.ts';
import { getItemLifeEvents, setItemLifeEvents } from './search/tags.ts';
import { GUANG_AN_COUNTY, importGuangAn } from './import/guang-an.ts';
import type { Elements } from './elements.ts';

const principal = (id: string, name: string): Principal => ({
  id,
  kind: 'system',
  name,
  roles: ['admin'],
  region: null,
  department: null,
});
const EDITOR = principal('system:catalog-demo-editor', '目录示例数据录入（系统）');
const PUBLISHER = principal('system:catalog-demo-publisher', '目录示例数据审核发布（系统）');

function ctxs(now: Date) {
  return {
    editor: { principal: EDITOR, requestId: null, now } satisfies Ctx,
    publisher: { principal: PUBLISHER, requestId: null, now } satisfies Ctx,
  };
}

/** Creates, submits and publishes one implementation; returns its id and published version. */
async function publishNew(
  k: Kernel,
  now: Date,
  tx: Executor,
  input: Parameters<typeof createImplementation>[2],
): Promise<{ id: string; version: number }> {
  const { editor, publisher } = ctxs(now);
  const draft = await createImplementation(k, editor, input, tx);
  const submitted = await transition(
    k,
    editor,
    draft.id,
    'submit',
    { version: draft.version, reason: '示例数据：提交审核' },
    tx,
  );
  const published = await transition(
    k,
    publisher,
    draft.id,
    'publish',
    { version: submitted.version, reason: '示例数据：审核通过并发布' },
    tx,
  );
  return { id: published.id, version: published.publishedVersion! };
}

const placesOf = (departmentCode: string): Elements['places'] =>
  centerOf(findDivision(departmentCode.slice(0, 6))?.name ?? departmentCode.slice(0, 6));

/** Creates the item, its root implementations (the province's by default) and the copies derived from the first root. */
async function seedItem(k: Kernel, now: Date, spec: DemoItem, tx: Executor): Promise<string | null> {
  if (await repo.findItemByCode(tx, spec.item.basicCode)) return null;
  const { parentCode, ...input } = spec.item;
  const parentId = parentCode ? ((await repo.findItemByCode(tx, parentCode))?.id ?? null) : null;
  const item = await createItem(k, ctxs(now).editor, { ...input, parentId }, tx);
  let first: { id: string; version: number } | null = null;
  for (const departmentCode of spec.roots ?? [`410000-${spec.provinceKind ?? item.departmentKind}`]) {
    const elements = departmentCode.startsWith('410000-')
      ? spec.elements
      : { ...spec.elements, places: placesOf(departmentCode) };
    const root = await publishNew(k, now, tx, {
      itemId: item.id,
      departmentCode,
      effectiveFrom: spec.effectiveFrom,
      elements,
      illustrative: true,
    });
    first ??= root;
  }
  for (const departmentCode of spec.copies) {
    await publishNew(k, now, tx, {
      itemId: item.id,
      departmentCode,
      effectiveFrom: spec.effectiveFrom,
      derivedFrom: { implementationId: first!.id, version: first!.version },
      elements: { places: placesOf(departmentCode) },
      illustrative: true,
    });
  }
  return first!.id;
}

/** The provincial revision published after its copies: the drift report's demo row. */
async function seedRevision(k: Kernel, now: Date, provinceImplementationId: string, tx: Executor): Promise<void> {
  const { editor, publisher } = ctxs(now);
  const impl = await repo.findImplementation(tx, provinceImplementationId);
  const opened = await transition(
    k,
    editor,
    provinceImplementationId,
    'revise',
    { version: Number(impl!.version), reason: DEMO_REVISION.reason },
    tx,
  );
  const edited = await updateDraft(
    k,
    editor,
    provinceImplementationId,
    { version: opened.version, elements: DEMO_REVISION.elements, reason: DEMO_REVISION.reason },
    tx,
  );
  const submitted = await transition(
    k,
    editor,
    provinceImplementationId,
    'submit',
    { version: edited.version, reason: '示例数据：修订提交审核' },
    tx,
  );
  await transition(
    k,
    publisher,
    provinceImplementationId,
    'publish',
    { version: submitted.version, reason: '示例数据：修订发布' },
    tx,
  );
}

/** The first demo catalog (demo-data.ts): eleven items that other modules' tests build on. */
export async function seedCatalogDemo(k: Kernel, _size: DemoSize): Promise<void> {
  const now = k.clock.now();
  for (const spec of DEMO_ITEMS) {
    await k.db.transaction().execute(async (tx) => {
      const provinceId = await seedItem(k, now, spec, tx);
      if (provinceId && spec.item.basicCode === DEMO_REVISION.basicCode) await seedRevision(k, now, provinceId, tx);
    });
  }
}

/** The rest of the Henan demo (demo-data-henan.ts): fourteen more items with their life-event tags. */
export async function seedHenanDemo(k: Kernel): Promise<void> {
  const now = k.clock.now();
  for (const spec of HENAN_ITEMS) await k.db.transaction().execute((tx) => seedItem(k, now, spec, tx));
  for (const [basicCode, lifeEvents] of Object.entries(HENAN_LIFE_EVENTS)) {
    const item = await repo.findItemByCode(k.db, basicCode);
    if (item && (await getItemLifeEvents(k, ctxs(now).editor, item.id)).version === 0) {
      await setItemLifeEvents(k, ctxs(now).editor, item.id, {
        lifeEvents,
        version: 0,
        reason: '示例数据：生活事件标签',
      });
    }
  }
}

/**
 * The real 广安区 list (import/guang-an.ts) as 中原区's own catalog: 1,135 items with bare, incomplete drafts, in one
 * transaction through the import. Skipped once any implementation there carries a source code.
 */
export async function seedGuangAnDemo(k: Kernel): Promise<void> {
  const done = await k.db
    .selectFrom('catalog_implementations')
    .select('id')
    .where('region', '=', GUANG_AN_COUNTY)
    .where('source_code', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (done) return;
  const importer: Ctx = {
    principal: principal('system:catalog-import-guang-an', '广安区清单导入（系统）'),
    requestId: null,
    now: k.clock.now(),
  };
  const report = await importGuangAn(k, importer);
  k.log.info(
    { items: report.counts.itemsCreated, implementations: report.counts.implementationsCreated },
    'demo: 广安区 list imported under 中原区',
  );
}
