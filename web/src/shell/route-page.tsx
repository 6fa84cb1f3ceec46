/** A route's page: loaded on first use, given its path parameters and elder mode. */
import { Suspense, lazy, useMemo, type ComponentType } from 'react';
import { Spin } from 'antd';
import { useParams } from '@tanstack/react-router';
import type { PageProps, WebRoute } from './module.ts';
import { useElder } from './prefs.ts';
import { serverFirstPaint } from './first-paint.ts';

/**
 * A page still loading: the server's first paint of it when the browser loaded this page with one (the markup the
 * server escaped, shell/first-paint.ts), else a spinner.
 */
export function PageLoading() {
  const drawn = serverFirstPaint();
  if (drawn) return <div dangerouslySetInnerHTML={{ __html: drawn }} />;
  return (
    <div style={{ textAlign: 'center', padding: 48 }}>
      <Spin size="large" />
    </div>
  );
}

const pages = new Map<WebRoute, ComponentType<PageProps>>();

/** The page of a route, loaded on first use, with its path parameters and elder mode. */
export function RoutePage({ route }: { route: WebRoute }) {
  let Page = pages.get(route);
  if (!Page) {
    Page = lazy(() => route.page().then((c) => ({ default: c })));
    pages.set(route, Page);
  }
  const raw = useParams({ strict: false }) as Record<string, string | undefined>;
  const params = useMemo(
    () => Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string')),
    [raw],
  );
  const elder = useElder();
  return (
    <Suspense fallback={<PageLoading />}>
      <Page key={JSON.stringify(params)} params={params} elder={elder} />
    </Suspense>
  );
}
