import type { ReactNode } from 'react';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isAdmin, useMe } from './session';

/** Pages for administrators; the server enforces the same rule on every call. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  const { t } = useTranslation();
  if (!isAdmin(me)) {
    return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  }
  return children;
}
