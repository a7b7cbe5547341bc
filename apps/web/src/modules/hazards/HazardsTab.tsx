import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  hazardGrades,
  hazardKinds,
  hazardOrigins,
  hazardReporterRoles,
  hazardStates,
  sectors,
  type HazardSummary,
  type HazardGrade,
  type HazardKind,
  type HazardOrigin,
  type HazardState,
  type Sector,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { FilterSelect } from '../../components/FilterSelect';
import { FilterSwitch } from '../../components/FilterSwitch';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { hazardExportUrl, useHazardCount, useHazards, type HazardFilters } from './api';
import { hazardStateColours, enumOptions } from './labels';
import { HazardGradeTag } from './HazardTags';
import { hazardRowProps, sharedHazardColumns } from './HazardColumns';
import { HazardFormModal } from './HazardFormModal';

const pageSize = 20;

/** 隐患台账: every hazard in the user's scope, with the filters of 一单四制's list. */
export function HazardsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canReport = hazardReporterRoles.includes(me.role);
  const [filters, setFilters] = useState<HazardFilters>({ limit: pageSize, offset: 0 });
  const [creating, setCreating] = useState(false);
  const hazards = useHazards(filters);
  const count = useHazardCount(filters);
  const shared = sharedHazardColumns(t);

  const filter = (patch: Partial<HazardFilters>) =>
    setFilters((current) => ({ ...current, ...patch, offset: 0 }));

  if (hazards.error) {
    return <QueryError error={hazards.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <RegionFilter
            value={filters.regionCode}
            onChange={(regionCode) => filter({ regionCode })}
            data-testid="hazard-region"
          />
          <Input.Search
            allowClear
            placeholder={t('hazards.searchPlaceholder')}
            onSearch={(q) => filter({ q: q || undefined })}
            style={{ width: 220 }}
            data-testid="hazard-search"
          />
          <Select<HazardState[]>
            mode="multiple"
            allowClear
            value={filters.state ?? []}
            placeholder={t('hazards.allStates')}
            style={{ minWidth: 180 }}
            onChange={(state) => filter({ state: state.length > 0 ? state : undefined })}
            options={enumOptions(hazardStates, 'hazard.state', t)}
            tagRender={({ value, label, closable, onClose }) => (
              <Tag
                color={hazardStateColours[value as HazardState]}
                closable={closable}
                onClose={onClose}
                style={{ marginInlineEnd: 4 }}
              >
                {label}
              </Tag>
            )}
            data-testid="hazard-state-filter"
          />
          <FilterSelect<HazardGrade>
            value={filters.grade}
            width={130}
            onChange={(grade) => filter({ grade })}
            allLabel={t('hazards.allGrades')}
            options={enumOptions(hazardGrades, 'hazard.grade', t)}
            testId="hazard-grade-filter"
          />
          <FilterSelect<HazardKind>
            value={filters.kind}
            width={140}
            searchable
            onChange={(kind) => filter({ kind })}
            allLabel={t('hazards.allKinds')}
            options={enumOptions(hazardKinds, 'hazard.kind', t)}
            testId="hazard-kind-filter"
          />
          <FilterSelect<Sector>
            value={filters.sector}
            width={160}
            searchable
            onChange={(sector) => filter({ sector })}
            allLabel={t('hazards.allSectors')}
            options={enumOptions(sectors, 'ledger.sector', t)}
            testId="hazard-sector-filter"
          />
          <FilterSelect<HazardOrigin>
            value={filters.origin}
            width={140}
            onChange={(origin) => filter({ origin })}
            allLabel={t('hazards.allOrigins')}
            options={enumOptions(hazardOrigins, 'hazard.origin', t)}
            testId="hazard-origin-filter"
          />
          <FilterSwitch
            value={filters.overdue}
            onChange={(overdue) => filter({ overdue })}
            label={t('hazards.onlyOverdue')}
            testId="hazard-overdue-filter"
          />
          <FilterSwitch
            value={filters.mine}
            onChange={(mine) => filter({ mine })}
            label={t('hazards.onlyMine')}
            testId="hazard-mine-filter"
          />
        </Space>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={hazardExportUrl(filters)}
            data-testid="hazard-export"
          >
            {t('hazards.export')}
          </Button>
          {canReport && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="hazard-create"
            >
              {t('hazards.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Table<HazardSummary>
        data-testid="hazards-table"
        rowKey="id"
        size="middle"
        loading={hazards.isFetching}
        dataSource={hazards.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={hazardRowProps}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          // The exact total when it has arrived; until then, enough to page on by.
          total:
            count.data?.total ??
            (hazards.data &&
              filters.offset + hazards.data.items.length + (hazards.data.hasMore ? 1 : 0)),
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          shared.number,
          {
            title: t('hazards.titleLabel'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text type={row.overdue ? 'danger' : undefined}>{title}</Typography.Text>
                <Typography.Text type="secondary">
                  {t(`hazard.kind.${row.kind}`)} · {t(`ledger.sector.${row.sector}`)}
                </Typography.Text>
              </Space>
            ),
          },
          shared.place,
          {
            title: t('hazards.grade'),
            dataIndex: 'grade',
            render: (grade: HazardGrade) => <HazardGradeTag grade={grade} />,
          },
          shared.state,
          shared.assignment,
          {
            title: t('hazards.origin'),
            dataIndex: 'origin',
            render: (origin: HazardOrigin) => t(`hazard.origin.${origin}`),
          },
          {
            title: t('hazards.reportedAt'),
            dataIndex: 'createdAt',
            render: (at: string, row) => (
              <Space orientation="vertical" size={0}>
                {formatDateTime(at)}
                <Typography.Text type="secondary">{row.finder.name}</Typography.Text>
              </Space>
            ),
          },
        ]}
      />
      <HazardFormModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
