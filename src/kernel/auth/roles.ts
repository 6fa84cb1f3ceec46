/**
 * Roles and the permissions they carry. Permissions are `<module>:<verb>`; a route declares one permission
 * (or `public`), and the request is allowed only if one of the caller's roles carries it. Deny by default.
 */
export const ROLES = [
  'applicant',
  'window_clerk',
  'reviewer',
  'approver',
  'department_lead',
  'inspector',
  'hotline_operator',
  'supervisor',
  'discipline_inspector',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'applicant');

const staffRead = ['registry:read', 'calendar:read', 'registry:declare_relation', 'catalog:read'];

/** Every permission each role carries. Edited by hand; the route × role matrix test checks the result. */
export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  applicant: ['session:self', 'registry:self'],
  window_clerk: ['session:self', ...staffRead, 'registry:write', 'registry:read_personal'],
  reviewer: ['session:self', ...staffRead, 'registry:read_personal', 'catalog:edit'],
  approver: ['session:self', ...staffRead, 'registry:read_personal'],
  department_lead: ['session:self', ...staffRead, 'registry:read_personal', 'registry:relations_read', 'catalog:edit', 'catalog:publish', 'catalog:centers'],
  inspector: ['session:self', ...staffRead],
  hotline_operator: ['session:self', ...staffRead],
  supervisor: ['session:self', ...staffRead, 'registry:personal_reads', 'registry:relations_read'],
  discipline_inspector: ['session:self', ...staffRead, 'audit:read', 'registry:personal_reads', 'registry:relations_read'],
  admin: ['session:self', ...staffRead, 'registry:write', 'registry:relations_read', 'calendar:manage', 'audit:read', 'accounts:manage', 'registry:personal_reads', 'events:manage', 'catalog:edit', 'catalog:publish', 'catalog:centers'],
};

export function rolesCarry(roles: readonly Role[], permission: string): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
}

/** The effective permissions of a set of roles, sorted and without repeats (what the web UI shows menus by). */
export function permissionsOfRoles(roles: readonly Role[]): string[] {
  return [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []))].sort();
}
