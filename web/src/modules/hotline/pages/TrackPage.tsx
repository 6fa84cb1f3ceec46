/** Public tracking by ticket number and phone (phone-friendly; the phone goes in a POST body, never in the URL). */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type Tracked } from '../api.ts';
import { StatusTag } from './parts.tsx';

export function TrackPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ number: string; phone: string }>();
  const [found, setFound] = useState<Tracked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const track = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      setFound(await HotlineApi.track(v.number.trim(), v.phone));
    } catch (e) {
      setFound(null);
      setError(errorText(e, i18n));
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 640 }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineTrack')}
      </Typography.Title>
      <Typography.Paragraph>{t('hotline.trackHint')}</Typography.Paragraph>
      <Card>
        <Form form={form} layout="vertical">
          <Form.Item name="number" label={t('hotline.number')} rules={[{ required: true, pattern: /^\d{17}$/ }]}>
            <Input inputMode="numeric" />
          </Form.Item>
          <Form.Item name="phone" label={t('hotline.callerPhone')} rules={[{ required: true }]}>
            <Input inputMode="tel" />
          </Form.Item>
          <Button type="primary" block onClick={track}>
            {t('hotline.track')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      {found && (
        <Descriptions bordered size="small" column={1}>
          <Descriptions.Item label={t('hotline.number')}>{found.number}</Descriptions.Item>
          <Descriptions.Item label={t('hotline.requestType')}>
            {t(`hotline.type.${found.requestType}` as MsgKey)} · {found.topic}
          </Descriptions.Item>
          <Descriptions.Item label={t('hotline.status')}>
            <StatusTag s={found.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('hotline.outcome')}>
            {found.outcome ? t(`hotline.outcome.${found.outcome}` as MsgKey) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('hotline.reply')}>{found.reply ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Paragraph type="secondary">{t('hotline.rateHint')}</Typography.Paragraph>
    </Space>
  );
}
