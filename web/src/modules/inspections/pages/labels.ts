/** Message keys for the inspections vocabularies (never a raw code on screen). */
import type { Task, ResultCategory } from '../api.ts';

export const statusKey = (s: Task['status']) => `inspections.status.${s}` as const;
export const categoryKey = (c: ResultCategory) => `inspections.cat.${c}` as const;
export const CATEGORIES: ResultCategory[] = [
  'no_problem',
  'not_disclosed',
  'false_disclosure',
  'unreachable',
  'ordered_to_correct',
  'pending_follow_up',
  'obstructed',
  'activity_not_found',
  'closed_or_liquidating',
  'deregistered_or_revoked',
  'moved_out',
];
export const roundKey = (s: string) =>
  (s === 'voided'
    ? 'inspections.round.voided'
    : s === 'sealed'
      ? 'inspections.round.sealed'
      : 'inspections.round.open') as 'inspections.round.voided' | 'inspections.round.sealed' | 'inspections.round.open';
