import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { ledgerEditorRoles } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { UnitsTab } from './UnitsTab';
import { HazardSourcesTab } from './HazardSourcesTab';
import { HazardStatsTab } from './HazardStatsTab';
import { LedgerSettingsTab } from './LedgerSettingsTab';
import { LedgerImportTab } from './LedgerImportTab';

const tabs: { key: string; render: () => ReactNode; editorsOnly?: boolean }[] = [
  { key: 'units', render: () => <UnitsTab /> },
  { key: 'hazardSources', render: () => <HazardSourcesTab /> },
  { key: 'stats', render: () => <HazardStatsTab /> },
  { key: 'settings', render: () => <LedgerSettingsTab /> },
  { key: 'import', render: () => <LedgerImportTab />, editorsOnly: true },
];

/** 单位台账: units under supervision, hazard sources, the statistics table and the settings. */
export function UnitsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const shown = tabs.filter((tab) => !tab.editorsOnly || ledgerEditorRoles.includes(me.role));
  const active = shown.find((tab) => tab.key === params.get('tab'))?.key ?? 'units';

  return (
    <Card title={t('units.title')}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key })}
        // Only the open tab loads its data.
        destroyOnHidden
        items={shown.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`units-tab-${tab.key}`}>{t(`units.tabs.${tab.key}`)}</span>,
          children: tab.render(),
        }))}
      />
    </Card>
  );
}
