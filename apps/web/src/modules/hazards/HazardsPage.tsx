import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { hazardOfficeRoles, type Role } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { HazardsTab } from './HazardsTab';
import { MajorHazardsTab } from './MajorHazardsTab';
import { SummonsTab } from './SummonsTab';
import { PublicReportsTab } from './PublicReportsTab';
import { InspectionsTab } from './InspectionsTab';
import { PatrolsTab } from './PatrolsTab';
import { RandomDrawsTab } from './RandomDrawsTab';
import { StatsTab } from './StatsTab';
import { SettingsTab } from './SettingsTab';
import { HazardDrawer } from './HazardDrawer';

const summonsRoles: readonly Role[] = [...hazardOfficeRoles, 'department'];

const tabs: { key: string; render: () => ReactNode; roles?: readonly Role[] }[] = [
  { key: 'list', render: () => <HazardsTab /> },
  { key: 'major', render: () => <MajorHazardsTab /> },
  { key: 'summons', render: () => <SummonsTab />, roles: summonsRoles },
  { key: 'publicReports', render: () => <PublicReportsTab />, roles: hazardOfficeRoles },
  { key: 'inspections', render: () => <InspectionsTab />, roles: hazardOfficeRoles },
  { key: 'patrols', render: () => <PatrolsTab /> },
  { key: 'randomDraws', render: () => <RandomDrawsTab />, roles: hazardOfficeRoles },
  { key: 'stats', render: () => <StatsTab /> },
  { key: 'settings', render: () => <SettingsTab /> },
];

/**
 * 隐患闭环: the hazard ledger and its closed loop (上报 → 核实 → 交办 → 整改 → 验收 → 销号), the
 * major hazard list, 吹哨报到, public reports, inspections, patrols from the field app and 双随机,
 * statistics and settings.
 * `?hazard=ID` opens one hazard's drawer over whichever tab is shown.
 */
export function HazardsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const shown = tabs.filter((tab) => !tab.roles || tab.roles.includes(me.role));
  const active = shown.find((tab) => tab.key === params.get('tab'))?.key ?? 'list';
  const hazardId = params.get('hazard') ?? undefined;

  const closeHazard = () =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.delete('hazard');
      return next;
    });

  return (
    <Card title={t('hazards.title')}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key })}
        // Only the open tab loads its data.
        destroyOnHidden
        items={shown.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`hazards-tab-${tab.key}`}>{t(`hazards.tabs.${tab.key}`)}</span>,
          children: tab.render(),
        }))}
      />
      <HazardDrawer id={hazardId} onClose={closeHazard} />
    </Card>
  );
}
