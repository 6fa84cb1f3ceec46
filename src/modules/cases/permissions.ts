/** The cases module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';

export const casesPermissions = definePermissions('cases', {
  read: {
    zh: '查阅办件（申请人查阅本人办件，工作人员查阅管辖范围内办件）',
    en: 'Read cases (applicants their own, staff those in their jurisdiction)',
    roles: [
      'applicant',
      'window_clerk',
      'reviewer',
      'approver',
      'department_lead',
      'supervisor',
      'discipline_inspector',
      'admin',
    ],
  },
  file: {
    zh: '提交申请（本人或窗口代为提交）及补正后重新提交',
    en: 'File an application (oneself, or at a window for an applicant) and resubmit after a supplement notice',
    roles: ['applicant', 'window_clerk'],
  },
  accept: {
    zh: '受理、不予受理、一次性告知补正',
    en: 'Accept, refuse, or request a supplement (one notice)',
    roles: ['window_clerk', 'department_lead'],
  },
  approve_exception: {
    zh: '批准例外（第二次补正告知等）',
    en: 'Approve exceptions (a second supplement request and the like)',
    roles: ['department_lead'],
  },
  review: { zh: '审查办件', en: 'Review cases', roles: ['reviewer', 'department_lead'] },
  decide: { zh: '作出准予或不予许可决定', en: 'Decide: grant or deny', roles: ['approver', 'department_lead'] },
  conclude: { zh: '送达并办结', en: 'Deliver and conclude', roles: ['window_clerk', 'approver'] },
  withdraw: { zh: '撤回本人申请', en: 'Withdraw one’s own application', roles: ['applicant'] },
  deem_accept: {
    zh: '视为受理（系统：逾期未作受理决定，行政许可法第三十二条）',
    en: 'Deem accepted (the system: no acceptance decision within the limit, Administrative Licensing Law art. 32)',
    roles: [],
  },
  record_visit: {
    zh: '登记申请人到场（窗口，用于核对“最多跑一次”）',
    en: 'Record an applicant’s in-person visit (window; measures the “at most one visit” promise)',
    roles: ['window_clerk', 'department_lead'],
  },
  complain: {
    zh: '对本人办件提出投诉（转12345热线办理）',
    en: 'Complain about one’s own case (handled through the 12345 hotline)',
    roles: ['applicant'],
  },
  handle_immediately: {
    zh: '即办件当场办结（窗口）',
    en: 'Handle an immediate item on the spot (window)',
    roles: ['window_clerk'],
  },
  verify_commitment: {
    zh: '告知承诺事后核查（核查属实或认定虚假承诺并撤销许可）',
    en: 'Check a commitment after the grant (verified, or false: the grant revoked)',
    roles: ['inspector', 'reviewer', 'department_lead'],
  },
  special_procedure: {
    zh: '启动、结束特别程序（听证、专家评审、现场勘验等，暂停计时）',
    en: 'Start and end special procedures (hearing, expert review, inspection, …; the clock pauses)',
    roles: ['reviewer', 'department_lead'],
  },
  auto_decide: {
    zh: '依规则办理（系统：备案办结、告知承诺当场审批、标记异常）',
    en: 'Act by rule (the system: recording a filing, granting on a commitment, raising flags)',
    roles: [],
  },
  supervise: {
    zh: '电子监察：查看办件统计、亮灯与异常标记（管辖范围内）',
    en: 'E-supervision: case statistics, lights and irregularity flags (in one’s jurisdiction)',
    roles: ['department_lead', 'supervisor', 'discipline_inspector'],
  },
  handle_step: {
    zh: '认领并办理本人角色的审查环节（提出意见）',
    en: 'Claim and complete a review step of one’s own role (with an opinion)',
    roles: ['reviewer', 'approver', 'department_lead', 'inspector'],
  },
  assign_step: {
    zh: '指派审查环节的承办人',
    en: 'Assign a review step to a staff member',
    roles: ['department_lead'],
  },
  recuse: {
    zh: '回避（系统：承办人申报与申请人存在利益关系）',
    en: 'Recuse (the system: the staff member declared a relation to the applicant)',
    roles: [],
  },
  forward: {
    zh: '通办收件并转交有权机关（代收代办）',
    en: 'Take an application for another region’s body and forward it (handle-anywhere)',
    roles: ['window_clerk', 'department_lead'],
  },
  start_member: {
    zh: '启动或终止一件事中的后续事项（系统：前置事项办结后）',
    en: 'Start or stop a bundle member once its prerequisites end (the system)',
    roles: [],
  },
});
