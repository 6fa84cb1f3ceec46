/**
 * 导入与导出: upload a CSV/XLSX (dry run first: every error with its row and column; a real import takes all rows
 * or none), download the empty template, export the implementations in the same layout.
 */
import { useId, useState } from 'react';
import { Alert, Button, Descriptions, Radio, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { IMPLEMENTATION_STATUSES, catalogPermissions, type ImplementationStatus } from '../api.ts';
import { download, formatOf, importFile, type ImportReport, type ImportRowError } from '../api-files.ts';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { elementPath } from '../components/labels.ts';
import '../components/catalog.css';
import { useSignedIn } from '../../../shell/session.tsx';

type Row = ImportReport['results'][number];

function ReportView({ report }: { report: ImportReport }) {
  const { t, lang } = useI18n();
  const errorColumns: TableColumnsType<ImportRowError> = [
    { title: t('import.row'), dataIndex: 'row', key: 'row', align: 'right', width: 80 },
    {
      title: t('import.column'),
      dataIndex: 'column',
      key: 'column',
      // The spreadsheet's own column header, then the element in words (never a JSON path or an error code).
      render: (c: string | null, e) =>
        [c ?? '—', e.path ? elementPath(lang, e.path) : null].filter(Boolean).join(' · '),
    },
    { title: t('import.message'), key: 'message', render: (_, e) => (lang === 'zh-CN' ? e.message.zh : e.message.en) },
  ];
  const outcome = (o: string | null) => (o ? t(`import.outcome.${o}` as MsgKey) : '—');
  const resultColumns: TableColumnsType<Row> = [
    { title: t('import.row'), dataIndex: 'row', key: 'row', align: 'right', width: 80 },
    {
      title: t('catalog.report.basicCode'),
      key: 'basicCode',
      render: (_, r) => <span className="ow-mono">{`${r.basicCode}-${r.businessItem}`}</span>,
    },
    { title: t('import.item'), dataIndex: 'item', key: 'item', render: outcome },
    {
      title: t('catalog.list.code'),
      dataIndex: 'implementationCode',
      key: 'code',
      render: (c: string | null) => <span className="ow-mono">{c ?? '—'}</span>,
    },
    { title: t('import.implementation'), dataIndex: 'implementation', key: 'implementation', render: outcome },
  ];
  const c = report.counts;
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="import-report"
      data-valid={report.valid ? 'true' : 'false'}
    >
      {report.valid ? (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined aria-hidden />}
          title={report.dryRun ? t('import.validDryRun', { n: report.rows }) : t('import.imported', { n: report.rows })}
          data-testid="import-ok"
        />
      ) : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t(report.dryRun ? 'import.invalidDryRun' : 'import.invalid', {
            n: report.errors.length,
            rows: report.rows,
          })}
          data-testid="import-invalid"
        />
      )}
      {report.valid && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
          <Descriptions.Item label={t('import.itemsCreated')}>{c.itemsCreated}</Descriptions.Item>
          <Descriptions.Item label={t('import.itemsUpdated')}>{c.itemsUpdated}</Descriptions.Item>
          <Descriptions.Item label={t('import.implementationsCreated')}>{c.implementationsCreated}</Descriptions.Item>
          <Descriptions.Item label={t('import.implementationsUpdated')}>{c.implementationsUpdated}</Descriptions.Item>
          <Descriptions.Item label={t('import.unchanged')}>{c.unchanged}</Descriptions.Item>
        </Descriptions>
      )}
      {report.errors.length > 0 && (
        <>
          <Typography.Title level={3} className="ow-h3">
            {t('import.errors')}
          </Typography.Title>
          <Table<ImportRowError>
            rowKey={(e) => `${e.row}:${e.column ?? ''}:${e.code}:${e.path ?? ''}`}
            columns={errorColumns}
            dataSource={report.errors}
            pagination={report.errors.length > 50 ? { pageSize: 50 } : false}
            size="small"
            data-testid="import-errors"
          />
        </>
      )}
      {report.results.length > 0 && (
        <>
          <Typography.Title level={3} className="ow-h3">
            {t('import.results')}
          </Typography.Title>
          <Table<Row>
            rowKey="row"
            columns={resultColumns}
            dataSource={report.results}
            pagination={report.results.length > 50 ? { pageSize: 50 } : false}
            size="small"
            data-testid="import-results"
          />
        </>
      )}
    </Space>
  );
}

export function CatalogImportPage() {
  const { permissions } = useSignedIn();
  const i18n = useI18n();
  const { t } = i18n;
  const perms = catalogPermissions(permissions);
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'dry' | 'real' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [checked, setChecked] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [templateFormat, setTemplateFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [exportFormat, setExportFormat] = useState<'xlsx' | 'csv' | 'json'>('xlsx');
  const [exportRegion, setExportRegion] = useState<string | null>(null);
  const [exportStatus, setExportStatus] = useState<ImplementationStatus | 'all'>('all');
  const [downloading, setDownloading] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'dry' : 'real');
    setError(null);
    setReport(null);
    try {
      const r = await importFile(file, dryRun);
      setReport(r);
      setChecked(dryRun && r.valid ? file : null);
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(null);
    }
  };

  const get = async (key: string, url: string, name: string) => {
    setDownloading(key);
    setError(null);
    try {
      await download(url, name);
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setDownloading(null);
    }
  };

  const exportUrl = () => {
    const p = new URLSearchParams({ format: exportFormat });
    if (exportRegion) p.set('region', exportRegion);
    if (exportStatus !== 'all') p.set('status', exportStatus);
    return `/api/v1/catalog/export?${p}`;
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="import-page">
      <Typography.Title level={1} data-testid="page-title">
        {t('import.heading')}
      </Typography.Title>
      {error && <Alert type="error" showIcon role="alert" title={error} data-testid="import-error" />}

      {perms.edit && (
        <section aria-labelledby="ow-import-heading">
          <Typography.Title level={2} id="ow-import-heading" className="ow-h3">
            {t('import.importHeading')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
          <Space wrap align="end" size="middle">
            <div>
              <label htmlFor={fileId} className="ow-field-label">
                {t('import.file')}
              </label>
              <input
                id={fileId}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                className="ow-file-input"
                data-testid="import-file"
                onChange={(e) => {
                  const f = e.target.files?.[0] ?? null;
                  setFile(f);
                  setReport(null);
                  setChecked(null);
                  setError(f && !formatOf(f) ? t('import.badType') : null);
                }}
              />
            </div>
            <Button
              icon={<CheckCircleOutlined aria-hidden />}
              disabled={!file || !formatOf(file)}
              loading={busy === 'dry'}
              onClick={() => void run(true)}
              data-testid="import-dry-run"
            >
              {t('import.dryRun')}
            </Button>
            <Button
              type="primary"
              icon={<CloudUploadOutlined aria-hidden />}
              disabled={!file || checked !== file}
              loading={busy === 'real'}
              onClick={() => void run(false)}
              data-testid="import-run"
            >
              {t('import.run')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('import.runHint')}
          </Typography.Paragraph>
          {report && <ReportView report={report} />}
        </section>
      )}

      <section aria-labelledby="ow-template-heading">
        <Typography.Title level={2} id="ow-template-heading" className="ow-h3">
          {t('import.templateHeading')}
        </Typography.Title>
        <Space wrap align="center">
          <Radio.Group
            aria-label={t('import.format')}
            optionType="button"
            value={templateFormat}
            onChange={(e) => setTemplateFormat(e.target.value as 'xlsx' | 'csv')}
            options={[
              { value: 'xlsx', label: 'XLSX' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={downloading === 'template'}
            onClick={() =>
              void get(
                'template',
                `/api/v1/catalog/import/template?format=${templateFormat}`,
                `template.${templateFormat}`,
              )
            }
            data-testid="import-template"
          >
            {t('import.template')}
          </Button>
        </Space>
      </section>

      <section aria-labelledby="ow-export-heading">
        <Typography.Title level={2} id="ow-export-heading" className="ow-h3">
          {t('import.exportHeading')}
        </Typography.Title>
        <Space wrap align="end" size="middle">
          <div>
            <span className="ow-field-label" id="ow-export-format">
              {t('import.format')}
            </span>
            <Radio.Group
              aria-labelledby="ow-export-format"
              optionType="button"
              value={exportFormat}
              onChange={(e) => setExportFormat(e.target.value as 'xlsx' | 'csv' | 'json')}
              options={[
                { value: 'xlsx', label: 'XLSX' },
                { value: 'csv', label: 'CSV' },
                { value: 'json', label: 'JSON' },
              ]}
            />
          </div>
          <div>
            <label htmlFor="ow-export-region" className="ow-field-label">
              {t('catalog.list.region')}
            </label>
            <RegionCascader
              id="ow-export-region"
              value={exportRegion}
              onChange={setExportRegion}
              style={{ minWidth: 220 }}
            />
          </div>
          <div>
            <label htmlFor="ow-export-status" className="ow-field-label">
              {t('catalog.list.status')}
            </label>
            <Select
              id="ow-export-status"
              value={exportStatus}
              onChange={(v: ImplementationStatus | 'all') => setExportStatus(v)}
              options={[
                { value: 'all', label: t('catalog.list.all') },
                ...IMPLEMENTATION_STATUSES.map((s) => ({ value: s, label: t(`catalog.status.${s}`) })),
              ]}
              style={{ minWidth: 140 }}
            />
          </div>
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={downloading === 'export'}
            onClick={() => void get('export', exportUrl(), `catalog.${exportFormat}`)}
            data-testid="export-run"
          >
            {t('import.export')}
          </Button>
        </Space>
      </section>
    </Space>
  );
}
