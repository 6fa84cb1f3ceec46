/**
 * 时限设置: the limits a region applies (acceptance limit, yellow-light threshold, rectification days …), declared by
 * the modules and stored by the kernel per region. An administrator sees for each whether it is set here, inherited
 * from a higher region or the default, changes it within its bounds, or returns it to inheriting.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, InputNumber, Space, Table, Tag, Typography, message, type TableColumnsType } from 'antd';
import { useLoad } from '../../../api/use-load.ts';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { RegionCascader, PLATFORM_PROVINCE } from '../../../components/RegionCascader.tsx';
import { LimitsApi, type RegionLimit } from '../api.ts';

export function LimitsEditor() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [region, setRegion] = useState<string>(PLATFORM_PROVINCE);
  const limits = useLoad(['calendar.limits', region], (signal) => LimitsApi.get(region, signal));
  const [draft, setDraft] = useState<Record<string, number | null>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft({}), [region, limits.data]);

  const save = async (changes: Record<string, number | null>) => {
    setSaving(true);
    setError(null);
    try {
      await LimitsApi.put(region, changes);
      message.success(t('reference.limits.saved'));
      limits.reload();
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setSaving(false);
    }
  };

  const source = (l: RegionLimit) =>
    l.configuredAt === null ? (
      <Tag>{t('reference.limits.fromDefault')}</Tag>
    ) : l.configuredAt === region ? (
      <Tag color="blue">{t('reference.limits.here')}</Tag>
    ) : (
      <Tag color="geekblue">{t('reference.limits.inherited')}</Tag>
    );

  const columns: TableColumnsType<RegionLimit> = [
    { title: t('reference.limits.name'), key: 'name', render: (_, l) => (lang === 'zh-CN' ? l.label.zh : l.label.en) },
    {
      title: t('reference.limits.value'),
      key: 'value',
      render: (_, l) => (
        <InputNumber
          min={l.min}
          max={l.max}
          precision={0}
          value={draft[l.name] ?? l.value}
          onChange={(v) => setDraft((d) => ({ ...d, [l.name]: typeof v === 'number' ? v : null }))}
          aria-label={lang === 'zh-CN' ? l.label.zh : l.label.en}
          data-testid={`limit-${l.name}`}
        />
      ),
    },
    { title: t('reference.limits.source'), key: 'source', render: (_, l) => source(l) },
    {
      title: t('reference.limits.range'),
      key: 'range',
      render: (_, l) => t('reference.limits.rangeText', { min: l.min, max: l.max, d: l.default }),
    },
    {
      title: t('reference.limits.actions'),
      key: 'actions',
      render: (_, l) =>
        l.configuredAt === region ? (
          <Button size="small" onClick={() => void save({ [l.name]: null })} data-testid={`limit-inherit-${l.name}`}>
            {t('reference.limits.inherit')}
          </Button>
        ) : null,
    },
  ];
  const changed = Object.fromEntries(
    Object.entries(draft).filter(
      ([name, v]) => v !== null && v !== limits.data?.limits.find((l) => l.name === name)?.value,
    ),
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="limits-editor">
      <Typography.Title level={2}>{t('reference.limits.heading')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reference.limits.intro')}</Typography.Paragraph>
      <Space wrap align="center">
        <label htmlFor="ow-limits-region">{t('reference.limits.region')}</label>
        <RegionCascader
          id="ow-limits-region"
          value={region}
          onChange={(code) => setRegion(code ?? PLATFORM_PROVINCE)}
          allowClear={false}
          testId="limits-region"
          style={{ minWidth: 240 }}
        />
      </Space>
      {(error !== null || limits.error != null) && (
        <Alert type="error" showIcon role="alert" title={error ?? errorText(limits.error, i18n)} />
      )}
      <Table<RegionLimit>
        rowKey="name"
        columns={columns}
        dataSource={limits.data?.limits ?? []}
        loading={limits.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="limits-table"
      />
      <Button
        type="primary"
        disabled={Object.keys(changed).length === 0}
        loading={saving}
        onClick={() => void save(changed)}
        data-testid="limits-save"
      >
        {t('reference.limits.save')}
      </Button>
    </Space>
  );
}
