/** The web half of a new module, as `npm run new-module -- <name>` writes it: routes, messages, typed API calls, one page. */
import type { Names } from './server-templates.ts';

export function webFiles(n: Names): Record<string, string> {
  return {
    'routes.tsx': `/** The ${n.snake} module's pages (scaffolded by npm run new-module); listed in web/src/modules/index.ts. */
import { FileTextOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const ${n.camel}Module: WebModule<typeof messages> = {
  id: '${n.snake}',
  messages,
  routes: [
    {
      path: '/${n.kebab}',
      title: 'nav.${n.camel}',
      access: { permission: '${n.snake}:read' },
      menu: { key: '${n.camel}', icon: FileTextOutlined, order: ${n.block * 100} },
      page: () => import('./pages/${n.pascal}Page.tsx').then((m) => m.${n.pascal}Page),
    },
  ],
};
`,
    'messages.ts': `/** The ${n.snake} pages' strings, in zh-CN and en-US side by side. */
import type { Messages } from '../../shell/i18n.ts';

export const messages = {
  'nav.${n.camel}': { zh: '${n.snake} 记录', en: '${n.pascal} records' },
  '${n.snake}.heading': { zh: '${n.snake} 记录', en: '${n.pascal} records' },
  '${n.snake}.title': { zh: '标题', en: 'Title' },
  '${n.snake}.status': { zh: '状态', en: 'Status' },
  '${n.snake}.status.open': { zh: '办理中', en: 'Open' },
  '${n.snake}.status.closed': { zh: '已办结', en: 'Closed' },
  '${n.snake}.createdAt': { zh: '登记时间', en: 'Created' },
  '${n.snake}.empty': { zh: '暂无记录', en: 'No records' },
  '${n.snake}.tableCaption': { zh: '${n.snake} 记录列表', en: '${n.pascal} records' },
} satisfies Messages;
`,
    'api.ts': `/** The ${n.snake} module's calls as its pages use them (src/modules/${n.snake}/routes.ts is the contract). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export type Record${n.pascal} = ResponseOf<'/api/v1/${n.kebab}/records', 'get'>['items'][number];

export const ${n.pascal}Api = {
  records: (signal?: AbortSignal) => call(client.GET('/api/v1/${n.kebab}/records', { params: { query: { limit: 50 } }, signal })),
};
`,
    [`pages/${n.pascal}Page.tsx`]: `import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { ${n.pascal}Api, type Record${n.pascal} } from '../api.ts';

export function ${n.pascal}Page() {
  const i18n = useI18n();
  const { t } = i18n;
  const records = useQuery({ queryKey: ['${n.snake}.records'], queryFn: ({ signal }) => ${n.pascal}Api.records(signal) });
  const columns: TableColumnsType<Record${n.pascal}> = [
    { title: t('${n.snake}.title'), dataIndex: 'title', key: 'title' },
    {
      title: t('${n.snake}.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: Record${n.pascal}['status']) => <Tag color={s === 'open' ? 'processing' : 'default'}>{t(s === 'open' ? '${n.snake}.status.open' : '${n.snake}.status.closed')}</Tag>,
    },
    { title: t('${n.snake}.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => new Date(v).toLocaleString(i18n.lang) },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('${n.snake}.heading')}
      </Typography.Title>
      {records.error && <Alert type="error" showIcon title={errorText(records.error, i18n)} />}
      <Table<Record${n.pascal}>
        rowKey="id"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.isFetching}
        locale={{ emptyText: t('${n.snake}.empty') }}
        pagination={false}
        aria-label={t('${n.snake}.tableCaption')}
      />
    </Space>
  );
}
`,
  };
}
