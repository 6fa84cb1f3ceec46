/** Filling an application form in a browser test the way an applicant would: a plausible value for each field. */
import type { Page } from 'playwright-core';
import { generateResidentId } from '../../src/kernel/validators/resident-id.ts';

type Json = Record<string, unknown>;

/**
 * Fills the rendered form (rjsf ids are root_<property>) with plausible values for its schema: an ID number, a phone
 * and a name where the field's semantic key says so, a date, a number at least its minimum (and at least 1), text
 * within its length.
 */
export async function fillForm(page: Page, schema: { properties: Record<string, Json> }): Promise<void> {
  for (const [name, p] of Object.entries(schema.properties)) {
    const key = String(p['x-semantic-key'] ?? '');
    const input = page.locator(`#root_${name}`);
    if (p.type === 'boolean') {
      await input.check();
      continue;
    }
    const value =
      p.type === 'integer' || p.type === 'number'
        ? String(typeof p.minimum === 'number' ? Math.max(p.minimum, 1) : 1)
        : key.endsWith('.idNumber')
          ? generateResidentId({ region: '410105', birthDate: '1990-01-01', seq: 123 })
          : key.endsWith('.phone')
            ? '13900001111'
            : key.endsWith('.name')
              ? '王五'
              : p.format === 'date'
                ? '2026-12-01'
                : `浏览器测试${String(p.title ?? name)}`.slice(0, typeof p.maxLength === 'number' ? p.maxLength : 100);
    await input.fill(value);
  }
}
