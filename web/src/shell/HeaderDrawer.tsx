/**
 * The phone header's menu drawer (antd Drawer), in its own chunk: AppHeader loads it the first time the menu is
 * opened, so a phone's first screen does not wait for it.
 */
import type { ReactNode } from 'react';
import { Drawer } from 'antd';

export default function HeaderDrawer({
  open,
  onClose,
  title,
  elder,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  elder: boolean;
  children: ReactNode;
}) {
  return (
    <Drawer
      id="ow-header-drawer"
      open={open}
      onClose={onClose}
      placement="right"
      size="min(360px, 100vw)"
      title={title}
      className={elder ? 'ow-elder ow-header-drawer' : 'ow-header-drawer'}
      data-testid="header-drawer"
    >
      {children}
    </Drawer>
  );
}
