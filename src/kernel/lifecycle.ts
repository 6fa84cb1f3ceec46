/**
 * Lifecycles as data. A module declares a subject's states and the actions that move it — from which states, to
 * which, under which permission, with which guard, effect and event — once, with `defineLifecycle`; the compiler
 * checks state and action names, `checkLifecycle` checks permissions and events at start-up, and every move goes
 * through one pipeline (OpenCRVS's `availableActions` table, one router for every action):
 *
 *   load → permission and jurisdiction → reason → version → allowed from the current state (else 409
 *   TRANSITION_NOT_ALLOWED naming the state and what is allowed) → guard → effect → versioned save → action row,
 *   chain link and typed event (k.audit.record) — all in the caller's transaction.
 *
 * `availableActions` tells a screen which buttons to show; `mermaid` draws the state diagram for the module's docs.
 */
import { SUBJECT_TYPE } from './audit-log.ts';
import type { Kernel } from './kernel.ts';
import { inTx } from './kernel.ts';
import { can, requirePermission, type Ctx } from './context.ts';
import { AppError, staleVersion } from './errors.ts';
import { reasonOf } from './validators/fields.ts';
import type { Executor } from './db/types.ts';
import type { PermissionTable } from './auth/permissions.ts';
import type { EventRegistry } from './events.ts';

export interface Label {
  zh: string;
  en: string;
}

/** What a guard, effect or after-hook sees of the move in progress. */
export interface Step<Subj> {
  k: Kernel;
  ctx: Ctx;
  tx: Executor;
  /** The subject as loaded, before the move. */
  subject: Subj;
  action: string;
  to: string;
  reason: string | null;
  /** What the caller sent with the move besides version and reason (e.g. a legal basis), for guards and effects. */
  data: Readonly<Record<string, unknown>>;
}

export interface ActionSpec<S extends string, Subj, Patch, View> {
  from: readonly S[];
  to: S;
  permission: string;
  label: Label;
  /** A reason is required (and recorded). */
  needsReason?: boolean;
  /** The event written with the action (declared in the module's event catalog). */
  event?: string;
  /** Rules beyond the current state: throws an AppError when the move may not happen now. */
  guard?(s: Step<Subj>): void | Promise<void>;
  /** Changes the move makes besides the status, and side effects in the same transaction. */
  effect?(s: Step<Subj>): Patch | void | Promise<Patch | void>;
  /** Runs after the subject is saved (e.g. re-indexing it), still in the transaction. */
  after?(s: Step<Subj>, view: View): unknown;
}

/** How the pipeline reads and writes the subject: the module's repository, behind a few small functions. */
export interface SubjectStore<Subj, Patch, View> {
  /** The subject, or a 404 (also for one outside the caller's jurisdiction: they answer alike). */
  load(k: Kernel, tx: Executor, id: string): Promise<Subj>;
  /** Jurisdiction and any other per-record access rule for `permission`; throws when refused. */
  authorize?(k: Kernel, ctx: Ctx, tx: Executor, subject: Subj, permission: string): Promise<void>;
  status(subject: Subj): string;
  version(subject: Subj): number;
  /** Saves `patch` (status included) if the stored version is still `version`, bumping it; false when it moved. */
  save(
    k: Kernel,
    tx: Executor,
    subject: Subj,
    version: number,
    patch: Patch & { status: string },
    ctx: Ctx,
  ): Promise<boolean>;
  /** The subject as it is after `patch` was saved as `version`. */
  patched(subject: Subj, patch: Patch & { status: string }, version: number, ctx: Ctx): Subj;
  /** The subject as services return it (also hashed into the action's before/after digests). */
  view(k: Kernel, subject: Subj): View;
  eventPayload?(action: string, before: Subj, after: View): Record<string, unknown>;
  ruleVersion?(before: Subj, after: View): string | null;
  /**
   * The stored statuses of up to `limit` subjects with ids after `afterId`, in id order: lets `onewindow audit
   * verify` hold every stored status to the one its action rows lead to (src/kernel/lifecycle-verify.ts).
   */
  statusPage(db: Executor, afterId: string, limit: number): Promise<Array<{ id: string; status: string }>>;
}

export interface LifecycleDef<S extends string, A extends string, Subj, Patch, View> {
  /** `<module>.<subject>`: also the audit subject type. */
  subjectType: string;
  states: readonly S[];
  stateLabels: Record<S, Label>;
  actions: Record<A, ActionSpec<S, Subj, Patch, View>>;
  /**
   * The actions that create a subject (recorded by the module's own create function, not by `transition`) and the
   * state each leaves it in: where replaying a subject's action rows starts (`replay`).
   */
  created: Partial<Record<string, S>>;
  store: SubjectStore<Subj, Patch, View>;
}

/** What replaying a subject's action rows found: its state, or the first action that could not have happened. */
export type Replay = { ok: true; status: string } | { ok: false; index: number; action: string; from: string | null };

/** What a move carries: the version the caller read, a reason, the action's data. */
export interface MoveInput {
  version: number;
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** `transition`'s parameters: the kernel, who acts, the subject, the action, its input, an optional transaction. */
type MoveArgs<A> = [k: Kernel, ctx: Ctx, id: string, action: A, input: MoveInput, tx?: Executor];

export interface Lifecycle<S extends string, A extends string, Subj, Patch, View> {
  readonly def: LifecycleDef<S, A, Subj, Patch, View>;
  /** Moves subject `id` by `action`, guarded by the version the caller read. */
  transition(...args: MoveArgs<A>): Promise<View>;
  /**
   * `transition`, answering also the subject as saved (the loaded subject with the action's patch applied): a caller
   * that presents the subject after the move needs no second read of it.
   */
  transitionSubject(...args: MoveArgs<A>): Promise<{ view: View; subject: Subj }>;
  /** The actions allowed from `status` (by state only). */
  allowedFrom(status: string): A[];
  /** The actions this caller may take on a subject in `status` (by state and permission; guards are not run). */
  availableActions(ctx: Ctx, status: string): A[];
  /** 409 TRANSITION_NOT_ALLOWED for `action` from `status`, naming what is allowed. */
  notAllowed(status: string, action: string): AppError;
  /** The state diagram, Mermaid `stateDiagram-v2`. */
  mermaid(): string;
  /**
   * The state a subject's action rows (oldest first) lead to: the status is derived from the action log, and the
   * stored status is its projection (checked by `onewindow audit verify`). Actions that are not moves (an upload, a
   * note) leave the state as it is.
   */
  replay(actions: readonly string[]): Replay;
}

export type AnyLifecycle = Lifecycle<string, string, any, any, any>;

/** Declares a lifecycle; throws at once when a state is named that is not in `states`. */
export function defineLifecycle<const S extends string, const A extends string, Subj, Patch extends object, View>(
  def: LifecycleDef<S, A, Subj, Patch, View>,
): Lifecycle<S, A, Subj, Patch, View> {
  if (!SUBJECT_TYPE.test(def.subjectType))
    throw new Error(`lifecycle subject type ${def.subjectType} must be <module>.<subject>`);
  if (new Set(def.states).size !== def.states.length) throw new Error(`${def.subjectType}: duplicate state`);
  const actions = Object.entries(def.actions) as Array<[A, ActionSpec<S, Subj, Patch, View>]>;
  for (const [name, a] of actions) {
    for (const s of [...a.from, a.to])
      if (!def.states.includes(s)) throw new Error(`${def.subjectType}.${name}: unknown state ${s}`);
  }
  for (const [name, s] of Object.entries(def.created) as Array<[string, S]>) {
    if (!def.states.includes(s))
      throw new Error(`${def.subjectType}: creating action ${name} leads to unknown state ${s}`);
    if (name in def.actions) throw new Error(`${def.subjectType}: ${name} is both a creating action and a move`);
  }
  const labelOfState = (s: string): Label => def.stateLabels[s as S] ?? { zh: s, en: s };
  const allowedFrom = (status: string) =>
    actions.filter(([, a]) => (a.from as readonly string[]).includes(status)).map(([n]) => n);

  function notAllowed(status: string, action: string): AppError {
    const allowed = allowedFrom(status);
    const st = labelOfState(status);
    const act = def.actions[action as A]?.label ?? { zh: action, en: action };
    const names = allowed.map((n) => def.actions[n].label);
    return new AppError({
      code: 'TRANSITION_NOT_ALLOWED',
      status: 409,
      field: 'status',
      zh: `当前状态为“${st.zh}”，不能${act.zh}；可执行：${names.map((l) => l.zh).join('、') || '无'}`,
      en: `Cannot ${act.en.toLowerCase()} while ${st.en.toLowerCase()}; allowed: ${names.map((l) => l.en.toLowerCase()).join(', ') || 'none'}`,
      details: { status, action, allowed },
    });
  }

  async function transition(...args: MoveArgs<A>): Promise<View> {
    return (await transitionSubject(...args)).view;
  }

  async function transitionSubject(
    ...[k, ctx, id, action, input, tx]: MoveArgs<A>
  ): Promise<{ view: View; subject: Subj }> {
    const spec = def.actions[action];
    if (!spec)
      throw new AppError({
        code: 'ACTION_UNKNOWN',
        status: 400,
        field: 'action',
        zh: '未知操作',
        en: 'Unknown action',
      });
    return inTx(k, tx, async (t) => {
      const subject = await def.store.load(k, t, id);
      requirePermission(ctx, spec.permission);
      await def.store.authorize?.(k, ctx, t, subject, spec.permission);
      const reason = spec.needsReason || input.reason?.trim() ? reasonOf(input.reason) : null;
      const version = def.store.version(subject);
      if (version !== input.version) throw staleVersion(input.version, version);
      const status = def.store.status(subject);
      if (!(spec.from as readonly string[]).includes(status)) throw notAllowed(status, action);
      const step: Step<Subj> = { k, ctx, tx: t, subject, action, to: spec.to, reason, data: input.data ?? {} };
      await spec.guard?.(step);
      const patch = { ...((await spec.effect?.(step)) ?? ({} as Patch)), status: spec.to };
      if (!(await def.store.save(k, t, subject, version, patch, ctx))) throw staleVersion(input.version, version + 1);
      const saved = def.store.patched(subject, patch, version + 1, ctx);
      const after = def.store.view(k, saved);
      await spec.after?.(step, after);
      await k.audit.record(t, ctx, {
        permission: spec.permission,
        action,
        subjectType: def.subjectType,
        subjectId: id,
        reason,
        ruleVersion: def.store.ruleVersion?.(subject, after) ?? null,
        before: def.store.view(k, subject),
        after,
        event: spec.event
          ? { type: spec.event, payload: def.store.eventPayload?.(action, subject, after) ?? { id } }
          : undefined,
      });
      return { view: after, subject: saved };
    });
  }

  function mermaid(): string {
    const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
    const lines = ['stateDiagram-v2'];
    for (const s of def.states) lines.push(`  ${id(s)}: ${labelOfState(s).zh} ${s}`);
    for (const [name, a] of actions)
      for (const from of a.from) lines.push(`  ${id(from)} --> ${id(a.to)}: ${a.label.zh} ${name} (${a.permission})`);
    return lines.join('\n');
  }

  function replay(names: readonly string[]): Replay {
    let status: string | null = null;
    for (const [index, action] of names.entries()) {
      const created = def.created[action];
      if (created !== undefined) {
        if (status !== null) return { ok: false, index, action, from: status };
        status = created;
        continue;
      }
      const spec = def.actions[action as A];
      if (!spec) continue; // not a move
      if (status === null || !(spec.from as readonly string[]).includes(status))
        return { ok: false, index, action, from: status };
      status = spec.to;
    }
    return status === null ? { ok: false, index: names.length, action: '', from: null } : { ok: true, status };
  }

  return {
    def,
    transition,
    transitionSubject,
    replay,
    allowedFrom,
    availableActions: (ctx, status) => allowedFrom(status).filter((n) => can(ctx, def.actions[n].permission)),
    notAllowed,
    mermaid,
  };
}

/** Start-up check: every permission a lifecycle names is declared, and so is every event. */
export function checkLifecycle(l: AnyLifecycle, permissions: PermissionTable, events: EventRegistry): void {
  for (const [name, a] of Object.entries(l.def.actions)) {
    permissions.require(a.permission, `lifecycle ${l.def.subjectType} action ${name}`);
    if (a.event && !events.has(a.event))
      throw new Error(`lifecycle ${l.def.subjectType} action ${name} emits undeclared event ${a.event}`);
  }
}
