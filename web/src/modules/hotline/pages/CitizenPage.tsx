/** A citizen's requests (phone-friendly): submit one, see their own with the reply; rating happens under My ratings. */
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, List, Select, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type CitizenBody, type Ticket } from '../api.ts';
import { StatusTag } from './parts.tsx';
import { AttachmentsDialog } from './Attachments.tsx';

const CLOSED = ['answered', 'closed_resolved', 'closed_explained', 'closed_unconfirmed', 'closed_unresolved', 'merged'];

const TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;

export function CitizenPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CitizenBody>();
  const topics = useQuery({ queryKey: ['hotline.topics'], queryFn: ({ signal }) => HotlineApi.topics(signal) });
  const mine = useQuery({ queryKey: ['hotline.mine'], queryFn: ({ signal }) => HotlineApi.mine(signal) });
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<File[]>([]);
  const [inputKey, setInputKey] = useState(0);
  const [files, setFiles] = useState<Ticket | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const x = await HotlineApi.submit(v);
      setDone(t('hotline.created', { number: x.number }));
      form.resetFields();
      // The request is registered first; its files follow, one request each (a failed one is said, not lost).
      try {
        for (const f of picked) await HotlineApi.attach(x.id, f, { mine: true });
      } catch (e) {
        setError(t('hotline.files.uploadFailed', { error: errorText(e, i18n) }));
      }
      setPicked([]);
      setInputKey((n) => n + 1);
      await queryClient.invalidateQueries({ queryKey: ['hotline.mine'] });
    } catch (e) {
      setError(errorText(e, i18n));
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineSubmit')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      {done && <Alert type="success" showIcon title={done} />}
      <Card>
        <Form form={form} layout="vertical" initialValues={{ requestType: 'complaint' }}>
          <Form.Item name="requestType" label={t('hotline.requestType')} rules={[{ required: true }]}>
            <Select options={TYPES.map((x) => ({ value: x, label: t(`hotline.type.${x}` as MsgKey) }))} />
          </Form.Item>
          <Form.Item name="topicCode" label={t('hotline.topic')} rules={[{ required: true }]}>
            <Select
              data-testid="submit-topic"
              showSearch
              optionFilterProp="label"
              options={(topics.data ?? [])
                .filter((x) => x.active && x.parentCode)
                .map((x) => ({ value: x.code, label: i18n.lang === 'zh-CN' ? x.name.zh : x.name.en }))}
            />
          </Form.Item>
          <Form.Item name="content" label={t('hotline.content')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} data-testid="submit-content" />
          </Form.Item>
          <Form.Item name="region" label={t('hotline.region')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
            <Input inputMode="numeric" data-testid="submit-region" />
          </Form.Item>
          <Form.Item name="address" label={t('hotline.address')}>
            <Input />
          </Form.Item>
          <Form.Item name="callerPhone" label={t('hotline.callerPhone')} rules={[{ required: true }]}>
            <Input inputMode="tel" data-testid="submit-phone" />
          </Form.Item>
          <Form.Item name="confidential" valuePropName="checked">
            <Checkbox>{t('hotline.confidential')}</Checkbox>
          </Form.Item>
          <Form.Item label={t('hotline.files')} extra={t('hotline.files.hint')}>
            <input
              key={inputKey}
              type="file"
              multiple
              accept=".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png"
              data-testid="submit-files"
              aria-label={t('hotline.files.upload')}
              onChange={(e) => setPicked(Array.from(e.target.files ?? []))}
            />
          </Form.Item>
          <Button type="primary" block onClick={submit} data-testid="submit-ok">
            {t('hotline.submit')}
          </Button>
        </Form>
      </Card>
      <Card title={t('hotline.myTickets')}>
        <Typography.Paragraph type="secondary">{t('hotline.rateHint')}</Typography.Paragraph>
        <List
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: t('hotline.empty') }}
          renderItem={(x) => (
            <List.Item>
              <Space orientation="vertical" size={2}>
                <span>
                  {x.number} <StatusTag s={x.status} />
                </span>
                <Typography.Text>{x.content}</Typography.Text>
                {x.reply && <Typography.Text type="success">{x.reply}</Typography.Text>}
                <Button size="small" onClick={() => setFiles(x)} data-testid="my-ticket-files">
                  {t('hotline.files')}
                </Button>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <AttachmentsDialog
        ticket={files}
        mine
        upload={files && !CLOSED.includes(files.status) ? {} : null}
        onClose={() => setFiles(null)}
      />
    </Space>
  );
}
