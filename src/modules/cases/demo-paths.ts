/**
 * Demo cases for the paths the browser should show besides the basic ones (demo.ts): a 代收代办 case taken at 金水's
 * window for 洛阳 and forwarded; a 多地联办 case taken at 金水 for 洛阳, forwarded and awaiting 洛阳's acceptance, with
 * 金水 市场监管 doing a part (its step opens when lead.luoyang accepts); a bundle applied for (一件事一次办); and a
 * concluded case the applicant rated 差评 (2), which opened a rectification for the department. A handful of cases in all, so seeding stays fast;
 * each path is skipped quietly when the demo catalog lacks what it needs.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { accountCtx } from '../../kernel/auth/accounts.ts';
import { getBundleVersion, listPublishedForIndex } from '../catalog/index.ts';
import { linkedPersonOf } from '../registry/index.ts';
import { rate } from '../ratings/index.ts';
import { fileCase, moveCase } from './service.ts';
import { reviewStepsOf } from './steps.ts';
import { receiveAnywhere } from './anywhere.ts';
import { applyForBundle, bundleOffers } from './bundles.ts';
import { awaitsAcceptance } from './reform.ts';
import { offerCaseRating } from './ratings-link.ts';
import { findCaseRow } from './repository.ts';

type Json = Record<string, unknown>;
type Published = Awaited<ReturnType<typeof listPublishedForIndex>>[number]['version'];
type FormMaker = (schema: unknown, uscc?: string | null) => Json | null;

/** Logs and goes on: a demo path the catalog cannot support is left out, not an error. */
async function tryPath(k: Kernel, path: string, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
  } catch (e) {
    k.log.debug({ err: e, path }, 'cases demo: path left out');
  }
}

export async function seedPathsDemo(
  k: Kernel,
  citizen: Ctx,
  published: Array<{ version: Published }>,
  demoForm: FormMaker,
): Promise<void> {
  const clerk = await accountCtx(k, 'clerk.jinshui', ['window_clerk']);
  const zzLead = await accountCtx(k, 'lead.zhengzhou', ['department_lead']);
  const zzApprover = await accountCtx(k, 'approver.zhengzhou', ['approver']);
  const personId = await linkedPersonOf(k, citizen.principal.id);
  if (!clerk || !zzLead || !zzApprover || !personId) return;
  const versions = published.map((p) => p.version);
  // An ordinary province-wide SCJG item of 洛阳 (4103) that 郑州 (4101) implements as well (the part's body).
  const anywhere = versions.find(
    (v) =>
      v.region.startsWith('4103') &&
      v.department.code.endsWith('-SCJG') &&
      v.elements.handleAnywhere.includes('province_wide') &&
      v.elements.handlingKind === 'promised' &&
      awaitsAcceptance(v.item.reformMode) &&
      versions.some((w) => w.item.id === v.item.id && w.region.startsWith('4101')) &&
      demoForm(v.elements.form) !== null,
  );
  if (anywhere) {
    const zz = versions.find((w) => w.item.id === anywhere.item.id && w.region.startsWith('4101'))!;
    const intake = {
      itemId: anywhere.item.id,
      competentRegions: [anywhere.region],
      form: demoForm(anywhere.elements.form),
      applicant: { personId },
      window: '金水区政务服务中心 3 号通办窗口（示例）',
    };
    await tryPath(k, 'collect', async () => {
      const r = await receiveAnywhere(k, clerk, { ...intake, mode: 'collect', delivery: 'accepting_window' });
      await moveCase(k, clerk, r.cases[0].id, 'forward', { version: 1, reason: '材料齐全，转交有权机关（示例）' });
    });
    await tryPath(k, 'joint', async () => {
      const r = await receiveAnywhere(k, clerk, {
        ...intake,
        mode: 'joint',
        parts: [{ region: zz.region, task: '核验申请人在郑州的经营场所信息（示例）' }],
        delivery: 'online',
      });
      // Forwarded, awaiting 洛阳's acceptance (lead.luoyang accepts it in the browser; the part then opens in
      // reviewer.zhengzhou's queue — left closed here so the queue other demos and browser tests read is unchanged).
      await moveCase(k, clerk, r.cases[0].id, 'forward', { version: 1 });
    });
  }
  // The first bundle on offer whose one form the demo can fill (the 新生儿出生 bundle in the demo catalog).
  for (const offer of await bundleOffers(k, citizen)) {
    const v = await getBundleVersion(k, offer.bundleId, offer.version);
    const form = demoForm(v.form.schema);
    if (!form) continue;
    let filed = false;
    await tryPath(k, 'bundle', async () => {
      await applyForBundle(k, citizen, { bundleId: offer.bundleId, version: offer.version, region: '410105', form });
      filed = true;
    });
    if (filed) break;
  }
  await tryPath(k, 'rated', async () => {
    const v = versions.find(
      (x) =>
        x.region.startsWith('4101') &&
        x.department.code.endsWith('-SCJG') &&
        x.elements.handlingKind === 'promised' &&
        awaitsAcceptance(x.item.reformMode) &&
        reviewStepsOf(x.elements.process).length === 0 &&
        demoForm(x.elements.form) !== null,
    );
    if (!v) return;
    const c = await fileCase(k, citizen, { itemId: v.item.id, region: v.region, form: demoForm(v.elements.form) });
    let moved = await moveCase(k, zzLead, c.id, 'accept', { version: c.version });
    moved = await moveCase(k, zzLead, c.id, 'start_review', { version: moved.version });
    moved = await moveCase(k, zzLead, c.id, 'grant', { version: moved.version });
    await moveCase(k, zzApprover, c.id, 'conclude', { version: moved.version });
    const inv = await offerCaseRating(k, undefined, (await findCaseRow(k.db, c.id))!);
    if (!inv) return;
    await rate(k, citizen, inv.id, {
      score: 2,
      tags: ['repeated_visits'],
      comment: '结果领取时又让补交一份复印件，多跑了一次（示例）',
      channel: 'online',
    });
  });
}
