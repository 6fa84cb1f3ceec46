/** 免提交率 on the e-supervision page: the share of materials given by an e-certificate instead of an upload. */
import { Alert, Card, Table, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { CasesApi, type PaperlessView, type SupervisionFilter } from '../api.ts';

type Row = PaperlessView['byItem'][number];
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

export function Paperless({ filter }: { filter: SupervisionFilter }) {
  const i18n = useI18n();
  const { t } = i18n;
  const view = useLoad(['cases.paperless', filter], (signal) => CasesApi.paperless(filter, signal));
  const v = view.data;
  const columns: TableColumnsType<Row> = [
    { title: t('cases.paperless.item'), key: 'item', render: (_, r) => r.item.name },
    { title: t('cases.department'), key: 'department', render: (_, r) => r.department.name },
    { title: t('cases.paperless.materials'), key: 'materials', render: (_, r) => r.stats.materials },
    { title: t('cases.paperless.sourced'), key: 'sourced', render: (_, r) => r.stats.sourced },
    { title: t('cases.paperless.rate'), key: 'rate', render: (_, r) => percent(r.stats.rate) },
    {
      title: t('cases.paperless.casesWithoutPaper'),
      key: 'noPaper',
      render: (_, r) => `${r.stats.casesWithoutPaper} / ${r.stats.cases}`,
    },
  ];
  return (
    <Card size="small" title={t('cases.paperless')} data-testid="sup-paperless">
      {!!view.error && <Alert type="error" showIcon title={errorText(view.error, i18n)} />}
      {v && (
        <Typography.Paragraph data-testid="sup-paperless-total">
          {t('cases.paperless.total', {
            rate: percent(v.totals.rate),
            sourced: v.totals.sourced,
            materials: v.totals.materials,
            noPaper: v.totals.casesWithoutPaper,
            cases: v.totals.cases,
          })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        rowKey={(r) => `${r.item.id}|${r.department.code}`}
        size="small"
        columns={columns}
        dataSource={v?.byItem ?? []}
        loading={view.loading}
        locale={{ emptyText: t('cases.paperless.none') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        aria-label={t('cases.paperless')}
      />
    </Card>
  );
}
