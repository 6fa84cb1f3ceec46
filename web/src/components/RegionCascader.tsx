/**
 * A division picker (行政区划): the platform's province at the root, children loaded on demand from
 * /api/v1/reference/divisions?parent=. Any level may be chosen; clearing means "all regions".
 */
import { useEffect, useRef, useState } from 'react';
import { Cascader } from 'antd';
import { call, client, type Division } from '../api/client.ts';
import { queryClient } from '../api/query.ts';
import { useI18n } from '../shell/i18n.ts';

/** The province the platform serves; the catalog's items belong to it (docs/catalog.md). */
export const PLATFORM_PROVINCE = '410000';

interface Option {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: Option[];
}

const toOption = (d: Division): Option => ({ value: d.code, label: d.name, isLeaf: d.level === 'county' });

/** Divisions change rarely: each list and each division is fetched once per page load (through the Query cache). */
const divisionsUnder = (parent: string) =>
  queryClient.fetchQuery({
    queryKey: ['reference.divisions', parent],
    queryFn: ({ signal }) => call(client.GET('/api/v1/reference/divisions', { params: { query: { parent } }, signal })),
    staleTime: Infinity,
  });
const divisionInfo = (code: string) =>
  queryClient.fetchQuery({
    queryKey: ['reference.division', code],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/reference/divisions/{code}', { params: { path: { code } }, signal })),
    staleTime: Infinity,
  });

async function childrenOf(code: string): Promise<Option[]> {
  return (await divisionsUnder(code)).items.map(toOption);
}

function setChildren(list: Option[], code: string, children: Option[]): Option[] {
  return list.map((o) =>
    o.value === code
      ? { ...o, children, isLeaf: children.length === 0 }
      : o.children
        ? { ...o, children: setChildren(o.children, code, children) }
        : o,
  );
}

export interface RegionCascaderProps {
  id: string;
  /** The chosen division code, or null for all. */
  value: string | null;
  onChange: (code: string | null) => void;
  testId?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}

export function RegionCascader({ id, value, onChange, testId, allowClear = true, style }: RegionCascaderProps) {
  const { t } = useI18n();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  // The root, and — for a preset value — the chain of ancestors with their siblings so the label can show.
  useEffect(() => {
    let alive = true;
    (async () => {
      const rootInfo = await divisionInfo(PLATFORM_PROVINCE);
      let tree: Option[] = [{ ...toOption(rootInfo.division), isLeaf: false }];
      let chain: string[] = [];
      if (value && value !== PLATFORM_PROVINCE) {
        const info = await divisionInfo(value);
        // The API lists ancestors nearest first; the picker's path runs from the province down.
        chain = [...info.ancestors.map((d) => d.code).reverse(), info.division.code];
        const start = chain.indexOf(PLATFORM_PROVINCE);
        chain = start >= 0 ? chain.slice(start) : [];
        for (const code of chain.slice(0, -1)) tree = setChildren(tree, code, await childrenOf(code));
      } else if (value === PLATFORM_PROVINCE) {
        chain = [PLATFORM_PROVINCE];
      }
      if (alive) {
        setOptions(tree);
        setPath(chain);
      }
    })().catch(() => {
      /* no division data: the picker stays empty and the search runs without a region */
    });
    return () => {
      alive = false;
    };
    // Only on mount: later changes come from the picker itself (deliberately no dependencies).
  }, []);

  useEffect(() => {
    if (!value) setPath([]);
  }, [value]);

  return (
    <Cascader<Option>
      id={id}
      data-testid={testId}
      options={options}
      value={path}
      changeOnSelect
      allowClear={allowClear}
      placeholder={t('catalog.region.all')}
      style={style}
      classNames={{ popup: { root: 'ow-region-popup' } }}
      loadData={(selected) => {
        const target = selected[selected.length - 1];
        if (!target || target.children) return;
        void childrenOf(target.value).then((children) =>
          setOptions((prev) => setChildren(prev, target.value, children)),
        );
      }}
      onChange={(v) => {
        const p = (v ?? []).map(String);
        setPath(p);
        onChange(p.length ? p[p.length - 1] : null);
      }}
    />
  );
}
