/** The elements that differ between two implementations or versions (GET /api/v1/catalog/diff). */
import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import type { Diff, DiffChange } from '../api.ts';
import { label } from './labels.ts';

/** A value as short readable text: strings as they are, lists and objects as compact JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, null, 1);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** For a changed record (a material, a step), only the fields that differ; otherwise the values as they are. */
function shown(c: DiffChange): { a: unknown; b: unknown } {
  if (c.change !== 'changed' || !isObject(c.a) || !isObject(c.b)) return { a: c.a, b: c.b };
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(c.a), ...Object.keys(c.b)])) {
    if (JSON.stringify(c.a[k]) !== JSON.stringify(c.b[k])) {
      a[k] = c.a[k];
      b[k] = c.b[k];
    }
  }
  return Object.keys(a).length ? { a, b } : { a: c.a, b: c.b };
}

const CHANGE_CLASS: Record<DiffChange['change'], string> = {
  added: 'ow-tag-diff-added',
  removed: 'ow-tag-diff-removed',
  changed: 'ow-tag-diff-changed',
};

export function DiffTable({ diff, aLabel, bLabel }: { diff: Diff; aLabel: string; bLabel: string }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<DiffChange> = [
    {
      title: t('catalog.diff.element'),
      key: 'element',
      render: (_, r) => (
        <span>
          {label(lang, 'element', r.element)}
          {r.key && <span className="ow-mono"> · {r.key}</span>}
        </span>
      ),
    },
    {
      title: t('catalog.diff.change'),
      dataIndex: 'change',
      key: 'change',
      render: (c: DiffChange['change']) => (
        <Tag className={`ow-tag ${CHANGE_CLASS[c]}`}>{label(lang, 'change', c)}</Tag>
      ),
    },
    { title: aLabel, key: 'a', render: (_, r) => <pre className="ow-diff-value">{valueText(shown(r).a)}</pre> },
    { title: bLabel, key: 'b', render: (_, r) => <pre className="ow-diff-value">{valueText(shown(r).b)}</pre> },
  ];
  if (diff.changes.length === 0) {
    return <Typography.Paragraph data-testid="diff-empty">{t('catalog.diff.none')}</Typography.Paragraph>;
  }
  return (
    <Table<DiffChange>
      rowKey={(r) => `${r.element}:${r.key ?? ''}`}
      columns={columns}
      dataSource={diff.changes}
      pagination={false}
      size="small"
      data-testid="diff-table"
    />
  );
}
