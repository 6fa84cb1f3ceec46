/** In-person visits (跑动次数) against the item's promise (最多跑 N 次); the window records each visit. */
import { useState } from 'react';
import { Alert, Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { VisitsApi, type VisitPurpose } from '../api.ts';

const PURPOSES: VisitPurpose[] = ['submit', 'supplement', 'consult', 'collect_result', 'other'];

export function Visits({
  caseId,
  canRecord,
  onRecorded,
}: {
  caseId: string;
  canRecord: boolean;
  onRecorded: () => void;
}) {
  const { t } = useI18n();
  const i18n = useI18n();
  const visits = useLoad(['cases.visits', caseId], (signal) => VisitsApi.get(caseId, signal));
  const [windowName, setWindowName] = useState('');
  const [purpose, setPurpose] = useState<VisitPurpose>('supplement');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const v = visits.data;
  const record = async () => {
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await VisitsApi.record(caseId, { window: windowName, purpose, seen: v.count });
      visits.reload();
      onRecorded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-visits">
      <Typography.Title level={2}>{t('cases.visits')}</Typography.Title>
      {!!visits.error && <Alert type="error" showIcon title={errorText(visits.error, i18n)} />}
      {v && (
        <Typography.Text data-testid="case-visits-count">
          {t('cases.visits.count', { count: v.count, declared: v.declared })}{' '}
          {v.over ? <Tag color="red">{t('cases.visits.over')}</Tag> : <Tag color="green">{t('cases.visits.kept')}</Tag>}
        </Typography.Text>
      )}
      {canRecord && v && (
        <Form layout="inline" onFinish={() => void record()}>
          <Form.Item label={t('cases.visits.window')} required>
            <Input
              value={windowName}
              onChange={(e) => setWindowName(e.target.value)}
              maxLength={100}
              data-testid="visit-window"
              aria-label={t('cases.visits.window')}
            />
          </Form.Item>
          <Form.Item label={t('cases.visits.purpose')}>
            <Select<VisitPurpose>
              value={purpose}
              onChange={setPurpose}
              style={{ minWidth: 140 }}
              aria-label={t('cases.visits.purpose')}
              options={PURPOSES.map((p) => ({ value: p, label: t(`cases.visits.purpose.${p}`) }))}
            />
          </Form.Item>
          <Button htmlType="submit" loading={busy} disabled={!windowName.trim()} data-testid="visit-record">
            {t('cases.visits.record')}
          </Button>
        </Form>
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
    </Space>
  );
}
