/** 一套材料: the bundle's one material list, each uploaded once for every member case that needs it. */
import { useState } from 'react';
import { Alert, List, Space, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { BundlesApi, type BundleApplicationView } from '../api.ts';

export function BundleMaterials({ a, canUpload }: { a: BundleApplicationView; canUpload: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const qc = useQueryClient();
  const v = useLoad(['cases.bundleVersion', a.bundle.id, a.bundle.version], (signal) =>
    BundlesApi.version(a.bundle.id, a.bundle.version, signal),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Record<string, string>>({});
  const open =
    canUpload && a.members.some((m) => ['submitted', 'supplement_requested', 'waiting'].includes(m.case.status));
  const upload = async (key: string, file: File | undefined) => {
    if (!file) return;
    setBusy(key);
    setError(null);
    try {
      await BundlesApi.uploadOnce(a.id, key, file);
      setDone((d) => ({ ...d, [key]: file.name }));
      void qc.invalidateQueries({ queryKey: ['cases.materials'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="bundle-materials">
      <Typography.Title level={2}>{t('cases.bundles.materials')}</Typography.Title>
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      <List
        bordered
        size="small"
        dataSource={v.data?.materials ?? []}
        loading={v.loading}
        renderItem={(m) => (
          <List.Item
            actions={
              open
                ? [
                    <label key="upload" className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
                      <UploadOutlined aria-hidden />{' '}
                      {busy === m.key ? t('cases.materials.uploading') : t('cases.materials.upload')}
                      <input
                        type="file"
                        accept=".pdf,.jpg,.jpeg,.png,.ofd"
                        style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
                        disabled={busy !== null}
                        aria-label={`${t('cases.materials.upload')} ${m.name}`}
                        onChange={(e) => {
                          void upload(m.key, e.target.files?.[0]);
                          e.target.value = '';
                        }}
                      />
                    </label>,
                  ]
                : []
            }
          >
            {m.name}
            {done[m.key] ? ` · ${done[m.key]} ✓` : ''}
          </List.Item>
        )}
      />
    </Space>
  );
}
