import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Api, setToken, type Meta, type Principal } from '../api.ts';
import { useI18n, ROLE_NAMES } from '../i18n.ts';
import { errorText } from '../errors.ts';

interface LoginValues {
  username: string;
  password: string;
}

export interface LoginPageProps {
  meta: Meta | null;
  notice: string | null;
  onLoggedIn: (principal: Principal) => void;
}

export function LoginPage({ meta, notice, onLoggedIn }: LoginPageProps) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (v: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const r = await Api.login(v.username, v.password);
      setToken(r.token);
      onLoggedIn(r.principal);
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
        {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginValues>
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          autoComplete="on"
          data-testid="login-form"
        >
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" data-testid="login-username" size="large" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" data-testid="login-password" size="large" />
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
                      <Typography.Text type="secondary">{a.roles.map((r) => ROLE_NAMES[lang][r] ?? r).join('、')}</Typography.Text>
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
