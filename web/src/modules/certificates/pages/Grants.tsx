/**
 * The wallet's grants (用证授权): the form that grants a department, or the department handling one of the holder's
 * cases, the use of a certificate; the holder's grants with revoke; and the usage log (who used which certificate,
 * when, for which case and purpose).
 */
import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Popconfirm, Radio, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Certificate, type Grant, type GrantUse } from '../api.ts';

const when = (iso: string, lang: string) => new Date(iso).toLocaleString(lang, { hour12: false });
const day = (iso: string, lang: string) => new Date(iso).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai' });

interface FormValues {
  kind: 'department' | 'case';
  department?: string;
  caseId?: string;
  purpose: string;
  validUntil: Dayjs;
}

/** The grant form for one certificate, in a modal. */
export function GrantModal({ certificate, onClose }: { certificate: Certificate | null; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'department';
  const open = certificate !== null;
  const departments = useQuery({
    queryKey: ['certificates.grant.departments'],
    queryFn: ({ signal }) => CertificatesApi.departments(signal),
    enabled: open,
  });
  const cases = useQuery({
    queryKey: ['certificates.grant.cases'],
    queryFn: ({ signal }) => CertificatesApi.myCases(signal),
    enabled: open,
  });
  const submit = async (v: FormValues) => {
    if (!certificate) return;
    setBusy(true);
    setError(null);
    try {
      await CertificatesApi.grant(certificate.id, {
        ...(v.kind === 'department' ? { department: v.department } : { caseId: v.caseId }),
        purpose: v.purpose,
        validUntil: v.validUntil.format('YYYY-MM-DD'),
      });
      await queryClient.invalidateQueries({ queryKey: ['certificates.grants'] });
      form.resetFields();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const deptOptions = [
    ...new Map(
      (departments.data?.items ?? []).map((d) => [
        d.departmentCode,
        { value: d.departmentCode, label: `${d.departmentName}（${d.regionName}）` },
      ]),
    ).values(),
  ];
  const caseOptions = (cases.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.number} · ${c.item.name} · ${c.department.name}`,
  }));
  return (
    <Modal
      open={open}
      title={t('certificates.grants.new', { name: certificate?.type.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('certificates.grants.submit')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('certificates.grants.explain')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'department' }}>
        <Form.Item name="kind" label={t('certificates.grants.to')}>
          <Radio.Group data-testid="grant-kind">
            <Radio value="department">{t('certificates.grants.toDepartment')}</Radio>
            <Radio value="case">{t('certificates.grants.toCase')}</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'department' ? (
          <Form.Item name="department" label={t('certificates.grants.department')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={deptOptions}
              loading={departments.isFetching}
              data-testid="grant-department"
            />
          </Form.Item>
        ) : (
          <Form.Item name="caseId" label={t('certificates.grants.case')} rules={[{ required: true }]}>
            <Select options={caseOptions} loading={cases.isFetching} data-testid="grant-case" />
          </Form.Item>
        )}
        <Form.Item
          name="purpose"
          label={t('certificates.grants.purpose')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} data-testid="grant-purpose" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('certificates.grants.validUntil')} rules={[{ required: true }]}>
          <DatePicker data-testid="grant-until" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The holder's grants (with revoke) and the usage log. */
export function GrantsPanel() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const grants = useQuery({
    queryKey: ['certificates.grants', 'list'],
    queryFn: ({ signal }) => CertificatesApi.grants(signal),
  });
  const uses = useQuery({
    queryKey: ['certificates.grants', 'uses'],
    queryFn: ({ signal }) => CertificatesApi.uses(signal),
  });
  const revoke = async (g: Grant) => {
    setError(null);
    try {
      await CertificatesApi.revokeGrant(g.id, g.version);
      await queryClient.invalidateQueries({ queryKey: ['certificates.grants'] });
    } catch (e) {
      setError(e);
    }
  };
  const grantee = (g: { grantee: Grant['grantee'] }) =>
    g.grantee.caseNumber
      ? `${g.grantee.department.name} · ${t('certificates.grants.caseNo', { number: g.grantee.caseNumber })}`
      : g.grantee.department.name;
  const state = (g: Grant) =>
    g.status === 'revoked' ? (
      <Tag>{t('certificates.grants.revoked')}</Tag>
    ) : g.inForce ? (
      <Tag color="success">{t('certificates.grants.active')}</Tag>
    ) : (
      <Tag color="warning">{t('certificates.grants.lapsed')}</Tag>
    );
  return (
    <>
      <Typography.Title level={2}>{t('certificates.grants.heading')}</Typography.Title>
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      {grants.error && <Alert type="error" showIcon title={errorText(grants.error, i18n)} />}
      <Table<Grant>
        rowKey="id"
        data-testid="grants-table"
        dataSource={grants.data ?? []}
        loading={grants.isFetching}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('certificates.grants.empty') }}
        aria-label={t('certificates.grants.heading')}
        columns={[
          { title: t('certificates.type'), key: 'type', render: (_, g) => g.certificate.typeName },
          { title: t('certificates.grants.to'), key: 'to', render: (_, g) => grantee(g) },
          { title: t('certificates.grants.purpose'), dataIndex: 'purpose', key: 'purpose' },
          { title: t('certificates.grants.validUntil'), key: 'until', render: (_, g) => day(g.validUntil, lang) },
          { title: t('certificates.status'), key: 'status', render: (_, g) => state(g) },
          {
            title: t('certificates.actions'),
            key: 'actions',
            render: (_, g) =>
              g.status === 'active' && (
                <Popconfirm title={t('certificates.grants.revokeConfirm')} onConfirm={() => void revoke(g)}>
                  <Button size="small" danger data-testid="grant-revoke">
                    {t('certificates.grants.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Typography.Title level={2}>{t('certificates.uses.heading')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('certificates.uses.explain')}</Typography.Paragraph>
      {uses.error && <Alert type="error" showIcon title={errorText(uses.error, i18n)} />}
      <Table<GrantUse>
        rowKey="id"
        data-testid="uses-table"
        dataSource={uses.data ?? []}
        loading={uses.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: t('certificates.uses.empty') }}
        aria-label={t('certificates.uses.heading')}
        columns={[
          { title: t('certificates.uses.at'), key: 'at', render: (_, u) => when(u.at, lang) },
          { title: t('certificates.type'), key: 'type', render: (_, u) => u.certificate.typeName },
          {
            title: t('certificates.uses.by'),
            key: 'by',
            render: (_, u) => `${u.user.name} · ${u.user.department.name}`,
          },
          {
            title: t('certificates.grants.case'),
            key: 'case',
            render: (_, u) => u.caseNumber ?? t('certificates.uses.noCase'),
          },
          { title: t('certificates.grants.purpose'), dataIndex: 'purpose', key: 'purpose' },
          {
            title: t('certificates.uses.result'),
            key: 'valid',
            render: (_, u) =>
              u.valid ? (
                <Tag color="success">{t('certificates.verify.valid')}</Tag>
              ) : (
                <Tag color="error">{t('certificates.verify.invalid')}</Tag>
              ),
          },
        ]}
      />
    </>
  );
}
