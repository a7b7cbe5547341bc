import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { RiskPointsTab } from './RiskPointsTab';
import { OneMap } from './OneMap';

const tabs: { key: string; render: () => ReactNode }[] = [
  { key: 'points', render: () => <RiskPointsTab /> },
  { key: 'map', render: () => <OneMap /> },
];

/** 风险点与一张图: the risk point ledger, and everything on one map. */
export function RisksPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const active = tabs.find((tab) => tab.key === params.get('tab'))?.key ?? 'points';

  return (
    <Card title={t('risks.title')}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key })}
        // Only the open tab loads its data; the map is built when shown, when it has a size.
        destroyOnHidden
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`risks-tab-${tab.key}`}>{t(`risks.tabs.${tab.key}`)}</span>,
          children: tab.render(),
        }))}
      />
    </Card>
  );
}
