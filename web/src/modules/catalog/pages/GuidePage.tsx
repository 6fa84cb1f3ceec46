/**
 * 办事指南 (public): the guide JSON's sections in order — labelled fields, lists, tables (materials as a table on a
 * wide screen, as cards on a phone) — with 打印 (window.print(); the print styles in catalog.css hide the
 * navigation) and a 下载 PDF link to guide.pdf. The 版本与核验 section (digest, derivation, certificate-type codes,
 * semantic keys) is a collapsed panel at the end, left out of print but for one line.
 * `?version=N` shows a published version, `?preview=true` a staff preview of the working copy.
 */
import { useDeferredValue, useMemo } from 'react';
import { Alert, Button, Collapse, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, FormOutlined, PrinterOutlined } from '@ant-design/icons';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { useNavigate } from '../../../shell/navigation.ts';
import { IllustrativeTag } from '../components/CatalogTags.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { GuideApi, bi, guidePdfUrl, type Guide, type GuideBlock, type GuideQuery } from '../api.ts';
import { servicesBackUrl } from '../services-url.ts';
import { dateTime } from '../components/labels.ts';
import '../components/catalog.css';
import type { PageProps } from '../../../shell/module.ts';
import { serverFirstPaint } from '../../../shell/first-paint.ts';
import { PageLoading } from '../../../shell/route-page.tsx';

function queryFromLocation(): GuideQuery {
  const p = new URLSearchParams(window.location.search);
  const v = Number(p.get('version'));
  return { preview: p.get('preview') === 'true', version: Number.isInteger(v) && v > 0 ? v : null };
}

/** A cell's text; a web address (a blank form or sample the department publishes) as a download link. */
function CellValue({ value }: { value: string }) {
  const { t } = useI18n();
  if (/^https?:\/\/\S+$/.test(value))
    return (
      <a href={value} target="_blank" rel="noopener noreferrer">
        {t('guide.fileLink')}
      </a>
    );
  return <>{value}</>;
}

function Block({ block, sectionKey }: { block: GuideBlock; sectionKey: string }) {
  const { lang, t } = useI18n();
  const id = `ow-guide-${sectionKey}-${block.key}`;
  switch (block.kind) {
    case 'fields':
      return (
        <dl className="ow-guide-fields" data-testid={`guide-fields-${block.key}`}>
          {block.fields.map((f) => (
            <div key={f.key} className="ow-guide-field">
              <dt>{bi(f.label, lang)}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'list':
      return (
        <div className="ow-guide-block">
          {block.label && (
            <h3 className="ow-guide-label" id={id}>
              {bi(block.label, lang)}
            </h3>
          )}
          <ol
            className="ow-guide-list"
            aria-labelledby={block.label ? id : undefined}
            data-testid={`guide-list-${block.key}`}
          >
            {block.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
        </div>
      );
    case 'table':
      return (
        <div className="ow-guide-block ow-guide-table-wrap">
          <table className="ow-guide-table" data-testid={`guide-table-${block.key}`}>
            {block.label && <caption>{bi(block.label, lang)}</caption>}
            <thead>
              <tr>
                {block.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {bi(c.label, lang)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.length === 0 && (
                <tr>
                  <td colSpan={block.columns.length}>{t('catalog.none')}</td>
                </tr>
              )}
              {block.rows.map((row, i) => (
                <tr key={i}>
                  {block.columns.map((c) => (
                    <td key={c.key}>
                      <CellValue value={row[c.key] ?? ''} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <TableCards block={block} />
        </div>
      );
  }
}

/** A table's rows as cards (shown instead of the table on a phone, see catalog.css): title, then label · value. */
function TableCards({ block }: { block: Extract<GuideBlock, { kind: 'table' }> }) {
  const { lang, t } = useI18n();
  const columns = block.columns.filter((c) => c.key !== 'index');
  const [title, ...rest] = columns;
  if (!title) return null;
  return (
    <div className="ow-guide-cards" data-testid={`guide-cards-${block.key}`}>
      {block.label && <div className="ow-guide-cards-caption">{bi(block.label, lang)}</div>}
      {block.rows.length === 0 && <p>{t('catalog.none')}</p>}
      <ol className="ow-guide-card-list">
        {block.rows.map((row, i) => (
          <li key={i} className="ow-guide-card" data-testid="guide-card">
            <div className="ow-guide-card-title">{row[title.key] ?? ''}</div>
            <dl>
              {rest
                .filter((c) => row[c.key])
                .map((c) => (
                  <div key={c.key}>
                    <dt>{bi(c.label, lang)}</dt>
                    <dd>
                      <CellValue value={row[c.key]!} />
                    </dd>
                  </div>
                ))}
            </dl>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The section people who check a guide want, and applicants do not: shown collapsed, never printed. */
const VERIFICATION = 'version';

function GuideView({ guide, query }: { guide: Guide; query: GuideQuery }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const verification = guide.sections.find((s) => s.key === VERIFICATION);
  return (
    <article className="ow-guide" data-testid="guide" data-illustrative={guide.illustrative ? 'true' : 'false'}>
      <Space wrap align="center">
        <Typography.Title level={1} data-testid="page-title" style={{ margin: 0 }}>
          {guide.title}
        </Typography.Title>
        {guide.illustrative && <IllustrativeTag />}
      </Space>
      <p className="ow-guide-subtitle">
        {t('guide.subtitle', { region: guide.region.name, department: guide.department.name })}
      </p>
      {guide.illustrative && (
        <Alert
          type="warning"
          showIcon
          className="ow-guide-notice"
          title={guide.notice ? bi(guide.notice, lang) : t('catalog.illustrativeNotice')}
          data-testid="guide-illustrative-notice"
        />
      )}
      {guide.statusNotice && (
        <Alert
          type="info"
          showIcon
          className="ow-guide-notice"
          title={bi(guide.statusNotice, lang)}
          data-testid="guide-status-notice"
        />
      )}
      <Space wrap className="ow-no-print ow-guide-tools" data-testid="guide-tools">
        {!guide.preview && !guide.statusNotice && (
          // 办理: the cases module's application form for this implementation (signing in first when needed).
          <Button
            type="primary"
            icon={<FormOutlined aria-hidden />}
            href={`/cases/apply/${guide.implementationId}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/cases/apply/${guide.implementationId}`);
            }}
            data-testid="guide-apply"
          >
            {t('guide.apply')}
          </Button>
        )}
        <Button
          type="primary"
          icon={<PrinterOutlined aria-hidden />}
          onClick={() => window.print()}
          data-testid="guide-print"
        >
          {t('guide.print')}
        </Button>
        {!guide.preview && (
          <a
            className="ow-guide-pdf"
            href={guidePdfUrl(guide.implementationId, query)}
            download
            data-testid="guide-pdf"
          >
            <DownloadOutlined aria-hidden /> {t('guide.pdf')}
          </a>
        )}
      </Space>
      <p className="ow-guide-meta">
        {t('guide.meta', { code: guide.code, version: guide.version, effectiveFrom: guide.effectiveFrom })}
        {guide.publishedAt && ` · ${t('guide.publishedAt', { at: dateTime(guide.publishedAt) })}`}
      </p>
      {guide.sections
        .filter((s) => s.key !== VERIFICATION)
        .map((s) => (
          <section
            key={s.key}
            className="ow-guide-section"
            aria-labelledby={`ow-guide-h-${s.key}`}
            data-testid={`guide-section-${s.key}`}
            data-section={s.key}
          >
            <h2 id={`ow-guide-h-${s.key}`}>{bi(s.heading, lang)}</h2>
            {s.blocks.map((b) => (
              <Block key={b.key} block={b} sectionKey={s.key} />
            ))}
          </section>
        ))}
      {verification && (
        <Collapse
          className="ow-no-print ow-guide-verification"
          data-testid="guide-verification"
          items={[
            {
              key: verification.key,
              label: <h2 className="ow-guide-verification-heading">{bi(verification.heading, lang)}</h2>,
              children: (
                <section aria-label={bi(verification.heading, lang)} data-testid="guide-section-version">
                  <p className="ow-guide-meta">{t('guide.verificationIntro')}</p>
                  {verification.blocks.map((b) => (
                    <Block key={b.key} block={b} sectionKey={verification.key} />
                  ))}
                </section>
              ),
            },
          ]}
        />
      )}
      <p className="ow-print-only ow-guide-meta" data-testid="guide-verification-line">
        {t('guide.verificationLine', { version: guide.version, effectiveFrom: guide.effectiveFrom })}
      </p>
    </article>
  );
}

export function GuidePage({ params }: PageProps) {
  const id = params.id;
  const i18n = useI18n();
  const { t } = i18n;
  const query = useMemo(queryFromLocation, [id]);
  const guide = useLoad(['catalog.guide', id, query], (s) => GuideApi.guide(id, query, s));
  // The guide is drawn in a deferred render, which React slices and interrupts: the long page (every section, each
  // table also as cards) does not block the main thread in one long task when the answer arrives.
  const data = useDeferredValue(guide.data);
  const waiting = !data && !guide.error;
  // Opened from its address: the server's first paint of this guide stays until the guide is drawn.
  if (waiting && serverFirstPaint()) return <PageLoading />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="guide-page">
      <div className="ow-no-print">
        <AppLink to={servicesBackUrl()} data-testid="guide-back">
          ← {t('guide.back')}
        </AppLink>
      </div>
      {waiting ? (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin size="large" description={t('common.loading')} />
        </div>
      ) : data ? (
        <GuideView guide={data} query={query} />
      ) : (
        <>
          <Typography.Title level={1} data-testid="page-title">
            {t('nav.guide')}
          </Typography.Title>
          <Alert type="error" showIcon role="alert" title={errorText(guide.error, i18n)} data-testid="guide-error" />
        </>
      )}
    </Space>
  );
}
