/**
 * The guide's contract (办事指南): a page model of headed sections, each a list of blocks — labelled fields, lists
 * and tables. Headings and labels are bilingual; every value is taken from the implementation's elements (in their
 * language, Chinese). The TypeScript types are derived from these schemas so the pure builder and the HTTP
 * response cannot drift apart.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable, Strict, StringEnum } from '../../../kernel/http.ts';
import type { ImplementationStatus, VersionStatus } from '../model.ts';

export const Bilingual = Strict({ zh: Type.String(), en: Type.String() });
export type Bilingual = Static<typeof Bilingual>;

/** The guide's status: a published version's derived status, or the working copy's status in a staff preview. */
export const GUIDE_STATUSES = [
  'published',
  'superseded',
  'retired',
  'draft',
  'in_review',
] as const satisfies ReadonlyArray<VersionStatus | ImplementationStatus>;
export type GuideStatus = (typeof GUIDE_STATUSES)[number];

export const SECTION_KEYS = [
  'basic',
  'legal_basis',
  'acceptance_conditions',
  'materials',
  'process',
  'fees',
  'channels',
  'places',
  'result',
  'intermediary_services',
  'contacts',
  'form',
  'version',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

const Field = Strict({ key: Type.String(), label: Bilingual, value: Type.String() });

const FieldsBlock = Strict({ kind: Type.Literal('fields'), key: Type.String(), fields: Type.Array(Field) });
const ListBlock = Strict({
  kind: Type.Literal('list'),
  key: Type.String(),
  label: Nullable(Bilingual),
  items: Type.Array(Type.String()),
});
const TableBlock = Strict({
  kind: Type.Literal('table'),
  key: Type.String(),
  label: Nullable(Bilingual),
  columns: Type.Array(Strict({ key: Type.String(), label: Bilingual })),
  /** One object per row, keyed by column key; every cell is display text. */
  rows: Type.Array(Type.Record(Type.String(), Type.String())),
});

export const GuideBlockSchema = Type.Union([FieldsBlock, ListBlock, TableBlock]);
export type GuideField = Static<typeof Field>;
export type GuideBlock = Static<typeof GuideBlockSchema>;
export type TableBlock = Static<typeof TableBlock>;

export const GuideSectionSchema = Strict({
  key: StringEnum(SECTION_KEYS),
  heading: Bilingual,
  blocks: Type.Array(GuideBlockSchema),
});
export type GuideSection = Static<typeof GuideSectionSchema>;

export const GuideSchema = Strict({
  implementationId: Type.String(),
  /** The public page of the guide in force (relative path); the PDF's QR code points here. */
  url: Type.String(),
  title: Type.String({ description: 'The item name' }),
  code: Type.String({ description: '实施编码' }),
  itemType: Strict({ code: Type.Integer(), name: Type.String() }),
  region: Strict({ code: Type.String(), name: Type.String() }),
  department: Strict({ name: Type.String(), uscc: Type.String() }),
  version: Type.Integer(),
  status: StringEnum(GUIDE_STATUSES),
  /** True for a staff preview of the working copy (not a published version). */
  preview: Type.Boolean(),
  effectiveFrom: Type.String(),
  publishedAt: Nullable(Type.String()),
  digest: Nullable(Type.String()),
  /** 示例: a legal citation or limit not checked against its source; `notice` then says so on every page. */
  illustrative: Type.Boolean(),
  notice: Nullable(Bilingual),
  /** Set when the guide is not the version in force: superseded, retired, or a preview of a draft. */
  statusNotice: Nullable(Bilingual),
  sections: Type.Array(GuideSectionSchema),
});
export type Guide = Static<typeof GuideSchema>;
