/**
 * Import/export routes. The import takes the file itself as the request body (`Content-Type: text/csv` or the XLSX
 * media type, up to 5 MB) — so `curl --data-binary @清单.xlsx` works — parsed as raw bytes in this plugin's scope
 * only; the format comes from the content type or `?format=`.
 */
import type { FastifyInstance } from 'fastify';
import { Type, Strict, StringEnum, Nullable, errorResponses, ctxOf, type App } from '../../../kernel/http.ts';
import { replyIdempotent } from '../../../kernel/idempotency.ts';
import { AppError, invalid } from '../../../kernel/errors.ts';
import { shanghaiDate } from '../../../kernel/calendar/dates.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { EDIT, READ } from '../access.ts';
import { IMPLEMENTATION_STATUSES } from '../model.ts';
import { Region } from '../schemas.ts';
import { readCsv, readXlsx, type Sheet } from './files.ts';
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  attachment,
  exportValues,
  renderExport,
  template,
  type ExportFormat,
} from './export.ts';
import { importSheet } from './import.ts';

const tags = ['catalog'];
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const FILE_TYPES = ['text/csv', CONTENT_TYPES.xlsx, 'application/octet-stream'];

const RowErrorSchema = Strict({
  row: Type.Integer({ description: 'Spreadsheet row number; the header is row 1' }),
  column: Nullable(Type.String({ description: 'Column key, e.g. promisedDays' })),
  code: Type.String(),
  message: Strict({ zh: Type.String(), en: Type.String() }),
  path: Type.Optional(Type.String({ description: 'Where inside a list cell, e.g. materials.2.source' })),
});
const FileResponse = Type.Unknown({ description: 'The file (text/csv, XLSX or JSON)' });
const Outcome = StringEnum(['created', 'updated', 'unchanged'] as const);
const ReportSchema = Strict({
  dryRun: Type.Boolean(),
  valid: Type.Boolean(),
  rows: Type.Integer(),
  errors: Type.Array(RowErrorSchema),
  results: Type.Array(
    Strict({
      row: Type.Integer(),
      basicCode: Type.String(),
      businessItem: Type.String(),
      item: Outcome,
      implementationCode: Nullable(Type.String()),
      implementation: Nullable(Outcome),
    }),
  ),
  counts: Strict({
    itemsCreated: Type.Integer(),
    itemsUpdated: Type.Integer(),
    implementationsCreated: Type.Integer(),
    implementationsUpdated: Type.Integer(),
    unchanged: Type.Integer(),
  }),
});

const exportName = (region: string | undefined, date: string, format: ExportFormat) =>
  attachment(`catalog-${region ?? 'all'}-${date}`, `实施清单-${region ?? '全部'}-${date}`, format);

/** Reads the request body as a sheet, by the declared format or the content type. */
async function sheetOf(
  body: unknown,
  contentType: string | undefined,
  format: 'csv' | 'xlsx' | undefined,
): Promise<Sheet> {
  if (!Buffer.isBuffer(body)) {
    throw new AppError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
      field: 'body',
      zh: '请以 text/csv 或 XLSX 文件作为请求体上传',
      en: 'Send the file itself as the body: text/csv or XLSX',
    });
  }
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const byType = type === 'text/csv' ? 'csv' : type === CONTENT_TYPES.xlsx ? 'xlsx' : undefined;
  if (format && byType && format !== byType)
    throw invalid(
      'query.format',
      'FORMAT_MISMATCH',
      `format=${format} 与 Content-Type ${type} 不一致`,
      `format=${format} does not match Content-Type ${type}`,
    );
  const f = format ?? byType;
  if (!f)
    throw invalid(
      'query.format',
      'FORMAT_REQUIRED',
      '请用 format=csv 或 xlsx 说明文件格式',
      'Say format=csv or format=xlsx',
    );
  return f === 'csv' ? readCsv(body) : readXlsx(body);
}

function registerImportRoute(scope: App, k: Kernel): void {
  scope.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  scope.post(
    '/api/v1/catalog/import',
    {
      config: { permission: EDIT },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary:
          'Import catalog items and draft implementations from CSV or XLSX: all rows or none; dryRun=true only validates',
        description:
          'Body: the file (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, ≤ 5 MB, ≤ 5000 rows). Layout: docs/catalog.md § Import and export, or GET /api/v1/catalog/import/template. Errors: 400 IMPORT_INVALID with details.errors [{ row, column, code, message }].',
        querystring: Strict({
          dryRun: Type.Optional(Type.Boolean({ default: false })),
          format: Type.Optional(StringEnum(['csv', 'xlsx'] as const)),
        }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) }),
        body: Type.Unknown({ description: 'The CSV or XLSX file' }),
        response: { 200: ReportSchema, ...errorResponses, 415: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const sheet = await sheetOf(req.body, req.headers['content-type'], req.query.format);
      if (req.query.dryRun) return importSheet(k, ctxOf(req), sheet, { dryRun: true });
      return replyIdempotent(k, req, reply, 200, (tx) => importSheet(k, ctxOf(req), sheet, { dryRun: false }, tx));
    },
  );
}

/** Registers the import (in its own scope, for the file body parsers), the template and the export. */
export function registerImportRoutes(app: App, k: Kernel): void {
  app.register(async (scope: FastifyInstance) => registerImportRoute(scope as unknown as App, k));

  app.get(
    '/api/v1/catalog/import/template',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'The empty import template (XLSX with an instructions sheet, or a CSV header row)',
        querystring: Strict({
          format: Type.Optional(StringEnum(['csv', 'xlsx'] as const, { description: 'Default xlsx' })),
        }),
        response: { 200: FileResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', attachment('catalog-import-template', '实施清单导入模板', format))
        .send(await template(format));
    },
  );

  app.get(
    '/api/v1/catalog/export',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary:
          'Export implementations (working copies) in the import layout: CSV, XLSX or JSON; an export re-imports',
        querystring: Strict({
          format: Type.Optional(StringEnum(EXPORT_FORMATS, { description: 'Default xlsx' })),
          region: Type.Optional(Region),
          status: Type.Optional(StringEnum(IMPLEMENTATION_STATUSES)),
        }),
        response: { 200: FileResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'xlsx';
      const values = await exportValues(k, ctxOf(req), { region: req.query.region, status: req.query.status });
      const body = await renderExport(format, values);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', exportName(req.query.region, shanghaiDate(ctxOf(req).now), format))
        .send(body);
    },
  );
}
