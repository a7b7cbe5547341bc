import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { WarningsTab } from './WarningsTab';
import { CallPlansTab } from './CallPlansTab';

const tabs: { key: string; render: () => ReactNode }[] = [
  { key: 'list', render: () => <WarningsTab /> },
  { key: 'callPlans', render: () => <CallPlansTab /> },
];

/**
 * 预警叫应: the warnings received, issued and relayed in the user's jurisdiction, and the call
 * plans (叫应方案) that say who is called, how, and what happens to the silent. One warning
 * with its 叫应看板 opens at `/warnings/:id`.
 */
export function WarningsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const active = tabs.find((tab) => tab.key === params.get('tab'))?.key ?? 'list';
  return (
    <Card title={t('warnings.title')}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key })}
        destroyOnHidden
        items={tabs.map((tab) => ({
          key: tab.key,
          label: (
            <span data-testid={`warnings-tab-${tab.key}`}>{t(`warnings.tabs.${tab.key}`)}</span>
          ),
          children: tab.render(),
        }))}
      />
    </Card>
  );
}
