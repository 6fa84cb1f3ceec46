import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { SystemApi } from '../../../api/client.ts';
import { useSession } from '../../../shell/session.tsx';
import { useI18n, ROLE_NAMES } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';

interface LoginValues {
  username: string;
  password: string;
}

/** The sign-in page; in demo mode it lists the demo accounts, each filling the form in one click. */
export function LoginPage() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const session = useSession();
  const meta = session.meta;
  const notice = session.notice ? t(session.notice) : null;
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (v: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      session.signedIn(await SystemApi.login(v.username, v.password));
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setSubmitting(false);
    }
  };

  const demo = meta?.demo === true && Array.isArray(meta.demoAccounts) ? meta.demoAccounts : [];

  return (
    <div className="ow-login">
      <Card>
        <Typography.Title level={1} data-testid="page-title">
          {t('login.heading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.intro')}</Typography.Paragraph>
        {notice && (
          <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            role="alert"
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<LoginValues>
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          autoComplete="on"
          data-testid="login-form"
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined aria-hidden />}
              autoComplete="username"
              data-testid="login-username"
              size="large"
            />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
              data-testid="login-password"
              size="large"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form.Item>
        </Form>
        {demo.length > 0 && (
          <section aria-labelledby="ow-demo-heading" data-testid="demo-accounts">
            <Typography.Title level={2} id="ow-demo-heading" style={{ fontSize: '1.15em' }}>
              {t('login.demoHeading')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('login.demoHint')}</Typography.Paragraph>
            <ul className="ow-demo-list">
              {demo.map((a) => (
                <li key={a.username}>
                  <Button
                    data-testid={`demo-account-${a.username}`}
                    title={t('login.demoFill')}
                    onClick={() => {
                      form.setFieldsValue({ username: a.username, password: a.password });
                      setError(null);
                    }}
                  >
                    <span>
                      <strong>{a.name}</strong> <span className="ow-mono">{a.username}</span>
                      <br />
                      <Typography.Text type="secondary">
                        {a.roles.map((r) => ROLE_NAMES[lang][r] ?? r).join('、')}
                      </Typography.Text>
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Card>
    </div>
  );
}
