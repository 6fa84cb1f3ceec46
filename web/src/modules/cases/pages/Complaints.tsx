/** Complaints about a case (投诉): the applicant files them; everyone who reads the case sees the hotline's handling. */
import { useState } from 'react';
import { Alert, Button, Form, Input, List, Space, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { ComplaintsApi } from '../api.ts';

export function Complaints({ caseId, canFile, onFiled }: { caseId: string; canFile: boolean; onFiled: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useLoad(['cases.complaints', caseId], (signal) => ComplaintsApi.list(caseId, signal));
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = list.data ?? [];
  const when = (at: string) => new Date(at).toLocaleString(i18n.lang);
  const file = async () => {
    setBusy(true);
    setError(null);
    try {
      await ComplaintsApi.file(caseId, { content, seen: items.filter((c) => c.n > 0).length });
      setContent('');
      list.reload();
      onFiled();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!canFile && list.data && !items.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-complaints">
      <Typography.Title level={2}>{t('cases.complaints')}</Typography.Title>
      {!!list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      {items.length > 0 && (
        <List
          bordered
          dataSource={items}
          renderItem={(c) => (
            <List.Item>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {c.n > 0 && (
                  <Typography.Text>
                    <strong>{t('cases.complaints.filed', { n: c.n })}</strong> · {when(c.at)}：{c.content}
                  </Typography.Text>
                )}
                {c.hotline.length === 0 && (
                  <Typography.Text type="secondary">{t('cases.complaints.pending')}</Typography.Text>
                )}
                {c.hotline.map((h) => (
                  <Typography.Text key={h.at + h.text} data-testid="complaint-hotline">
                    {t('cases.complaints.hotline')} · {when(h.at)}：{h.text}
                  </Typography.Text>
                ))}
              </Space>
            </List.Item>
          )}
        />
      )}
      {canFile && (
        <Form layout="vertical" onFinish={() => void file()}>
          <Typography.Paragraph type="secondary">{t('cases.complaints.hint')}</Typography.Paragraph>
          <Form.Item label={t('cases.complaints.content')} htmlFor="ow-complaint">
            <Input.TextArea
              id="ow-complaint"
              value={content}
              onChange={(e) => setContent(e.target.value)}
              maxLength={1000}
              rows={3}
              data-testid="complaint-content"
            />
          </Form.Item>
          <Button htmlType="submit" loading={busy} disabled={!content.trim()} data-testid="complaint-file">
            {t('cases.complaints.file')}
          </Button>
        </Form>
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
    </Space>
  );
}
