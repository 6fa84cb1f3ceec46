/** The completeness rubric: the score, each criterion's weight and loss, and the findings (zh/en). */
import { Descriptions, Progress, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import type { Rubric } from '../api.ts';
import { elementPath, label } from './labels.ts';

type Finding = Rubric['findings'][number];
type Criterion = Rubric['criteria'][number];

export function RubricView({ rubric }: { rubric: Rubric }) {
  const { t, lang } = useI18n();
  const criteria: TableColumnsType<Criterion> = [
    {
      title: t('catalog.rubric.criterion'),
      dataIndex: 'criterion',
      key: 'criterion',
      render: (c: string) => label(lang, 'criterion', c),
    },
    { title: t('catalog.rubric.weight'), dataIndex: 'weight', key: 'weight', align: 'right' },
    {
      title: t('catalog.rubric.lost'),
      dataIndex: 'lost',
      key: 'lost',
      align: 'right',
      render: (n: number) => (n > 0 ? <strong>−{n}</strong> : '0'),
    },
  ];
  const findings: TableColumnsType<Finding> = [
    {
      title: t('catalog.rubric.criterion'),
      dataIndex: 'criterion',
      key: 'criterion',
      render: (c: string) => label(lang, 'criterion', c),
    },
    {
      title: t('catalog.rubric.element'),
      dataIndex: 'element',
      key: 'element',
      render: (e: string) => elementPath(lang, e),
    },
    {
      title: t('catalog.rubric.severity'),
      dataIndex: 'severity',
      key: 'severity',
      render: (s: string) => <Tag className={`ow-tag ow-tag-severity-${s}`}>{label(lang, 'severity', s)}</Tag>,
    },
    {
      title: t('catalog.rubric.points'),
      dataIndex: 'points',
      key: 'points',
      align: 'right',
      render: (n: number) => `−${n}`,
    },
    { title: t('catalog.rubric.finding'), key: 'text', render: (_, f) => (lang === 'zh-CN' ? f.zh : f.en) },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="rubric">
      <Space size="large" align="center" wrap>
        <Progress
          type="circle"
          percent={rubric.score}
          format={(p) => <span data-testid="rubric-score">{p}</span>}
          size={96}
          aria-label={t('catalog.rubric.score')}
          strokeColor={rubric.score >= 90 ? '#237804' : rubric.score >= 70 ? '#0050b3' : '#a8071a'}
        />
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('catalog.rubric.score')}>
            {t('catalog.rubric.scoreOf', { score: rubric.score })}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.rubric.scored')}>
            {rubric.version === null ? t('catalog.rubric.workingCopy') : t('catalog.versionN', { n: rubric.version })}
          </Descriptions.Item>
        </Descriptions>
      </Space>
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.rubric.findings')}
      </Typography.Title>
      {rubric.findings.length === 0 ? (
        <Typography.Paragraph data-testid="rubric-no-findings">{t('catalog.rubric.noFindings')}</Typography.Paragraph>
      ) : (
        <Table<Finding>
          rowKey={(f) => `${f.criterion}:${f.element}:${f.zh}`}
          columns={findings}
          dataSource={rubric.findings}
          pagination={false}
          size="small"
          data-testid="rubric-findings"
        />
      )}
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.rubric.criteria')}
      </Typography.Title>
      <Table<Criterion>
        rowKey="criterion"
        columns={criteria}
        dataSource={rubric.criteria}
        pagination={false}
        size="small"
        data-testid="rubric-criteria"
      />
    </Space>
  );
}
