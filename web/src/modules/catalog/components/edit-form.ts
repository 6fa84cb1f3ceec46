/**
 * The draft edit form's model: elements ⇄ form values, and where a server error's `field` (`elements.promisedDays`,
 * `elements.materials.2.source.certificateType`, `elements.form.properties.x.x-semantic-key`) is shown in the form.
 */
import type { Elements, Implementation, ProcessStep } from '../api.ts';
import { fieldsToSchema, schemaToFields, type BuilderField } from './form-builder.ts';

type Nullable<T> = T | null;

export interface MaterialValues {
  key: string;
  name: string;
  requirement: 'required' | 'conditional';
  condition: string;
  forms: string[];
  paperCopies: number;
  blankForm: string;
  sample: string;
  source: { kind: string; certificateType: string; dataSource: string };
}

export interface EditValues {
  effectiveFrom: string;
  reason: string;
  /** For a derived implementation: the source version it follows (re-pointed to resolve drift). */
  derivedFromVersion: Nullable<number>;
  elements: {
    acceptanceConditions: string;
    materials: MaterialValues[];
    statutoryDays: Nullable<number>;
    promisedDays: number;
    handlingKind: string;
    fees: {
      charged: boolean;
      basis: string;
      items: Array<{ name: string; amountFen: number; basis: string }>;
      reductions: string;
    };
    serviceObjects: string[];
    channels: string[];
    onlineDepth: { fullyOnline: boolean; inPersonVisits: number };
    places: Array<{ name: string; address: string; hours: string }>;
    contacts: { consultation: string; complaint: string };
    result: { kind: string; name: string; certificateType: string; sample: string };
    resultValidity: { kind: string; value: Nullable<number>; unit: Nullable<string> };
    quantityLimit: { limited: boolean; description: string };
    handleAnywhere: string[];
    intermediaryServices: Array<{ name: string; required: boolean; basis: string }>;
    process: Array<{ key: string; name: string; role: string; days: number; parallelGroup: string }>;
    entrustedBody: { name: string; uscc: string };
    /** The application form as the builder's field list (form-builder.ts). */
    form: BuilderField[];
  };
}

export const NO_SOURCE = 'none';

const lines = (xs: string[]) => xs.join('\n');
const unlines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
const str = (s: string | null | undefined) => s ?? '';
const orNull = (s: string | null | undefined) => {
  const v = (s ?? '').trim();
  return v ? v : null;
};
const num = (n: unknown, dflt = 0) => (typeof n === 'number' && Number.isFinite(n) ? n : dflt);

export function toFormValues(impl: Implementation): EditValues {
  const e = impl.elements;
  return {
    effectiveFrom: impl.effectiveFrom,
    reason: '',
    derivedFromVersion: impl.derivedFrom?.version ?? null,
    elements: {
      acceptanceConditions: lines(e.acceptanceConditions),
      materials: e.materials.map((m) => ({
        key: m.key,
        name: m.name,
        requirement: m.requirement,
        condition: str(m.condition),
        forms: [...m.forms],
        paperCopies: m.paperCopies,
        blankForm: str(m.blankForm),
        sample: str(m.sample),
        source: {
          kind: m.source?.kind ?? NO_SOURCE,
          certificateType: str(m.source?.certificateType),
          dataSource: str(m.source?.dataSource),
        },
      })),
      statutoryDays: e.statutoryDays,
      promisedDays: e.promisedDays,
      handlingKind: e.handlingKind,
      fees: {
        charged: e.fees.charged,
        basis: str(e.fees.basis),
        items: e.fees.items.map((f) => ({ name: f.name, amountFen: f.amountFen, basis: str(f.basis) })),
        reductions: lines(e.fees.reductions),
      },
      serviceObjects: [...e.serviceObjects],
      channels: [...e.channels],
      onlineDepth: { ...e.onlineDepth },
      places: e.places.map((p) => ({ ...p })),
      contacts: { consultation: lines(e.contacts.consultation), complaint: lines(e.contacts.complaint) },
      result: {
        kind: e.result.kind,
        name: str(e.result.name),
        certificateType: str(e.result.certificateType),
        sample: str(e.result.sample),
      },
      resultValidity: { kind: e.resultValidity.kind, value: e.resultValidity.value, unit: e.resultValidity.unit },
      quantityLimit: { limited: e.quantityLimit.limited, description: str(e.quantityLimit.description) },
      handleAnywhere: [...e.handleAnywhere],
      intermediaryServices: e.intermediaryServices.map((s) => ({
        name: s.name,
        required: s.required,
        basis: str(s.basis),
      })),
      process: e.process.map((s) => ({
        key: s.key,
        name: s.name,
        role: s.role as ProcessStep['role'],
        days: s.days,
        parallelGroup: str(s.parallelGroup),
      })),
      entrustedBody: { name: str(e.entrustedBody?.name), uscc: str(e.entrustedBody?.uscc) },
      form: schemaToFields(e.form),
    },
  };
}

/**
 * A key for a new list entry (a material, a process step): people never type one. `prefix` + the first unused
 * number; existing entries keep theirs (cases and bundles refer to them).
 */
export function keysFor(keys: ReadonlyArray<string | undefined>, prefix: string): string[] {
  const taken = new Set(keys.map((k) => (k ?? '').trim()).filter(Boolean));
  let n = 1;
  return keys.map((k) => {
    const v = (k ?? '').trim();
    if (v) return v;
    while (taken.has(`${prefix}${n}`)) n++;
    taken.add(`${prefix}${n}`);
    return `${prefix}${n}`;
  });
}

/** Form values → the element set sent to PATCH (`formBase`: the form schema read, whose root keywords are kept). */
export function toElements(v: EditValues['elements'], formBase?: unknown): Elements {
  const materialKeys = keysFor(
    (v.materials ?? []).map((m) => m.key),
    'material_',
  );
  const stepKeys = keysFor(
    (v.process ?? []).map((s) => s.key),
    'step_',
  );
  const body =
    orNull(v.entrustedBody?.name) || orNull(v.entrustedBody?.uscc)
      ? { name: (v.entrustedBody.name ?? '').trim(), uscc: (v.entrustedBody.uscc ?? '').trim() }
      : null;
  const validityKind = v.resultValidity.kind as Elements['resultValidity']['kind'];
  return {
    entrustedBody: body,
    acceptanceConditions: unlines(v.acceptanceConditions),
    materials: (v.materials ?? []).map((m, i) => ({
      key: materialKeys[i]!,
      name: (m.name ?? '').trim(),
      requirement: m.requirement,
      condition: m.requirement === 'conditional' ? orNull(m.condition) : null,
      forms: (m.forms ?? []) as Elements['materials'][number]['forms'],
      paperCopies: num(m.paperCopies),
      blankForm: orNull(m.blankForm),
      sample: orNull(m.sample),
      source:
        !m.source || m.source.kind === NO_SOURCE
          ? null
          : {
              kind: m.source.kind as NonNullable<Elements['materials'][number]['source']>['kind'],
              certificateType: m.source.kind === 'certificate' ? orNull(m.source.certificateType) : null,
              dataSource: m.source.kind === 'shared_data' ? orNull(m.source.dataSource) : null,
            },
    })),
    statutoryDays: typeof v.statutoryDays === 'number' ? v.statutoryDays : null,
    promisedDays: num(v.promisedDays),
    handlingKind: v.handlingKind as Elements['handlingKind'],
    fees: {
      charged: !!v.fees.charged,
      basis: orNull(v.fees.basis),
      items: (v.fees.items ?? []).map((f) => ({
        name: (f.name ?? '').trim(),
        amountFen: num(f.amountFen),
        basis: orNull(f.basis),
      })),
      reductions: unlines(v.fees.reductions),
    },
    serviceObjects: (v.serviceObjects ?? []) as Elements['serviceObjects'],
    channels: (v.channels ?? []) as Elements['channels'],
    onlineDepth: { fullyOnline: !!v.onlineDepth.fullyOnline, inPersonVisits: num(v.onlineDepth.inPersonVisits) },
    places: (v.places ?? []).map((p) => ({
      name: (p.name ?? '').trim(),
      address: (p.address ?? '').trim(),
      hours: (p.hours ?? '').trim(),
    })),
    contacts: { consultation: unlines(v.contacts.consultation), complaint: unlines(v.contacts.complaint) },
    result: {
      kind: v.result.kind as Elements['result']['kind'],
      name: orNull(v.result.name),
      certificateType: orNull(v.result.certificateType),
      sample: orNull(v.result.sample),
    },
    resultValidity: {
      kind: validityKind,
      value: validityKind === 'period' && typeof v.resultValidity.value === 'number' ? v.resultValidity.value : null,
      unit: validityKind === 'period' ? ((v.resultValidity.unit ?? null) as Elements['resultValidity']['unit']) : null,
    },
    quantityLimit: { limited: !!v.quantityLimit.limited, description: orNull(v.quantityLimit.description) },
    handleAnywhere: (v.handleAnywhere ?? []) as Elements['handleAnywhere'],
    intermediaryServices: (v.intermediaryServices ?? []).map((s) => ({
      name: (s.name ?? '').trim(),
      required: !!s.required,
      basis: orNull(s.basis),
    })),
    process: (v.process ?? []).map((s, i) => ({
      key: stepKeys[i]!,
      name: (s.name ?? '').trim(),
      role: s.role as ProcessStep['role'],
      days: num(s.days),
      parallelGroup: orNull(s.parallelGroup),
    })),
    form: fieldsToSchema(v.form ?? [], formBase),
  };
}

/** Every field the form renders, with `*` for a list index. Lists (materials, process, …) show their own errors. */
const FIELDS = new Set([
  'effectiveFrom',
  'reason',
  'derivedFromVersion',
  'elements.acceptanceConditions',
  'elements.materials',
  ...[
    'key',
    'name',
    'requirement',
    'condition',
    'forms',
    'paperCopies',
    'blankForm',
    'sample',
    'source.kind',
    'source.certificateType',
    'source.dataSource',
  ].map((f) => `elements.materials.*.${f}`),
  'elements.statutoryDays',
  'elements.promisedDays',
  'elements.handlingKind',
  'elements.fees.charged',
  'elements.fees.basis',
  'elements.fees.items',
  'elements.fees.items.*.name',
  'elements.fees.items.*.amountFen',
  'elements.fees.items.*.basis',
  'elements.fees.reductions',
  'elements.serviceObjects',
  'elements.channels',
  'elements.onlineDepth.fullyOnline',
  'elements.onlineDepth.inPersonVisits',
  'elements.places',
  'elements.places.*.name',
  'elements.places.*.address',
  'elements.places.*.hours',
  'elements.contacts.consultation',
  'elements.contacts.complaint',
  'elements.result.kind',
  'elements.result.name',
  'elements.result.certificateType',
  'elements.result.sample',
  'elements.resultValidity.kind',
  'elements.resultValidity.value',
  'elements.resultValidity.unit',
  'elements.quantityLimit.limited',
  'elements.quantityLimit.description',
  'elements.handleAnywhere',
  'elements.intermediaryServices',
  'elements.intermediaryServices.*.name',
  'elements.intermediaryServices.*.required',
  'elements.intermediaryServices.*.basis',
  'elements.process',
  ...['key', 'name', 'role', 'days', 'parallelGroup'].map((f) => `elements.process.*.${f}`),
  'elements.entrustedBody.name',
  'elements.entrustedBody.uscc',
  'elements.form',
]);

/** A group the server names as a whole, shown on one of its fields. */
const GROUPS: Record<string, string> = {
  'elements.resultValidity': 'kind',
  'elements.onlineDepth': 'inPersonVisits',
  'elements.entrustedBody': 'name',
  'elements.fees': 'charged',
  'elements.result': 'kind',
  'elements.quantityLimit': 'limited',
  'elements.contacts': 'consultation',
  'elements.materials.*': 'name',
  'elements.materials.*.source': 'kind',
  'elements.process.*': 'name',
  'elements.places.*': 'name',
  'elements.fees.items.*': 'name',
  'elements.intermediaryServices.*': 'name',
};

/**
 * The form field (antd name path) where an error on the server's `field` is shown: the field itself, else its
 * nearest enclosing field (`elements.acceptanceConditions.3` → the conditions box, `elements.form.properties…` →
 * the form schema box). Null when nothing in the form matches (the error is shown above the form only).
 */
export function formFieldFor(serverField: string | null): Array<string | number> | null {
  if (!serverField) return null;
  const raw = serverField.replace(/^body\./, '').split('.');
  const segs: Array<string | number> = raw.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = segs.length; n > 0; n--) {
    const head = segs.slice(0, n);
    const pattern = head.map((s) => (typeof s === 'number' ? '*' : s)).join('.');
    if (FIELDS.has(pattern)) return head;
    const child = GROUPS[pattern];
    if (child) return [...head, child];
  }
  return null;
}
