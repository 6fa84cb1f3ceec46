/**
 * Certificate administration: the certificate types (face fields, validity, issuing departments) and the catalog's
 * certificate-type codes no type defines; a department's issuer keys with rotation (a new key retires the previous
 * one of its algorithm, which keeps verifying); and the trust list — this platform's to download, another province's
 * to import after a preview (证照互认), with the issuers imported so far. Departments and provinces by name.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Descriptions, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n, type I18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type CertificateType, type ImportedIssuer, type IssuerKey } from '../api.ts';
import { saveBlob } from './parts.tsx';
import { DefineTypeModal } from './DefineTypeModal.tsx';

/** Province-level divisions (GB/T 2260), for the trust list's province codes. */
const PROVINCES: Record<string, [string, string]> = {
  '110000': ['北京市', 'Beijing'],
  '120000': ['天津市', 'Tianjin'],
  '130000': ['河北省', 'Hebei'],
  '140000': ['山西省', 'Shanxi'],
  '150000': ['内蒙古自治区', 'Inner Mongolia'],
  '210000': ['辽宁省', 'Liaoning'],
  '220000': ['吉林省', 'Jilin'],
  '230000': ['黑龙江省', 'Heilongjiang'],
  '310000': ['上海市', 'Shanghai'],
  '320000': ['江苏省', 'Jiangsu'],
  '330000': ['浙江省', 'Zhejiang'],
  '340000': ['安徽省', 'Anhui'],
  '350000': ['福建省', 'Fujian'],
  '360000': ['江西省', 'Jiangxi'],
  '370000': ['山东省', 'Shandong'],
  '410000': ['河南省', 'Henan'],
  '420000': ['湖北省', 'Hubei'],
  '430000': ['湖南省', 'Hunan'],
  '440000': ['广东省', 'Guangdong'],
  '450000': ['广西壮族自治区', 'Guangxi'],
  '460000': ['海南省', 'Hainan'],
  '500000': ['重庆市', 'Chongqing'],
  '510000': ['四川省', 'Sichuan'],
  '520000': ['贵州省', 'Guizhou'],
  '530000': ['云南省', 'Yunnan'],
  '540000': ['西藏自治区', 'Tibet'],
  '610000': ['陕西省', 'Shaanxi'],
  '620000': ['甘肃省', 'Gansu'],
  '630000': ['青海省', 'Qinghai'],
  '640000': ['宁夏回族自治区', 'Ningxia'],
  '650000': ['新疆维吾尔自治区', 'Xinjiang'],
  '710000': ['台湾省', 'Taiwan'],
  '810000': ['香港特别行政区', 'Hong Kong'],
  '820000': ['澳门特别行政区', 'Macao'],
};

const provinceName = (code: string, i18n: I18n) => {
  const p = PROVINCES[code];
  return p ? p[i18n.lang === 'zh-CN' ? 0 : 1] : i18n.t('certificates.admin.otherProvince');
};
const ALG_LABELS: Record<IssuerKey['alg'], string> = { EdDSA: 'Ed25519', ES256: 'ECDSA P-256', SM2: 'SM2 / SM3' };
const when = (iso: string | null, i18n: I18n) =>
  iso ? new Date(iso).toLocaleString(i18n.lang, { hour12: false }) : '—';
const day = (iso: string | null, i18n: I18n) =>
  iso ? new Date(iso).toLocaleDateString(i18n.lang) : i18n.t('certificates.longTerm');

/** The departments in the administrator's jurisdiction, by code: their names (with the region) for the pages. */
function useDepartments() {
  const q = useQuery({
    queryKey: ['certificates.admin.issuers'],
    queryFn: ({ signal }) => CertificatesApi.issuers(signal),
  });
  return useMemo(() => {
    const byCode = new Map<string, string>();
    for (const d of q.data ?? []) byCode.set(d.code, `${d.name}（${d.regionName}）`);
    return { byCode, list: q.data ?? [], loading: q.isFetching, error: q.error };
  }, [q.data, q.isFetching, q.error]);
}

const FIELD_TYPES = ['string', 'date', 'number', 'integer', 'boolean'] as const;
type FieldType = (typeof FIELD_TYPES)[number];

interface FaceField {
  name: string;
  title: string;
  type: string;
  required: boolean;
}

/** The face fields a type's JSON Schema declares, in order, with their titles (`x-title-en` in English, if any). */
function faceFields(schema: Record<string, unknown>, lang: string): FaceField[] {
  const props = (schema.properties ?? {}) as Record<
    string,
    { title?: string; 'x-title-en'?: string; type?: string; format?: string }
  >;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props).map(([name, p]) => ({
    name,
    title: (lang === 'zh-CN' ? undefined : p['x-title-en']) || (p.title ?? name),
    type: p.format === 'date' ? 'date' : (p.type ?? 'string'),
    required: required.has(name),
  }));
}

function TypesTab() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const departments = useDepartments();
  const [defining, setDefining] = useState(false);
  const [defined, setDefined] = useState<CertificateType | null>(null);
  const types = useQuery({ queryKey: ['certificates.types'], queryFn: ({ signal }) => CertificatesApi.types(signal) });
  const undefinedCodes = useQuery({
    queryKey: ['certificates.types.undefined'],
    queryFn: ({ signal }) => CertificatesApi.undefinedCodes(signal),
  });
  const validity = (v: CertificateType['validity']) =>
    v.kind === 'long_term'
      ? t('certificates.longTerm')
      : `${v.value} ${t(`certificates.admin.unit.${v.unit ?? 'year'}`)}`;
  const departmentNames = (codes: string[]) =>
    codes.length
      ? codes.map((c) => departments.byCode.get(c) ?? t('certificates.admin.unlistedDepartment')).join('、')
      : t('certificates.admin.anyDepartment');
  const fieldType = (type: string) =>
    t(
      `certificates.admin.fieldType.${(FIELD_TYPES as readonly string[]).includes(type) ? (type as FieldType) : 'other'}`,
    );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          type="primary"
          onClick={() => {
            setDefined(null);
            setDefining(true);
          }}
          data-testid="type-define"
        >
          {t('certificates.admin.define.open')}
        </Button>
      </Space>
      <DefineTypeModal
        open={defining}
        departments={departments.list.map((d) => ({ value: d.code, label: `${d.name}（${d.regionName}）` }))}
        onClose={(c) => {
          setDefining(false);
          if (c) setDefined(c);
        }}
      />
      {defined && (
        <Alert
          type="success"
          showIcon
          title={t('certificates.admin.define.defined', { name: lang === 'zh-CN' ? defined.name.zh : defined.name.en })}
          data-testid="type-defined"
        />
      )}
      {types.error && <Alert type="error" showIcon title={errorText(types.error, i18n)} />}
      <Table<CertificateType>
        rowKey="code"
        dataSource={types.data ?? []}
        loading={types.isFetching}
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('certificates.admin.types')}
        data-testid="types-table"
        expandable={{
          expandedRowRender: (c) => (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="type-detail">
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('certificates.admin.typeCode')}>{c.typeCode}</Descriptions.Item>
                <Descriptions.Item label={t('certificates.admin.validity')}>{validity(c.validity)}</Descriptions.Item>
                <Descriptions.Item label={t('certificates.admin.departments')}>
                  {departmentNames(c.departments)}
                </Descriptions.Item>
              </Descriptions>
              <Table<FaceField>
                rowKey="name"
                size="small"
                pagination={false}
                dataSource={faceFields(c.faceSchema, lang)}
                aria-label={t('certificates.admin.faceFields')}
                locale={{ emptyText: t('certificates.admin.noFaceFields') }}
                columns={[
                  { title: t('certificates.admin.faceFields'), dataIndex: 'title', key: 'title' },
                  { title: t('certificates.admin.fieldType'), key: 'type', render: (_, f) => fieldType(f.type) },
                  {
                    title: t('certificates.admin.required'),
                    key: 'required',
                    render: (_, f) => (f.required ? t('certificates.admin.yes') : t('certificates.admin.no')),
                  },
                ]}
              />
            </Space>
          ),
        }}
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
          { title: t('certificates.admin.validity'), key: 'validity', render: (_, c) => validity(c.validity) },
          {
            title: t('certificates.admin.faceFields'),
            key: 'fields',
            render: (_, c) =>
              faceFields(c.faceSchema, lang)
                .map((f) => f.title)
                .join('、') || '—',
          },
          {
            title: t('certificates.admin.departments'),
            key: 'departments',
            render: (_, c) => departmentNames(c.departments),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('certificates.admin.undefinedCodes')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('certificates.admin.undefinedExplain')}</Typography.Paragraph>
      {undefinedCodes.error && <Alert type="error" showIcon title={errorText(undefinedCodes.error, i18n)} />}
      <Table
        rowKey="code"
        dataSource={undefinedCodes.data ?? []}
        loading={undefinedCodes.isFetching}
        pagination={false}
        locale={{ emptyText: t('certificates.admin.noUndefinedCodes') }}
        aria-label={t('certificates.admin.undefinedCodes')}
        data-testid="undefined-codes"
        columns={[
          {
            title: t('certificates.admin.usedBy'),
            key: 'usedBy',
            render: (_, u) =>
              u.usedBy
                .map(
                  (x) =>
                    `${x.itemName}（${t(x.as === 'result' ? 'certificates.admin.asResult' : 'certificates.admin.asMaterial')}）`,
                )
                .join('；'),
          },
          {
            title: t('certificates.admin.referencedCode'),
            dataIndex: 'code',
            key: 'code',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
        ]}
      />
    </Space>
  );
}

function KeysTab() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [department, setDepartment] = useState<string | null>(null);
  const [alg, setAlg] = useState<IssuerKey['alg']>('EdDSA');
  const [error, setError] = useState<unknown>(null);
  const [rotated, setRotated] = useState(false);
  const keys = useQuery({
    queryKey: ['certificates.keys', department],
    queryFn: ({ signal }) => CertificatesApi.keys(department!, signal),
    enabled: department !== null,
  });
  const rotate = async () => {
    if (!department) return;
    setError(null);
    setRotated(false);
    try {
      await CertificatesApi.rotateKey(department, alg);
      setRotated(true);
      await queryClient.invalidateQueries({ queryKey: ['certificates.keys', department] });
      await queryClient.invalidateQueries({ queryKey: ['certificates.admin.issuers'] });
    } catch (e) {
      setError(e);
    }
  };
  const name = department ? (departments.byCode.get(department) ?? '') : '';
  const listError = departments.error;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('certificates.admin.keysExplain')}</Typography.Paragraph>
      <Space wrap>
        <Select
          showSearch
          optionFilterProp="label"
          value={department}
          onChange={(v) => {
            setDepartment(v);
            setRotated(false);
          }}
          placeholder={t('certificates.admin.chooseDepartment')}
          aria-label={t('certificates.admin.department')}
          loading={departments.loading}
          style={{ width: 320, maxWidth: '100%' }}
          options={departments.list.map((d) => ({
            value: d.code,
            label: `${d.name}（${d.regionName}）${d.keys.active ? '' : ` · ${t('certificates.admin.noKeyYet')}`}`,
          }))}
          data-testid="keys-department"
        />
        <Select
          value={alg}
          onChange={setAlg}
          aria-label={t('certificates.admin.alg')}
          style={{ width: 160 }}
          options={Object.entries(ALG_LABELS).map(([value, label]) => ({ value, label }))}
          data-testid="keys-alg"
        />
        <Popconfirm
          title={t('certificates.admin.rotateConfirm')}
          description={t('certificates.admin.rotateWhat', { department: name, alg: ALG_LABELS[alg] })}
          okText={t('certificates.admin.rotate')}
          cancelText={t('certificates.admin.cancel')}
          onConfirm={() => void rotate()}
          disabled={!department}
        >
          <Button type="primary" disabled={!department} data-testid="keys-rotate">
            {t('certificates.admin.rotate')}
          </Button>
        </Popconfirm>
      </Space>
      {rotated && <Alert type="success" showIcon title={t('certificates.admin.rotated')} />}
      {(error !== null || keys.error || listError) && (
        <Alert type="error" showIcon title={errorText(error ?? keys.error ?? listError, i18n)} />
      )}
      <Table<IssuerKey>
        rowKey="kid"
        dataSource={keys.data ?? []}
        loading={keys.isFetching}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t(department ? 'certificates.admin.noKeys' : 'certificates.admin.chooseDepartment') }}
        aria-label={t('certificates.admin.keys')}
        data-testid="keys-table"
        columns={[
          { title: t('certificates.admin.alg'), key: 'alg', render: (_, k) => ALG_LABELS[k.alg] },
          {
            title: t('certificates.admin.kid'),
            key: 'kid',
            render: (_, k) => (
              <Typography.Text copyable={{ text: k.kid }} title={k.kid}>
                {k.kid.slice(0, 12)}…
              </Typography.Text>
            ),
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
          { title: t('certificates.admin.createdAt'), key: 'createdAt', render: (_, k) => when(k.createdAt, i18n) },
          { title: t('certificates.admin.retiredAt'), key: 'retiredAt', render: (_, k) => when(k.retiredAt, i18n) },
        ]}
      />
    </Space>
  );
}

interface TrustPreview {
  province: string;
  issuedAt: string;
  issuers: Array<{
    name: string;
    uscc: string;
    province: string;
    validFrom: string;
    validUntil: string | null;
    keys: unknown[];
  }>;
}

/** What a chosen file holds, if it looks like a trust list (the server validates it fully on import). */
function previewOf(list: unknown): TrustPreview | null {
  const l = list as Partial<TrustPreview> & { type?: unknown };
  if (!l || l.type !== 'OneWindowTrustList' || !Array.isArray(l.issuers)) return null;
  return l as TrustPreview;
}

function TrustTab() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [pending, setPending] = useState<{ raw: unknown; preview: TrustPreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: ['certificates.trust.imported'],
    queryFn: ({ signal }) => CertificatesApi.importedIssuers(signal),
  });
  const download = async () => {
    setError(null);
    try {
      const own = await CertificatesApi.trustList();
      saveBlob(new Blob([JSON.stringify(own, null, 2)], { type: 'application/json' }), 'onewindow-trust-list.json');
    } catch (e) {
      setError(e);
    }
  };
  const choose = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    setError(null);
    setImported(null);
    setPending(null);
    let raw: unknown;
    try {
      raw = JSON.parse(await f.text());
    } catch {
      setError(new Error(t('certificates.admin.notJson')));
      return;
    }
    const preview = previewOf(raw);
    if (!preview) setError(new Error(t('certificates.admin.notJson')));
    else setPending({ raw, preview });
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      setImported((await CertificatesApi.importTrustList(pending.raw)).imported);
      setPending(null);
      await queryClient.invalidateQueries({ queryKey: ['certificates.trust.imported'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const validity = (from: string, until: string | null) => `${day(from, i18n)} — ${day(until, i18n)}`;
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
            onChange={(e) => {
              const files = e.target.files;
              void choose(files).finally(() => (e.target.value = ''));
            }}
            data-testid="trust-import"
          />
        </label>
      </Space>
      {pending && (
        <Alert
          type="info"
          data-testid="trust-preview"
          title={t('certificates.admin.trustPreview', {
            province: provinceName(pending.preview.province, i18n),
            count: pending.preview.issuers.length,
            date: day(pending.preview.issuedAt, i18n),
          })}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Table
                rowKey="uscc"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={pending.preview.issuers}
                aria-label={t('certificates.admin.trustPreviewTable')}
                columns={[
                  { title: t('certificates.issuer'), dataIndex: 'name', key: 'name' },
                  { title: t('certificates.admin.uscc'), dataIndex: 'uscc', key: 'uscc' },
                  {
                    title: t('certificates.admin.validity'),
                    key: 'validity',
                    render: (_, i) => validity(i.validFrom, i.validUntil),
                  },
                  {
                    title: t('certificates.admin.keyCount'),
                    key: 'keys',
                    render: (_, i) => (Array.isArray(i.keys) ? i.keys.length : 0),
                  },
                ]}
              />
              <Space wrap>
                <Button type="primary" loading={busy} onClick={() => void confirm()} data-testid="trust-confirm">
                  {t('certificates.admin.trustConfirm')}
                </Button>
                <Button onClick={() => setPending(null)}>{t('certificates.admin.cancel')}</Button>
              </Space>
            </Space>
          }
        />
      )}
      {imported !== null && (
        <Alert type="success" showIcon title={t('certificates.admin.trustImported', { count: imported })} />
      )}
      {(error !== null || list.error) && <Alert type="error" showIcon title={errorText(error ?? list.error, i18n)} />}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('certificates.admin.importedIssuers')}
      </Typography.Title>
      <Table<ImportedIssuer>
        rowKey={(i) => `${i.province}:${i.uscc}`}
        dataSource={list.data ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('certificates.admin.noImported') }}
        aria-label={t('certificates.admin.importedIssuers')}
        data-testid="trust-imported"
        columns={[
          { title: t('certificates.issuer'), dataIndex: 'name', key: 'name' },
          {
            title: t('certificates.admin.province'),
            key: 'province',
            render: (_, i) => provinceName(i.province, i18n),
          },
          { title: t('certificates.admin.uscc'), dataIndex: 'uscc', key: 'uscc' },
          {
            title: t('certificates.admin.validity'),
            key: 'validity',
            render: (_, i) => validity(i.validFrom, i.validUntil),
          },
          { title: t('certificates.admin.keyCount'), dataIndex: 'keys', key: 'keys' },
          { title: t('certificates.admin.importedAt'), key: 'importedAt', render: (_, i) => when(i.importedAt, i18n) },
        ]}
      />
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
