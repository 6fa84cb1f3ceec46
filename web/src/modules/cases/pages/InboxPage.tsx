/** 我的消息: the caller's messages about cases, newest first; open the case, mark one or all read. */
import { Alert, Badge, Button, List, Space, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { NoticesApi, type Notification } from '../api.ts';

export function InboxPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const inbox = useLoad(['cases.inbox'], (signal) => NoticesApi.inbox(signal));
  const act = async (f: () => Promise<unknown>) => {
    await f().catch(() => undefined);
    inbox.reload();
  };
  const unread = inbox.data?.unread ?? 0;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('cases.inbox.heading')} <Badge count={unread} data-testid="inbox-unread" />
      </Typography.Title>
      {unread > 0 && (
        <Space>
          <Typography.Text>{t('cases.inbox.unread', { n: unread })}</Typography.Text>
          <Button onClick={() => void act(() => NoticesApi.markAllRead())}>{t('cases.inbox.readAll')}</Button>
        </Space>
      )}
      {!!inbox.error && <Alert type="error" showIcon title={errorText(inbox.error, i18n)} />}
      <List<Notification>
        loading={inbox.loading}
        dataSource={inbox.data?.items ?? []}
        locale={{ emptyText: t('cases.inbox.empty') }}
        data-testid="inbox-list"
        renderItem={(n) => (
          <List.Item
            actions={[
              <AppLink key="open" to={n.link}>
                {t('cases.inbox.open')}
              </AppLink>,
              ...(n.read
                ? []
                : [
                    <Button key="read" size="small" onClick={() => void act(() => NoticesApi.markRead(n.id))}>
                      {t('cases.inbox.markRead')}
                    </Button>,
                  ]),
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!n.read && <Badge status="processing" />}
                  <span style={{ fontWeight: n.read ? 'normal' : 600 }}>{n.title[lang]}</span>
                </Space>
              }
              description={
                <>
                  <div>{n.body[lang]}</div>
                  <Typography.Text type="secondary">{new Date(n.createdAt).toLocaleString(i18n.lang)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Space>
  );
}
