/**
 * Certificate administration: the certificate types (and catalog codes no type defines), a department's issuer keys
 * with rotation (a new key retires the previous one of its algorithm, which keeps verifying), and the trust list —
 * this platform's to download, another province's to import (证照互认).
 */
import { useState } from 'react';
import { Alert, Button, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type CertificateType, type IssuerKey } from '../api.ts';
import { saveBlob } from './parts.tsx';

function TypesTab() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const types = useQuery({ queryKey: ['certificates.types'], queryFn: ({ signal }) => CertificatesApi.types(signal) });
  const undefinedCodes = useQuery({
    queryKey: ['certificates.types.undefined'],
    queryFn: ({ signal }) => CertificatesApi.undefinedCodes(signal),
  });
  const validity = (v: CertificateType['validity']) =>
    v.kind === 'long_term'
      ? t('certificates.longTerm')
      : `${v.value} ${t(`certificates.admin.unit.${v.unit ?? 'year'}`)}`;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {types.error && <Alert type="error" showIcon title={errorText(types.error, i18n)} />}
      <Table<CertificateType>
        rowKey="code"
        dataSource={types.data ?? []}
        loading={types.isFetching}
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('certificates.admin.types')}
        columns={[
          {
            title: t('certificates.type'),
            key: 'name',
            render: (_, c) => (
              <>
                {lang === 'zh-CN' ? c.name.zh : c.name.en}{' '}
                {c.illustrative && <Tag>{t('certificates.illustrative')}</Tag>}
              </>
            ),
          },
          {
            title: t('certificates.admin.code'),
            dataIndex: 'code',
            key: 'code',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: t('certificates.admin.typeCode'), dataIndex: 'typeCode', key: 'typeCode' },
          { title: t('certificates.admin.validity'), key: 'validity', render: (_, c) => validity(c.validity) },
          {
            title: t('certificates.admin.departments'),
            key: 'departments',
            render: (_, c) => (c.departments.length ? c.departments.join('、') : t('certificates.admin.anyDepartment')),
          },
        ]}
      />
      <Typography.Title level={3}>{t('certificates.admin.undefinedCodes')}</Typography.Title>
      {undefinedCodes.error && <Alert type="error" showIcon title={errorText(undefinedCodes.error, i18n)} />}
      <Table
        rowKey="code"
        dataSource={undefinedCodes.data ?? []}
        loading={undefinedCodes.isFetching}
        pagination={false}
        locale={{ emptyText: t('certificates.admin.noUndefinedCodes') }}
        aria-label={t('certificates.admin.undefinedCodes')}
        columns={[
          {
            title: t('certificates.admin.code'),
            dataIndex: 'code',
            key: 'code',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: t('certificates.admin.usedBy'),
            key: 'usedBy',
            render: (_, u) => u.usedBy.map((x) => `${x.itemName}（${x.implementationCode}）`).join('；'),
          },
        ]}
      />
    </Space>
  );
}

function KeysTab() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const queryClient = useQueryClient();
  const [department, setDepartment] = useState('');
  const [alg, setAlg] = useState<IssuerKey['alg']>('EdDSA');
  const [error, setError] = useState<unknown>(null);
  const keys = useQuery({
    queryKey: ['certificates.keys', department],
    queryFn: ({ signal }) => CertificatesApi.keys(department, signal),
    enabled: department.length > 0,
  });
  const rotate = async () => {
    setError(null);
    try {
      await CertificatesApi.rotateKey(department, alg);
      await queryClient.invalidateQueries({ queryKey: ['certificates.keys', department] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('certificates.admin.keysExplain')}</Typography.Paragraph>
      <Space wrap>
        <Input.Search
          placeholder={t('certificates.admin.departmentCode')}
          enterButton={t('certificates.admin.show')}
          onSearch={(v) => setDepartment(v.trim())}
          style={{ width: 320 }}
          data-testid="keys-department"
        />
        <Select
          value={alg}
          onChange={setAlg}
          style={{ width: 140 }}
          options={[
            { value: 'EdDSA', label: 'Ed25519' },
            { value: 'ES256', label: 'ECDSA P-256' },
            { value: 'SM2', label: 'SM2 / SM3' },
          ]}
        />
        <Popconfirm
          title={t('certificates.admin.rotateConfirm')}
          onConfirm={() => void rotate()}
          disabled={!department}
        >
          <Button type="primary" disabled={!department} data-testid="keys-rotate">
            {t('certificates.admin.rotate')}
          </Button>
        </Popconfirm>
      </Space>
      {(error !== null || keys.error) && <Alert type="error" showIcon title={errorText(error ?? keys.error, i18n)} />}
      <Table<IssuerKey>
        rowKey="kid"
        dataSource={keys.data ?? []}
        loading={keys.isFetching}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('certificates.admin.noKeys') }}
        aria-label={t('certificates.admin.keys')}
        columns={[
          { title: t('certificates.admin.alg'), dataIndex: 'alg', key: 'alg' },
          {
            title: t('certificates.admin.kid'),
            key: 'kid',
            render: (_, k) => <Typography.Text copyable={{ text: k.kid }}>{k.kid.slice(0, 12)}…</Typography.Text>,
          },
          {
            title: t('certificates.status'),
            key: 'status',
            render: (_, k) =>
              k.status === 'active' ? (
                <Tag color="success">{t('certificates.admin.active')}</Tag>
              ) : (
                <Tag>{t('certificates.admin.retired')}</Tag>
              ),
          },
          {
            title: t('certificates.admin.createdAt'),
            key: 'createdAt',
            render: (_, k) => new Date(k.createdAt).toLocaleString(lang, { hour12: false }),
          },
          {
            title: t('certificates.admin.retiredAt'),
            key: 'retiredAt',
            render: (_, k) => (k.retiredAt ? new Date(k.retiredAt).toLocaleString(lang, { hour12: false }) : '—'),
          },
        ]}
      />
    </Space>
  );
}

function TrustTab() {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = useState<unknown>(null);
  const [imported, setImported] = useState<number | null>(null);
  const download = async () => {
    setError(null);
    try {
      const list = await CertificatesApi.trustList();
      saveBlob(new Blob([JSON.stringify(list, null, 2)], { type: 'application/json' }), 'onewindow-trust-list.json');
    } catch (e) {
      setError(e);
    }
  };
  const upload = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    setError(null);
    setImported(null);
    try {
      let list: unknown;
      try {
        list = JSON.parse(await f.text());
      } catch {
        throw new Error(t('certificates.admin.notJson'));
      }
      setImported((await CertificatesApi.importTrustList(list)).imported);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('certificates.admin.trustExplain')}</Typography.Paragraph>
      <Space wrap>
        <Button onClick={() => void download()} data-testid="trust-download">
          {t('certificates.admin.trustDownload')}
        </Button>
        <label>
          {t('certificates.admin.trustImport')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void upload(e.target.files)}
            data-testid="trust-import"
          />
        </label>
      </Space>
      {imported !== null && (
        <Alert type="success" showIcon title={t('certificates.admin.trustImported', { count: imported })} />
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
    </Space>
  );
}

export function AdminPage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.admin.heading')}
      </Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'types', label: t('certificates.admin.types'), children: <TypesTab /> },
          { key: 'keys', label: t('certificates.admin.keys'), children: <KeysTab /> },
          { key: 'trust', label: t('certificates.admin.trust'), children: <TrustTab /> },
        ]}
      />
    </Space>
  );
}
