/**
 * The cases module's card on the signed-in home page. An applicant sees their latest applications (我的办件) with
 * status and deadline; staff see 待办 — the cases awaiting an action they may take, most urgent first, with how
 * many are red or yellow.
 */
import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useNavigate } from '../../../shell/navigation.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { CasesApi, type CaseView } from '../api.ts';
import { ActiveDeadline, STATUS_COLORS } from './light.tsx';

const URGENCY = { red: 0, yellow: 1, green: 2 } as const;
const urgency = (c: CaseView) => Math.min(3, ...c.deadlines.map((d) => (d.light ? URGENCY[d.light] : 3)));

export function CasesHomeCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const { principal } = useSignedIn();
  const navigate = useNavigate();
  const cases = useLoad(['cases.list'], (signal) => CasesApi.list(signal));
  const staff = principal.kind === 'staff';
  const all = cases.data?.items ?? [];
  const shown = staff ? all.filter((c) => c.actions.length > 0).sort((a, b) => urgency(a) - urgency(b)) : all;
  const count = (light: 'red' | 'yellow') => shown.filter((c) => c.deadlines.some((d) => d.light === light)).length;
  const more = cases.data?.nextCursor ? '+' : '';
  return (
    <Card
      data-testid={staff ? 'home-todo' : 'home-my-cases'}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: '1.15em' }}>
          {staff ? t('cases.home.todo', { n: shown.length, more }) : t('cases.home.mine')}
        </Typography.Title>
      }
      extra={<AppLink to="/cases">{t('cases.home.all')}</AppLink>}
    >
      {!!cases.error && <Alert type="error" showIcon title={errorText(cases.error, i18n)} />}
      {staff && shown.length > 0 && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="home-todo-lights">
          {count('red') > 0 && <Tag color="error">{t('cases.home.red', { n: count('red') })}</Tag>}
          {count('yellow') > 0 && <Tag color="warning">{t('cases.home.yellow', { n: count('yellow') })}</Tag>}
        </Space>
      )}
      <List<CaseView>
        loading={cases.loading}
        dataSource={shown.slice(0, 5)}
        locale={{ emptyText: staff ? t('cases.home.todoEmpty') : t('cases.home.mineEmpty') }}
        renderItem={(c) => (
          <List.Item data-testid="home-case">
            <Space wrap size="small">
              <AppLink to={`/cases/${c.id}`}>{c.item.name}</AppLink>
              <Tag color={STATUS_COLORS[c.status]}>{t(`cases.status.${c.status}`)}</Tag>
              <ActiveDeadline c={c} />
              {staff && <Typography.Text type="secondary">{c.applicant.name}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {!staff && (
        <Button type="primary" size="large" onClick={() => navigate('/services')} data-testid="home-apply">
          {t('cases.apply.new')}
        </Button>
      )}
    </Card>
  );
}
