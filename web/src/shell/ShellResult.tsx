/** "Not found" and "not allowed" (antd Result, with its pictures), in their own chunk: the public pages never need them. */
import type { ReactNode } from 'react';
import { Result } from 'antd';

export default function ShellResult({
  status,
  title,
  extra,
}: {
  status: '404' | '403';
  title: ReactNode;
  extra: ReactNode;
}) {
  return <Result status={status} title={title} extra={extra} />;
}
