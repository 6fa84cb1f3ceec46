/**
 * 办事服务 (public, no login): search the published services that apply where the user is (their region and its
 * parents), or browse by life event, department or item type. Each result opens its guide. The query is kept in
 * the URL (?q=&region=&department=&lifeEvent=&itemType=) so Back from a guide returns to the same results.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Space, Spin, Tabs, Typography } from 'antd';
import { CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { replaceUrl } from '../../../shell/navigation.ts';
import { useNarrow } from '../../../shell/narrow.ts';
import { errorText } from '../../../shell/errors.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { IllustrativeTag } from '../components/CatalogTags.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { label } from '../components/labels.ts';
import { SearchApi, type SearchHit, type SearchParams } from '../api.ts';
import { rememberServicesSearch } from '../services-url.ts';
import '../components/catalog.css';

interface Filter {
  department: string | null;
  departmentName: string | null;
  lifeEvent: string | null;
  lifeEventName: string | null;
  itemType: number | null;
}

const NO_FILTER: Filter = {
  department: null,
  departmentName: null,
  lifeEvent: null,
  lifeEventName: null,
  itemType: null,
};

function fromUrl(): { q: string; region: string | null; filter: Filter } {
  const p = new URLSearchParams(window.location.search);
  const it = Number(p.get('itemType'));
  return {
    q: p.get('q') ?? '',
    region: /^\d{6}$/.test(p.get('region') ?? '') ? p.get('region') : null,
    filter: {
      department: p.get('department'),
      departmentName: p.get('departmentName'),
      lifeEvent: p.get('lifeEvent'),
      lifeEventName: p.get('lifeEventName'),
      itemType: Number.isInteger(it) && it > 0 ? it : null,
    },
  };
}

function toUrl(q: string, region: string | null, f: Filter): void {
  const p = new URLSearchParams();
  if (q.trim()) p.set('q', q.trim());
  if (region) p.set('region', region);
  if (f.department) p.set('department', f.department);
  if (f.departmentName) p.set('departmentName', f.departmentName);
  if (f.lifeEvent) p.set('lifeEvent', f.lifeEvent);
  if (f.lifeEventName) p.set('lifeEventName', f.lifeEventName);
  if (f.itemType) p.set('itemType', String(f.itemType));
  const s = p.toString();
  rememberServicesSearch(s ? `?${s}` : '');
  replaceUrl(`${window.location.pathname}${s ? `?${s}` : ''}`);
}

const hasFilter = (f: Filter) => !!(f.department || f.lifeEvent || f.itemType);

/** What people search for most, offered when a search finds nothing. */
const POPULAR = ['营业执照', '食品经营许可', '结婚登记', '社会保障卡', '住房公积金提取', '不动产登记'];

/** The name with the matched words marked, for the eye and for screen readers (<mark>). */
function Highlighted({ text, words }: { text: string; words: string[] }) {
  const ws = words.filter((w) => w && text.toLowerCase().includes(w.toLowerCase()));
  if (!ws.length) return <>{text}</>;
  const escaped = ws.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'i'));
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p))}</>;
}

function Result({ hit, words }: { hit: SearchHit; words: string[] }) {
  const { t, lang } = useI18n();
  const headingId = `ow-hit-${hit.implementationId}`;
  return (
    <li className="ow-result" data-testid="services-result" data-illustrative={hit.illustrative ? 'true' : 'false'}>
      <Space wrap size="small" align="center">
        <h3 className="ow-result-title" id={headingId}>
          <AppLink
            to={`/guide/${encodeURIComponent(hit.implementationId)}`}
            data-testid="services-result-link"
            data-id={hit.implementationId}
          >
            <Highlighted text={hit.name} words={hit.matchedIn === 'title' ? words : []} />
          </AppLink>
        </h3>
        {hit.illustrative && <IllustrativeTag />}
      </Space>
      {hit.matchedIn === 'text' && words.length > 0 && (
        <Typography.Paragraph type="secondary" className="ow-result-why" data-testid="services-result-why">
          {t('services.matchedText', { words: words.join('”“') })}
        </Typography.Paragraph>
      )}
      <dl className="ow-result-meta">
        <div>
          <dt>{t('services.department')}</dt>
          <dd>{hit.departmentName}</dd>
        </div>
        <div>
          <dt>{t('services.region')}</dt>
          <dd>{hit.regionName}</dd>
        </div>
        <div>
          <dt>{t('catalog.itemType')}</dt>
          <dd>{label(lang, 'itemType', hit.itemType)}</dd>
        </div>
        <div>
          <dt>{t('catalog.element.handlingKind')}</dt>
          <dd>
            {label(lang, 'handlingKind', hit.handlingKind)}
            {hit.promisedDays !== null &&
              hit.handlingKind !== 'immediate' &&
              ` · ${t('services.promised', { n: hit.promisedDays })}`}
          </dd>
        </div>
      </dl>
    </li>
  );
}

function Browse({ region, onPick }: { region: string | null; onPick: (f: Filter) => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [tab, setTab] = useState<'lifeEvents' | 'departments' | 'itemTypes'>('lifeEvents');
  const narrow = useNarrow();
  const life = useLoad(
    ['catalog.browse.lifeEvents', tab, region],
    tab === 'lifeEvents' ? (s) => SearchApi.lifeEvents(region, s) : null,
  );
  const depts = useLoad(
    ['catalog.browse.departments', tab, region],
    tab === 'departments' ? (s) => SearchApi.departments(region, s) : null,
  );
  const types = useLoad(
    ['catalog.browse.itemTypes', tab, region],
    tab === 'itemTypes' ? (s) => SearchApi.itemTypes(region, s) : null,
  );

  const list = (loading: boolean, error: unknown, buttons: React.ReactNode[], testId: string) =>
    loading ? (
      <Spin description={t('common.loading')} />
    ) : error ? (
      <Alert type="error" showIcon role="alert" title={errorText(error, i18n)} />
    ) : buttons.length === 0 ? (
      <Typography.Paragraph>{t('services.browseEmpty')}</Typography.Paragraph>
    ) : (
      <ul className="ow-buckets" data-testid={testId}>
        {buttons.map((b, i) => (
          <li key={i}>{b}</li>
        ))}
      </ul>
    );

  return (
    <section aria-labelledby="ow-browse-heading" data-testid="services-browse">
      <Typography.Title level={2} id="ow-browse-heading" className="ow-h3">
        {t('services.browse')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        // On a phone (elder mode's larger text above all) the three tabs must fit: antd's overflow menu breaks ARIA.
        tabBarGutter={narrow ? 12 : undefined}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          {
            key: 'lifeEvents',
            label: <span data-testid="browse-tab-lifeEvents">{t('services.byLifeEvent')}</span>,
            children: list(
              life.loading,
              life.error,
              (life.data?.items ?? []).map((e) => (
                <Button
                  key={e.lifeEvent}
                  onClick={() =>
                    onPick({ ...NO_FILTER, lifeEvent: e.lifeEvent, lifeEventName: lang === 'zh-CN' ? e.zh : e.en })
                  }
                  data-testid="browse-life-event"
                >
                  {t('services.bucket', { name: lang === 'zh-CN' ? e.zh : e.en, n: e.count })}
                </Button>
              )),
              'browse-life-events',
            ),
          },
          {
            key: 'departments',
            label: <span data-testid="browse-tab-departments">{t('services.byDepartment')}</span>,
            children: list(
              depts.loading,
              depts.error,
              (depts.data?.items ?? []).map((d) => (
                <Button
                  key={d.departmentCode}
                  onClick={() =>
                    onPick({ ...NO_FILTER, department: d.departmentCode, departmentName: d.departmentName })
                  }
                  data-testid="browse-department"
                >
                  {t('services.bucket', { name: d.departmentName, n: d.count })}
                </Button>
              )),
              'browse-departments',
            ),
          },
          {
            key: 'itemTypes',
            label: <span data-testid="browse-tab-itemTypes">{t('services.byItemType')}</span>,
            children: list(
              types.loading,
              types.error,
              (types.data?.items ?? []).map((it) => (
                <Button
                  key={it.itemType}
                  onClick={() => onPick({ ...NO_FILTER, itemType: it.itemType })}
                  data-testid="browse-item-type"
                >
                  {t('services.bucket', { name: label(lang, 'itemType', it.itemType), n: it.count })}
                </Button>
              )),
              'browse-item-types',
            ),
          },
        ]}
      />
    </section>
  );
}

export function ServicesPage() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const initial = useRef(fromUrl());
  const [q, setQ] = useState(initial.current.q);
  const [region, setRegion] = useState<string | null>(initial.current.region);
  const [filter, setFilter] = useState<Filter>(initial.current.filter);
  // The search last submitted (null: none yet, or a cleared one); results load page by page through TanStack Query.
  const [submitted, setSubmitted] = useState<SearchParams | null>(null);
  const results = useInfiniteQuery({
    queryKey: ['catalog.search', submitted],
    queryFn: ({ pageParam, signal }) => SearchApi.search({ ...submitted, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: submitted !== null,
  });
  const hits: SearchHit[] | null = submitted && results.data ? results.data.pages.flatMap((p) => p.items) : null;
  const firstPage = submitted && results.data ? results.data.pages[0] : null;
  const words = firstPage?.words ?? [];
  const interpreted = firstPage?.interpretedAs ?? null;
  const [emptyAsked, setEmptyAsked] = useState(false);
  const cursor = submitted !== null && results.hasNextPage;
  const loading = submitted !== null && results.isFetching;
  const error = submitted && results.error ? errorText(results.error, i18n) : null;

  const submittedRef = useRef<SearchParams | null>(null);
  const refetch = useRef(results.refetch);
  refetch.current = results.refetch;
  const run = useCallback((params: SearchParams | null) => {
    if (params && submittedRef.current && JSON.stringify(submittedRef.current) === JSON.stringify(params)) {
      void refetch.current();
      return;
    }
    submittedRef.current = params;
    setSubmitted(params);
  }, []);

  const search = useCallback(
    (query: string, reg: string | null, f: Filter) => {
      toUrl(query, reg, f);
      setEmptyAsked(!query.trim() && !hasFilter(f));
      if (!query.trim() && !hasFilter(f)) {
        run(null);
        return;
      }
      run({
        q: query.trim() || null,
        region: reg,
        department: f.department,
        lifeEvent: f.lifeEvent as SearchParams['lifeEvent'],
        itemType: f.itemType as SearchParams['itemType'],
      });
    },
    [run],
  );

  useEffect(() => {
    const i = initial.current;
    if (i.q.trim() || hasFilter(i.filter)) search(i.q, i.region, i.filter);
  }, [search]);

  const filterText = filter.department
    ? t('services.filterDepartment', { name: filter.departmentName ?? filter.department })
    : filter.lifeEvent
      ? t('services.filterLifeEvent', { name: filter.lifeEventName ?? filter.lifeEvent })
      : filter.itemType
        ? t('services.filterItemType', { name: label(lang, 'itemType', filter.itemType) })
        : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="services-page">
      <div>
        <Typography.Title level={1} data-testid="page-title">
          {t('services.heading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('services.intro')}</Typography.Paragraph>
      </div>
      <form
        role="search"
        aria-label={t('services.searchLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          search(q, region, filter);
        }}
        data-testid="services-form"
      >
        <Space wrap align="end" size="middle">
          <div>
            <label htmlFor="ow-services-q" className="ow-field-label">
              {t('services.searchLabel')}
            </label>
            <Input
              id="ow-services-q"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('services.searchPlaceholder')}
              allowClear
              maxLength={100}
              style={{ width: 360, maxWidth: '80vw' }}
              data-testid="services-q"
            />
          </div>
          <div>
            <label htmlFor="ow-services-region" className="ow-field-label">
              {t('services.regionLabel')}
            </label>
            <RegionCascader
              id="ow-services-region"
              value={region}
              onChange={(r) => {
                setRegion(r);
                if (q.trim() || hasFilter(filter)) search(q, r, filter);
                else toUrl(q, r, filter);
              }}
              testId="services-region"
              style={{ width: 280, maxWidth: '80vw' }}
            />
          </div>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined aria-hidden />}
            loading={loading && !cursor}
            data-testid="services-submit"
          >
            {t('services.search')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('services.regionHint')}
        </Typography.Paragraph>
      </form>

      <Browse
        region={region}
        onPick={(f) => {
          setFilter(f);
          search(q, region, f);
        }}
      />

      <section aria-labelledby="ow-results-heading" data-testid="services-results">
        <Space wrap align="center">
          <Typography.Title level={2} id="ow-results-heading" className="ow-h3">
            {t('services.results')}
          </Typography.Title>
          {filterText && (
            <Button
              size="small"
              icon={<CloseOutlined aria-hidden />}
              onClick={() => {
                setFilter(NO_FILTER);
                search(q, region, NO_FILTER);
              }}
              aria-label={t('services.clearFilter', { filter: filterText })}
              data-testid="services-clear-filter"
            >
              {filterText}
            </Button>
          )}
        </Space>
        <div aria-live="polite" className="ow-results-status" data-testid="services-status">
          {loading && !hits
            ? t('common.loading')
            : hits
              ? t('services.count', { n: hits.length, more: cursor ? '+' : '' })
              : emptyAsked
                ? t('services.emptyQuery')
                : t('services.prompt')}
        </div>
        {interpreted && hits && hits.length > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="services-interpreted"
            title={t(`services.interpreted.${interpreted.via}`, { q: interpreted.q })}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={error}
            data-testid="services-error"
            style={{ marginTop: 12 }}
          />
        )}
        {hits && hits.length === 0 && !loading && (
          <div data-testid="services-empty">
            <Typography.Paragraph>{t('services.noResults')}</Typography.Paragraph>
            <Space wrap size="small" align="center">
              <span>{t('services.tryPopular')}</span>
              {POPULAR.map((p) => (
                <Button
                  key={p}
                  size="small"
                  onClick={() => {
                    setQ(p);
                    search(p, region, filter);
                  }}
                  data-testid="services-popular"
                >
                  {p}
                </Button>
              ))}
            </Space>
            <Typography.Paragraph style={{ marginTop: 8 }}>{t('services.hotline')}</Typography.Paragraph>
          </div>
        )}
        {hits && hits.length > 0 && (
          <ol className="ow-results" data-testid="services-result-list">
            {hits.map((h) => (
              <Result key={h.implementationId} hit={h} words={words} />
            ))}
          </ol>
        )}
        {cursor && (
          <Button
            style={{ marginTop: 12 }}
            onClick={() => void results.fetchNextPage()}
            loading={loading}
            data-testid="services-load-more"
          >
            {t('catalog.loadMore')}
          </Button>
        )}
      </section>
    </Space>
  );
}
