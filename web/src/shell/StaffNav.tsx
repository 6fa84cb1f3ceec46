/**
 * The signed-in caller's menu (antd Menu), in its own chunk: the shell loads it only once someone is signed in, so
 * the public pages' first screen never downloads it.
 */
import { Menu } from 'antd';
import type { MenuEntry } from './access.ts';
import { useI18n } from './i18n.ts';

export default function StaffNav({
  mode,
  menu,
  selected,
  onPick,
}: {
  mode: 'inline' | 'horizontal';
  menu: readonly MenuEntry[];
  selected: string | null;
  onPick: (entry: MenuEntry) => void;
}) {
  const { t } = useI18n();
  const items = menu.map(({ icon: Icon, ...n }) => ({
    key: n.key,
    icon: <Icon aria-hidden />,
    label: t(n.title),
    'data-testid': `menu-${n.key}`,
  }));
  return (
    <nav aria-label={t('nav.label')} data-testid="main-nav">
      <Menu
        mode={mode}
        items={items}
        selectedKeys={selected ? [selected] : []}
        onClick={({ key }) => {
          const item = menu.find((n) => n.key === key);
          if (item) onPick(item);
        }}
        style={mode === 'inline' ? { borderInlineEnd: 'none' } : undefined}
      />
    </nav>
  );
}
