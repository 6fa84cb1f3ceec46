/**
 * The ten roles. Which role holds which permission is not listed here: the kernel and each module declare their
 * own permissions with the roles that hold them (permissions.ts), gathered at start-up. A route declares one
 * permission (or `public`), and a request is allowed only if one of the caller's roles holds it. Deny by default.
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

/** Zh/en names of the roles, for screens and generated documents. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  window_clerk: { zh: '窗口人员', en: 'Window clerk' },
  reviewer: { zh: '审查人员', en: 'Reviewer' },
  approver: { zh: '审批人员', en: 'Approver' },
  department_lead: { zh: '部门负责人', en: 'Department lead' },
  inspector: { zh: '执法检查人员', en: 'Inspector' },
  hotline_operator: { zh: '12345 话务员', en: 'Hotline operator' },
  supervisor: { zh: '电子监察人员', en: 'Supervisor' },
  discipline_inspector: { zh: '纪检监察人员', en: 'Discipline inspector' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};
