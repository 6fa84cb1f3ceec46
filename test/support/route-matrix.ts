/**
 * The route × role matrix, per module: `src/modules/<m>/route-matrix.md` for a module's routes and
 * `docs/route-matrix.md` for the kernel's. `observeMatrix` calls every route of a running app as a demo account of
 * each role and records what the server does; the test holds the files to it, and `npm run route-matrix` writes
 * the files from it for a person to review cell by cell (a new route is one reviewed diff).
 *
 * A cell is `A` (allowed) or `D` (denied). A denial is the permission check's answer: 401 UNAUTHENTICATED or 403
 * FORBIDDEN; other 403s (a jurisdiction or department rule) come from a caller the route admitted, and so count as
 * allowed. A 5xx is neither: it is reported as an error, whatever the cell says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROLES, ROLE_LABELS } from '../../src/kernel/auth/roles.ts';
import type { PermissionTable } from '../../src/kernel/auth/permissions.ts';
import type { TestApp } from '../../src/server/testing.ts';
import type { DemoAccount } from '../../src/modules/module.ts';

export const COLUMNS = ['anonymous', ...ROLES] as const;
export type Cell = 'A' | 'D';

export interface MatrixRow {
  method: string;
  path: string;
  permission: string;
  cells: Record<string, Cell>;
}

export interface Observation {
  rows: Map<string, MatrixRow[]>; // by owner
  errors: string[];
}

/** The matrix file of an owner: the kernel's in docs/, a module's in its own folder. */
export function matrixFile(owner: string, root = process.cwd()): string {
  return owner === 'kernel'
    ? path.join(root, 'docs', 'route-matrix.md')
    : path.join(root, 'src', 'modules', owner, 'route-matrix.md');
}

const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_m, name) =>
    name === 'code' ? '410000' : name === 'uscc' ? '91440101MA5CJQ4N59' : 'x-not-an-id',
  );

function isDenial(r: { statusCode: number; body: string }): boolean {
  if (r.statusCode !== 401 && r.statusCode !== 403) return false;
  const code = (JSON.parse(r.body) as { error?: { code?: string } }).error?.code;
  return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
}

/** Calls every route as every role; the logout route last, since it revokes the token. */
export async function observeMatrix(t: TestApp, demoAccounts: readonly DemoAccount[]): Promise<Observation> {
  const headers: Record<string, Record<string, string>> = { anonymous: {} };
  for (const role of ROLES) {
    const account = demoAccounts.find((a) => a.roles.length === 1 && a.roles[0] === role);
    if (!account) throw new Error(`no demo account with the single role ${role}`);
    headers[role] = await t.login(account.username);
  }
  const routes = t.app.routeTable.filter((r) => !r.url.startsWith('/docs'));
  const ordered = [
    ...routes.filter((r) => !(r.method === 'DELETE' && r.url === '/api/v1/session')),
    ...routes.filter((r) => r.method === 'DELETE' && r.url === '/api/v1/session'),
  ];
  const rows = new Map<string, MatrixRow[]>();
  const errors: string[] = [];
  for (const r of ordered) {
    const cells: Record<string, Cell> = {};
    for (const role of COLUMNS) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers: headers[role],
        payload: ['POST', 'PATCH', 'PUT'].includes(r.method) ? {} : undefined,
      });
      if (res.statusCode >= 500)
        errors.push(`${r.method} ${r.url} as ${role}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      cells[role] = isDenial(res) ? 'D' : 'A';
    }
    const list = rows.get(r.owner) ?? [];
    list.push({ method: r.method, path: r.url, permission: r.permission, cells });
    rows.set(r.owner, list);
  }
  return { rows, errors };
}

const HEADER_ZH = (owner: string) =>
  `中文说明：本表逐条列出${owner === 'kernel' ? '内核与系统' : `模块 \`${owner}\` 的`}接口对每种角色是否允许（A = 允许，D = 拒绝），由人逐格审核。` +
  '`npm run route-matrix` 按运行中的服务重写本表，测试 `test/route-matrix.test.ts` 逐格核对；缺少一行或多出一行均使测试失败。';

/** The whole markdown file for an owner: explanation, the permissions it declares, then the matrix. */
export function renderMatrix(owner: string, rows: readonly MatrixRow[], permissions: PermissionTable): string {
  const lines: string[] = [];
  lines.push(`# Route × role matrix · 接口权限矩阵 — ${owner}`, '', HEADER_ZH(owner), '');
  lines.push(
    'Written by `npm run route-matrix` from the running app and reviewed by a person, cell by cell. `A` = allowed,',
    '`D` = denied (401 for anonymous, 403 for a logged-in role). The test `test/route-matrix.test.ts` logs in as a demo',
    'account of each role, calls every route and checks each cell; a route without a row fails, and so does a row whose',
    'route no longer exists; a 5xx fails whatever the cell says. "Allowed" is the permission only: jurisdiction (region',
    'subtree, department) is checked per record, and a record outside it answers exactly as an absent one.',
    '',
  );
  const prefixes = owner === 'kernel' ? ['session', 'calendar', 'audit', 'accounts', 'events'] : [owner];
  const declared = permissions.all.filter((p) => prefixes.includes(p.module));
  if (declared.length) {
    lines.push(
      '## Permissions declared here',
      '',
      '| permission | 中文 | English | held by default by |',
      '| --- | --- | --- | --- |',
    );
    for (const p of declared)
      lines.push(`| \`${p.name}\` | ${p.zh} | ${p.en} | ${p.roles.map((r) => ROLE_LABELS[r].en).join(', ')} |`);
    lines.push('');
  }
  lines.push(
    '## Routes',
    '',
    `| method | path | permission | ${COLUMNS.join(' | ')} |`,
    `| --- | --- | --- | ${COLUMNS.map(() => '---').join(' | ')} |`,
  );
  for (const r of rows)
    lines.push(`| ${r.method} | ${r.path} | ${r.permission} | ${COLUMNS.map((c) => r.cells[c]).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

/** The matrix rows of a file, keyed `METHOD path`. */
export function readMatrix(file: string): { columns: string[]; rows: Map<string, MatrixRow> } {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const table = text.slice(text.indexOf('## Routes'));
  const lines = table.split('\n').filter((l) => l.startsWith('| '));
  const rows = new Map<string, MatrixRow>();
  if (!lines.length) return { columns: [], rows };
  const header = lines[0]
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  const columns = header.slice(3);
  for (const line of lines.slice(1)) {
    const cells = line
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
    if (cells[0] === '---') continue;
    const key = `${cells[0]} ${cells[1]}`;
    if (rows.has(key)) throw new Error(`${file}: duplicate row ${key}`);
    rows.set(key, {
      method: cells[0],
      path: cells[1],
      permission: cells[2],
      cells: Object.fromEntries(columns.map((c, i) => [c, cells[i + 3] as Cell])),
    });
  }
  return { columns, rows };
}
