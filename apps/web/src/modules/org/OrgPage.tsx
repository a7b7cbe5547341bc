import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgEditorRoles } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { GridsTab } from './GridsTab';
import { PeopleTab } from './PeopleTab';
import { StaffingTab } from './StaffingTab';
import { DutyTab } from './DutyTab';
import { ExpertsTab } from './ExpertsTab';
import { CardsTab } from './CardsTab';
import { ImportTab } from './ImportTab';

const tabs: { key: string; render: () => ReactNode; editorsOnly?: boolean }[] = [
  { key: 'grids', render: () => <GridsTab /> },
  { key: 'people', render: () => <PeopleTab /> },
  { key: 'staffing', render: () => <StaffingTab /> },
  { key: 'duty', render: () => <DutyTab /> },
  { key: 'experts', render: () => <ExpertsTab /> },
  { key: 'cards', render: () => <CardsTab /> },
  { key: 'import', render: () => <ImportTab />, editorsOnly: true },
];

/** 组织体系: grids, people and their posts, staffing, the duty roster, experts, duty cards. */
export function OrgPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const shown = tabs.filter((tab) => !tab.editorsOnly || orgEditorRoles.includes(me.role));
  const active = shown.find((tab) => tab.key === params.get('tab'))?.key ?? 'grids';

  return (
    <Card title={t('org.title')}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key })}
        // Only the open tab loads its data.
        destroyOnHidden
        items={shown.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`org-tab-${tab.key}`}>{t(`org.tabs.${tab.key}`)}</span>,
          children: tab.render(),
        }))}
      />
    </Card>
  );
}
