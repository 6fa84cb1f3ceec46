/**
 * One implementation for staff: its elements, the lifecycle moves the caller's roles allow (each with a reason),
 * the diff against the previous published version, the completeness rubric, the action history and the versions.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ROLE_NAMES, useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import {
  CatalogApi,
  MOVES,
  catalogPermissions,
  type CatalogAction,
  type Implementation,
  type ImplementationVersion,
  type RubricCheck,
  type TransitionAction,
} from '../api.ts';
import { IllustrativeTag, StatusTag } from '../components/CatalogTags.tsx';
import { ElementsView } from '../components/ElementsView.tsx';
import { RubricView } from '../components/RubricView.tsx';
import { DiffTable } from '../components/DiffTable.tsx';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { AppLink } from '../../../components/AppLink.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { replaceUrl, useNavigate } from '../../../shell/navigation.ts';
import { dateTime, elementPath, label } from '../components/labels.ts';
import '../components/catalog.css';
import { useSignedIn } from '../../../shell/session.tsx';
import type { PageProps } from '../../../shell/module.ts';

type TabKey = 'elements' | 'diff' | 'rubric' | 'history' | 'versions';
const TABS: readonly TabKey[] = ['elements', 'diff', 'rubric', 'history', 'versions'];

function initialTab(): TabKey {
  const v = new URLSearchParams(window.location.search).get('tab');
  return (TABS as readonly string[]).includes(v ?? '') ? (v as TabKey) : 'elements';
}

export function ImplementationPage({ params, elder }: PageProps) {
  const id = params.id;
  const { permissions, principal } = useSignedIn();
  const i18n = useI18n();
  const { t, lang } = i18n;
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [tab, setTabState] = useState<TabKey>(initialTab);
  const [move, setMove] = useState<TransitionAction | null>(null);
  const impl = useLoad(['catalog.implementation', id], (s) => CatalogApi.implementation(id, s));
  // Before 提交审核 and 审核发布: what the change does to completeness (asked again each time the dialog opens).
  const checking = move === 'submit' || move === 'publish';
  const check = useLoad(
    ['catalog.rubricCheck', id, impl.data?.version, move],
    checking ? (s) => CatalogApi.rubricCheck(id, s) : null,
  );
  const versions = useLoad(['catalog.versions', id, impl.data?.version], (s) => CatalogApi.versions(id, s));
  const perms = catalogPermissions(permissions);

  const setTab = (k: TabKey) => {
    setTabState(k);
    const u = new URL(window.location.href);
    u.searchParams.set('tab', k);
    replaceUrl(`${u.pathname}${u.search}`);
  };

  if (impl.loading && !impl.data) {
    return (
      <div style={{ textAlign: 'center', padding: 48 }}>
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  }
  if (!impl.data) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Title level={1} data-testid="page-title">
          {t('nav.catalogDetail')}
        </Typography.Title>
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(impl.error, i18n)}
          data-testid="implementation-error"
        />
      </Space>
    );
  }
  const r = impl.data;
  const moves = MOVES[r.status].filter(
    (m) => perms[m.needs] && (m.action !== 'discard' || r.publishedVersion !== null),
  );
  // 清廉 separation of duties: whoever submitted may not publish; say so on the button rather than after a reason.
  const ownSubmission = r.status === 'in_review' && r.submittedBy === principal.id;
  // Whoever can do nothing here is told who the implementation waits for.
  const mine = moves.some((m) => !(m.action === 'publish' && ownSubmission)) || (r.status === 'draft' && perms.edit);
  const waitingFor = mine
    ? null
    : r.status === 'in_review'
      ? t('catalog.waitingPublish', { department: r.department.name })
      : r.status === 'draft'
        ? t('catalog.waitingSubmit', { department: r.department.name })
        : t('catalog.noActions');

  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="implementation-page"
      data-status={r.status}
    >
      <div>
        <AppLink to="/catalog" data-testid="back-to-catalog">
          ← {t('catalog.backToList')}
        </AppLink>
      </div>
      <Space wrap align="center">
        <Typography.Title level={1} data-testid="page-title" style={{ margin: 0 }}>
          {r.item.name}
        </Typography.Title>
        <StatusTag status={r.status} />
        {r.illustrative && <IllustrativeTag />}
      </Space>
      {r.illustrative && (
        <Alert type="warning" showIcon title={t('catalog.illustrativeNotice')} data-testid="illustrative-notice" />
      )}
      <Descriptions column={elder ? 1 : 2} size="small" bordered data-testid="implementation-summary">
        <Descriptions.Item label={t('catalog.list.code')}>
          <span className="ow-mono">{r.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.itemType')}>{label(lang, 'itemType', r.item.itemType)}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.list.region')}>{r.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.list.department')}>{r.department.name}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.workingVersion')}>{r.version}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.publishedVersion')}>
          {r.publishedVersion ?? t('catalog.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.effectiveFrom')}>{r.effectiveFrom}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.derivedFrom')}>
          {r.derivedFrom ? (
            <AppLink to={`/catalog/implementations/${encodeURIComponent(r.derivedFrom.implementationId)}`}>
              {t('catalog.versionOf', { n: r.derivedFrom.version })}
            </AppLink>
          ) : (
            t('catalog.none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.legalBasis')} span={elder ? 1 : 2}>
          {r.item.legalBasis.length
            ? r.item.legalBasis.map((c) => [c.title, c.article].filter(Boolean).join(' ')).join('；')
            : t('catalog.none')}
        </Descriptions.Item>
      </Descriptions>

      <section aria-labelledby="ow-actions-heading" data-testid="lifecycle-actions">
        <Typography.Title level={2} id="ow-actions-heading" className="ow-h3" style={{ marginBottom: 8 }}>
          {t('catalog.actions')}
        </Typography.Title>
        <Space wrap>
          {r.status === 'draft' && perms.edit && (
            <Button
              type="primary"
              onClick={() => navigate(`/catalog/implementations/${encodeURIComponent(r.id)}/edit`)}
              data-testid="action-edit"
            >
              {label(lang, 'action', 'edit')}
            </Button>
          )}
          {moves.map((m) => (
            <Button
              key={m.action}
              type={m.action === 'publish' ? 'primary' : 'default'}
              className={m.action === 'retire' ? 'ow-btn-danger' : undefined}
              disabled={m.action === 'publish' && ownSubmission}
              onClick={() => setMove(m.action)}
              data-testid={`action-${m.action}`}
            >
              {label(lang, 'action', m.action)}
            </Button>
          ))}
          {r.publishedVersion !== null && (
            <AppLink to={`/guide/${encodeURIComponent(r.id)}`} data-testid="action-guide">
              {t('catalog.viewGuide')}
            </AppLink>
          )}
          {ownSubmission && moves.some((m) => m.action === 'publish') && (
            <Typography.Text type="secondary" data-testid="own-submission">
              {t('catalog.ownSubmission')}
            </Typography.Text>
          )}
          {waitingFor && (
            <Typography.Text type="secondary" data-testid="waiting-for">
              {waitingFor}
            </Typography.Text>
          )}
        </Space>
      </section>

      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        destroyOnHidden
        items={[
          {
            key: 'elements',
            label: <span data-testid="tab-elements">{t('catalog.tab.elements')}</span>,
            children: <ElementsView e={r.elements} elder={elder} />,
          },
          {
            key: 'diff',
            label: <span data-testid="tab-diff">{t('catalog.tab.diff')}</span>,
            children: <DiffPanel impl={r} versions={versions.data?.items ?? null} />,
          },
          {
            key: 'rubric',
            label: <span data-testid="tab-rubric">{t('catalog.tab.rubric')}</span>,
            children: <RubricPanel id={r.id} version={r.version} />,
          },
          {
            key: 'history',
            label: <span data-testid="tab-history">{t('catalog.tab.history')}</span>,
            children: <HistoryPanel id={r.id} version={r.version} />,
          },
          {
            key: 'versions',
            label: <span data-testid="tab-versions">{t('catalog.tab.versions')}</span>,
            children: (
              <VersionsPanel
                versions={versions.data?.items ?? null}
                loading={versions.loading}
                error={versions.error}
              />
            ),
          },
        ]}
      />

      <ReasonModal
        open={move !== null}
        title={move ? t('catalog.confirmMove', { action: label(lang, 'action', move), name: r.item.name }) : ''}
        okText={move ? label(lang, 'action', move) : ''}
        danger={move === 'retire'}
        notice={checking ? <RubricCheckNotice check={check.data} loading={check.loading} /> : null}
        confirm={checking && check.data?.needsConfirmation ? t('catalog.rubricCheck.confirm') : null}
        onCancel={() => setMove(null)}
        onSubmit={async (reason) => {
          if (!move) return;
          await CatalogApi.transition(r.id, move, r.version, reason);
          message.success(t('catalog.moveDone', { action: label(lang, 'action', move) }));
          setMove(null);
          impl.reload();
        }}
      />
    </Space>
  );
}

/** The completeness check shown in the 提交审核 / 审核发布 dialog: the score against the published one, what is new. */
function RubricCheckNotice({ check, loading }: { check: RubricCheck | null; loading: boolean }) {
  const { t, lang } = useI18n();
  if (!check) return loading ? <Spin description={t('common.loading')} /> : null;
  const text = (f: { zh: string; en: string }) => (lang === 'zh-CN' ? f.zh : f.en);
  const where = (f: { element: string }) => elementPath(lang, f.element);
  return (
    <Alert
      type={check.needsConfirmation ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="rubric-check"
      title={
        check.publishedScore === null
          ? t('catalog.rubricCheck.scoreNew', { score: check.score })
          : t('catalog.rubricCheck.score', { score: check.score, published: check.publishedScore })
      }
      description={
        <>
          {check.impossibilities.length > 0 && (
            <>
              <div>{t('catalog.rubricCheck.impossible')}</div>
              <ul>
                {check.impossibilities.map((f, i) => (
                  <li key={`i${i}`}>
                    {where(f)}：{text(f)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {check.newFindings.length > 0 ? (
            <>
              <div>{t('catalog.rubricCheck.new')}</div>
              <ul>
                {check.newFindings.map((f, i) => (
                  <li key={`f${i}`}>
                    {where(f)}：{text(f)}（−{f.points}）
                  </li>
                ))}
              </ul>
            </>
          ) : (
            check.impossibilities.length === 0 && <div>{t('catalog.rubricCheck.clean')}</div>
          )}
        </>
      }
    />
  );
}

function RubricPanel({ id, version }: { id: string; version: number }) {
  const i18n = useI18n();
  const rubric = useLoad(['catalog.rubric', id, version], (s) => CatalogApi.rubric(id, null, s));
  if (rubric.loading) return <Spin description={i18n.t('common.loading')} />;
  if (!rubric.data) return <Alert type="error" showIcon role="alert" title={errorText(rubric.error, i18n)} />;
  return <RubricView rubric={rubric.data} />;
}

function HistoryPanel({ id, version }: { id: string; version: number }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const acts = useLoad(['catalog.actions', id, version], (s) => CatalogApi.actions(id, s));
  const columns: TableColumnsType<CatalogAction> = [
    { title: t('catalog.history.at'), dataIndex: 'at', key: 'at', render: (v: string) => dateTime(v) },
    {
      title: t('catalog.history.action'),
      dataIndex: 'action',
      key: 'action',
      render: (a: string) => label(lang, 'action', a),
    },
    {
      title: t('catalog.history.role'),
      dataIndex: 'actorRole',
      key: 'actorRole',
      render: (r: string) => ROLE_NAMES[lang][r] ?? label(lang, 'role', r),
    },
    {
      title: t('catalog.history.actor'),
      dataIndex: 'actorId',
      key: 'actorId',
      render: (v: string) => <span className="ow-mono">{v}</span>,
    },
    { title: t('catalog.reason'), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
    {
      title: t('catalog.history.ruleVersion'),
      dataIndex: 'ruleVersion',
      key: 'ruleVersion',
      render: (v: string | null) => <span className="ow-mono">{v ?? '—'}</span>,
    },
  ];
  if (acts.error) return <Alert type="error" showIcon role="alert" title={errorText(acts.error, i18n)} />;
  return (
    <Table<CatalogAction>
      rowKey="id"
      columns={columns}
      dataSource={acts.data?.items ?? []}
      loading={acts.loading}
      pagination={false}
      size="small"
      data-testid="history-table"
    />
  );
}

function VersionsPanel({
  versions,
  loading,
  error,
}: {
  versions: ImplementationVersion[] | null;
  loading: boolean;
  error: unknown;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const columns: TableColumnsType<ImplementationVersion> = [
    { title: t('catalog.list.version'), dataIndex: 'version', key: 'version' },
    {
      title: t('catalog.list.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: ImplementationVersion['status']) => <StatusTag status={s} />,
    },
    {
      title: t('catalog.publishedAt'),
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      render: (v: string) => dateTime(v),
    },
    { title: t('catalog.effectiveFrom'), dataIndex: 'effectiveFrom', key: 'effectiveFrom' },
    {
      title: t('catalog.digest'),
      dataIndex: 'digest',
      key: 'digest',
      render: (v: string) => (
        <span className="ow-mono" title={v}>
          {v.slice(0, 16)}…
        </span>
      ),
    },
  ];
  if (error) return <Alert type="error" showIcon role="alert" title={errorText(error, i18n)} />;
  return (
    <Table<ImplementationVersion>
      rowKey="version"
      columns={columns}
      dataSource={versions ?? []}
      loading={loading}
      pagination={false}
      size="small"
      data-testid="versions-table"
      locale={{ emptyText: <span className="ow-empty">{t('catalog.noVersions')}</span> }}
    />
  );
}

interface Pair {
  key: string;
  a: string;
  b: string;
  aLabel: string;
  bLabel: string;
  text: string;
}

/** The comparisons worth making: the working copy or newest version against the previous published one, older versions, and the source it was derived from. */
function pairsFor(impl: Implementation, versions: ImplementationVersion[], t: ReturnType<typeof useI18n>['t']): Pair[] {
  const out: Pair[] = [];
  const working = impl.status === 'draft' || impl.status === 'in_review';
  const head = working
    ? { ref: impl.id, text: t('catalog.workingCopyV', { n: impl.version }) }
    : versions[0]
      ? { ref: `${impl.id}@${versions[0].version}`, text: t('catalog.versionN', { n: versions[0].version }) }
      : null;
  if (!head) return out;
  const older = working ? versions : versions.slice(1);
  for (const v of older) {
    const text = t('catalog.versionN', { n: v.version });
    out.push({
      key: `v${v.version}`,
      a: `${impl.id}@${v.version}`,
      b: head.ref,
      aLabel: text,
      bLabel: head.text,
      text: t('catalog.diff.pair', { a: text, b: head.text }),
    });
  }
  if (impl.derivedFrom) {
    const text = t('catalog.diff.sourceVersion', { n: impl.derivedFrom.version });
    out.push({
      key: 'source',
      a: `${impl.derivedFrom.implementationId}@${impl.derivedFrom.version}`,
      b: head.ref,
      aLabel: text,
      bLabel: head.text,
      text: t('catalog.diff.pair', { a: text, b: head.text }),
    });
  }
  return out;
}

function DiffPanel({ impl, versions }: { impl: Implementation; versions: ImplementationVersion[] | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const pairs = useMemo(() => (versions ? pairsFor(impl, versions, t) : []), [impl, versions, t]);
  const [chosen, setChosen] = useState<string | null>(null);
  const pair = pairs.find((p) => p.key === chosen) ?? pairs[0] ?? null;
  const diff = useLoad(['catalog.diff', pair?.a, pair?.b], pair ? (s) => CatalogApi.diff(pair.a, pair.b, s) : null);
  if (!versions) return <Spin description={t('common.loading')} />;
  if (!pair)
    return <Typography.Paragraph data-testid="diff-nothing">{t('catalog.diff.nothingToCompare')}</Typography.Paragraph>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="diff-panel">
      <Space wrap>
        <label htmlFor="ow-diff-pair">{t('catalog.diff.compare')}</label>
        <Select
          id="ow-diff-pair"
          value={pair.key}
          onChange={(k: string) => setChosen(k)}
          options={pairs.map((p) => ({ value: p.key, label: p.text }))}
          style={{ minWidth: 320 }}
          data-testid="diff-pair"
        />
      </Space>
      {diff.error ? (
        <Alert type="error" showIcon role="alert" title={errorText(diff.error, i18n)} />
      ) : diff.data ? (
        <DiffTable diff={diff.data} aLabel={pair.aLabel} bLabel={pair.bLabel} />
      ) : (
        <Spin description={t('common.loading')} />
      )}
    </Space>
  );
}
