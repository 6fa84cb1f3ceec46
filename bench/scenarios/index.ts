/** Every benchmark scenario. A module adds its scenario file in this folder and one line here. */
import type { Scenario } from '../harness.ts';
import { registryLookup } from './registry-lookup.ts';
import { registryWrite } from './registry-write.ts';
import { calendarDeadline } from './calendar-deadline.ts';
import { catalogSearch } from './catalog-search.ts';
import { requestLayers } from './request-layers.ts';
import { casesRead } from './cases-read.ts';
import { casesSubmit } from './cases-submit.ts';
import { inspectionsDraw } from './inspections-draw.ts';
import { hotlineLifecycle } from './hotline-lifecycle.ts';
import { certificatesVerify } from './certificates-verify.ts';

export const SCENARIOS: Scenario[] = [
  registryLookup,
  registryWrite,
  requestLayers,
  calendarDeadline,
  catalogSearch,
  casesRead,
  casesSubmit,
  inspectionsDraw,
  certificatesVerify,
  hotlineLifecycle,
];
