/**
 * In-person visits (visits.ts): the window records them; whoever reads the case sees the count against the promise.
 * Complaints (complaints.ts): the applicant files them; the hotline's updates show beside them.
 */
import { Type, Strict, StringEnum, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { casesPermissions as P } from './permissions.ts';
import { findCaseRow } from './repository.ts';
import { requireVisibleCase } from './access.ts';
import { VISIT_PURPOSES, caseVisits, recordVisit } from './visits.ts';
import { COMPLAINT_MAX, caseComplaints, fileComplaint } from './complaints.ts';

const tags = ['cases'];
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const VisitsSchema = Strict(
  {
    caseId: Type.String(),
    count: Type.Integer({ minimum: 0, description: 'In-person visits so far; a filing at a window counts as one' }),
    declared: Type.Integer({ minimum: 0, description: 'Visits the implementation promises at most (最多跑 N 次)' }),
    over: Type.Boolean({ description: 'More visits than promised (flag visits_over_promise)' }),
  },
  { $id: 'CaseVisits' },
);

export function registerVisitRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/cases/:id/visits',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'A case’s in-person visits against what its implementation promises',
        params: IdParams,
        response: { 200: VisitsSchema, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const row = requireVisibleCase(ctx, await findCaseRow(k.db, req.params.id), req.params.id);
      return caseVisits(k, ctx, row);
    },
  );

  app.post(
    '/api/v1/cases/:id/visits',
    {
      config: { permission: P.record_visit },
      schema: {
        tags,
        summary: 'Record that the applicant came in person (窗口登记到场)',
        description:
          '`seen` is the visit count the clerk saw (GET …/visits): a second click recording the same visit is 409 VISIT_ALREADY_RECORDED.',
        params: IdParams,
        body: Strict({
          window: Type.String({ minLength: 1, maxLength: 100 }),
          purpose: StringEnum(VISIT_PURPOSES),
          seen: Type.Integer({ minimum: 0 }),
        }),
        response: { 201: VisitsSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await recordVisit(k, ctxOf(req), req.params.id, req.body)),
  );

  const ComplaintsSchema = Type.Array(
    Strict({
      n: Type.Integer({ minimum: 0, description: 'The complaint’s number on the case; 0 for a hotline update alone' }),
      at: Type.String(),
      content: Type.String(),
      hotline: Type.Array(Strict({ at: Type.String(), text: Type.String() })),
    }),
    { $id: 'CaseComplaints' },
  );

  app.get(
    '/api/v1/cases/:id/complaints',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'A case’s complaints and what the 12345 hotline did with them',
        params: IdParams,
        response: { 200: ComplaintsSchema, ...errorResponses },
      },
    },
    async (req) => caseComplaints(k, ctxOf(req), req.params.id),
  );

  app.post(
    '/api/v1/cases/:id/complaints',
    {
      config: { permission: P.complain },
      schema: {
        tags,
        summary: 'The applicant complains about their case (投诉; the 12345 hotline registers a ticket for it)',
        description:
          '`seen` is the number of complaints the applicant saw (GET …/complaints): a second click filing the same one is 409 COMPLAINT_ALREADY_FILED.',
        params: IdParams,
        body: Strict({
          content: Type.String({ minLength: 1, maxLength: COMPLAINT_MAX }),
          seen: Type.Integer({ minimum: 0 }),
        }),
        response: { 201: ComplaintsSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await fileComplaint(k, ctxOf(req), req.params.id, req.body)),
  );
}
