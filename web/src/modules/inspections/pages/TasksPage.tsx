import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { InspectionsApi, type Task } from '../api.ts';
import { statusKey } from './labels.ts';

const CLASSES = ['A', 'B', 'C', 'D'] as const;
const DEFAULTS = { A: 300, B: 500, C: 3000, D: 7000 };

/** The department's tasks, and the editor that shows the expected sample size per class before anything is drawn. */
export function TasksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const tasks = useLoad(['inspections.tasks'], (s) => InspectionsApi.tasks(s));
  const items = useLoad(['inspections.items'], (s) => InspectionsApi.items(s));
  const [form] = Form.useForm();
  const [region, setRegion] = useState('410100');
  const [ratios, setRatios] = useState<Record<(typeof CLASSES)[number], number>>(DEFAULTS);
  const [error, setError] = useState<unknown>(null);
  const preview = useLoad(
    ['inspections.preview', region, ratios],
    /^\d{6}$/.test(region) ? (s) => InspectionsApi.preview({ filter: { region }, ratios }, s) : null,
  );

  const submit = async (v: { title: string; itemIds: string[]; departments?: string; window: [Dayjs, Dayjs] }) => {
    setError(null);
    try {
      const departments = (v.departments ?? '').split(/[,，\s]+/).filter(Boolean);
      await InspectionsApi.createTask({
        title: v.title,
        itemIds: v.itemIds,
        ...(departments.length ? { departments } : {}),
        filter: { region },
        ratios,
        windowStart: v.window[0].format('YYYY-MM-DD'),
        windowEnd: v.window[1].format('YYYY-MM-DD'),
      });
      form.resetFields();
      tasks.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('inspections.heading')}
      </Typography.Title>
      {tasks.error ? <Alert type="error" showIcon title={errorText(tasks.error, i18n)} /> : null}
      <Table<Task>
        rowKey="id"
        dataSource={tasks.data?.items ?? []}
        loading={tasks.loading}
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('inspections.tableCaption')}
        locale={{ emptyText: t('inspections.empty') }}
        columns={[
          {
            title: t('inspections.title'),
            dataIndex: 'title',
            render: (v: string, r) => <AppLink to={`/inspections/tasks/${r.id}`}>{v}</AppLink>,
          },
          {
            title: t('inspections.status'),
            dataIndex: 'status',
            render: (s: Task['status']) => <Tag>{t(statusKey(s))}</Tag>,
          },
          { title: t('inspections.window'), key: 'w', render: (_: unknown, r) => `${r.windowStart} ~ ${r.windowEnd}` },
        ]}
      />
      <Card title={t('inspections.new')}>
        {error ? <Alert type="error" showIcon title={errorText(error, i18n)} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="title" label={t('inspections.title')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="itemIds" label={t('inspections.items')} rules={[{ required: true }]}>
            <Select mode="multiple" options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
          <Form.Item name="departments" label={t('inspections.departments')}>
            <Input />
          </Form.Item>
          <Form.Item label={t('inspections.region')} htmlFor="ow-task-region">
            <Input
              id="ow-task-region"
              value={region}
              onChange={(e) => setRegion(e.target.value.trim())}
              maxLength={6}
              inputMode="numeric"
            />
          </Form.Item>
          <Space wrap>
            {CLASSES.map((c) => (
              <Form.Item key={c} label={t('inspections.ratio', { c })} htmlFor={`ow-task-ratio-${c}`}>
                <InputNumber
                  id={`ow-task-ratio-${c}`}
                  min={0}
                  max={10000}
                  value={ratios[c]}
                  onChange={(v) => setRatios({ ...ratios, [c]: Number(v ?? 0) })}
                />
              </Form.Item>
            ))}
          </Space>
          <Table
            rowKey="stratum"
            size="small"
            pagination={false}
            caption={t('inspections.expected')}
            dataSource={preview.data?.items ?? []}
            loading={preview.loading}
            columns={[
              { title: t('inspections.class'), dataIndex: 'stratum' },
              { title: t('inspections.population'), dataIndex: 'population' },
              {
                title: t('inspections.sample'),
                dataIndex: 'sample',
                render: (v: number) => <strong data-testid="expected-sample">{v}</strong>,
              },
            ]}
          />
          <Form.Item
            name="window"
            label={t('inspections.window')}
            rules={[{ required: true }]}
            style={{ marginTop: 16 }}
          >
            <DatePicker.RangePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('inspections.create')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
