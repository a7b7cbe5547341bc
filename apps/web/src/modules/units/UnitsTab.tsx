import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ledgerEditorRoles, sectors, unitStatuses, type Sector, type Unit, type UnitStatus } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { LedgerExportButton } from '../../components/LedgerExportButton';
import { LedgerSummaryBar, type LedgerGrouping } from '../../components/LedgerSummaryBar';
import { offsetPagination } from '../../lib/pagination';
import { useLedgerSettings, useLedgerSummary, useUnits, type UnitFilters } from './api';
import { categoryName, categoryOptions, unitStatusColours } from './labels';
import { UnitFormModal } from './UnitFormModal';
import { FilterSelect } from '../../components/FilterSelect';

const pageSize = 20;

/** 单位台账: the units (生产经营单位) under supervision, their sector and department. */
export function UnitsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = ledgerEditorRoles.includes(me.role);
  const [filters, setFilters] = useState<UnitFilters>({ limit: pageSize, offset: 0 });
  const [groupBy, setGroupBy] = useState<LedgerGrouping>('area');
  const [modal, setModal] = useState<{ open: boolean; editing?: Unit }>({ open: false });
  const units = useUnits(filters);
  const settings = useLedgerSettings();
  const summary = useLedgerSummary('units', groupBy, filters.regionCode);

  const filter = (patch: Partial<UnitFilters>) => setFilters((current) => ({ ...current, ...patch, offset: 0 }));
  const categories = settings.data?.categories ?? [];
  // The server names categories in Chinese; the settings also know their English names.
  const nameOfCategory = (code: string, fallback: string) => {
    const category = categories.find((item) => item.code === code);
    return category ? categoryName(category) : fallback;
  };
  const nameOfGroup = (key: string) => (groupBy === 'sector' ? t(`ledger.sector.${key}`) : nameOfCategory(key, key));

  if (units.error) {
    return <QueryError error={units.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <RegionFilter value={filters.regionCode} onChange={(regionCode) => filter({ regionCode })} data-testid="unit-region" />
          <Input.Search
            allowClear
            placeholder={t('units.units.searchPlaceholder')}
            onSearch={(q) => filter({ q: q || undefined })}
            style={{ width: 220 }}
            data-testid="unit-search"
          />
          <FilterSelect<Sector>
            value={filters.sector}
            width={160}
            onChange={(sector) => filter({ sector })}
            allLabel={t('units.units.allSectors')}
            options={sectors.map((sector) => ({ value: sector, label: t(`ledger.sector.${sector}`) }))}
            testId="unit-sector-filter"
          />
          <FilterSelect<string>
            value={filters.category}
            width={180}
            searchable
            onChange={(category) => filter({ category })}
            allLabel={t('units.units.allCategories')}
            options={categoryOptions(categories)}
            testId="unit-category-filter"
          />
          <FilterSelect<UnitStatus>
            value={filters.status}
            width={130}
            onChange={(status) => filter({ status })}
            allLabel={t('units.units.allStatuses')}
            options={unitStatuses.map((status) => ({ value: status, label: t(`ledger.unitStatus.${status}`) }))}
            testId="unit-status-filter"
          />
          <FilterSelect<'true' | 'false'>
            value={filters.smallVenue}
            width={150}
            onChange={(smallVenue) => filter({ smallVenue })}
            allLabel={t('units.units.allVenues')}
            options={[
              { value: 'true', label: t('units.units.smallVenue') },
              { value: 'false', label: t('units.units.notSmallVenue') },
            ]}
            testId="unit-small-venue-filter"
          />
        </Space>
        <Space wrap>
          <LedgerExportButton ledger="units" filters={{ ...filters }} />
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true })} data-testid="unit-create">
              {t('units.units.create')}
            </Button>
          )}
        </Space>
      </Space>
      <LedgerSummaryBar
        summary={summary.data}
        groupings={['area', 'sector', 'category']}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        nameOf={nameOfGroup}
        onPick={
          groupBy === 'area'
            ? undefined
            : (key) => filter(groupBy === 'sector' ? { sector: key as Sector } : { category: key })
        }
        data-testid="unit-summary"
      />
      <Table<Unit>
        data-testid="units-table"
        rowKey="id"
        size="middle"
        loading={units.isFetching}
        dataSource={units.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: units.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('units.units.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                {name}
                {row.creditCode && <Typography.Text type="secondary">{row.creditCode}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('units.region'),
            dataIndex: 'regionName',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                {name}
                {row.regionCode !== row.townshipCode && <Typography.Text type="secondary">{row.townshipName}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('units.units.category'),
            dataIndex: 'categoryName',
            render: (name: string, row) => (
              <Space size={4} wrap>
                {nameOfCategory(row.category, name)}
                {row.smallVenue && <Tag color="purple">{t('units.units.smallVenue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('units.units.sector'),
            dataIndex: 'sector',
            render: (sector: Sector, row) => (
              <Space orientation="vertical" size={0}>
                {t(`ledger.sector.${sector}`)}
                <Typography.Text type="secondary">{row.supervisingDepartment}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('units.units.safetyContact'),
            dataIndex: 'safetyContact',
            render: (name: string | null, row) => (
              <Space orientation="vertical" size={0}>
                {name ?? '—'}
                {row.safetyContactPhone && <Typography.Text type="secondary">{row.safetyContactPhone}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('units.units.hazardSources'), dataIndex: 'hazardSources', align: 'right' },
          {
            title: t('units.units.status'),
            dataIndex: 'status',
            render: (status: UnitStatus) => <Tag color={unitStatusColours[status]}>{t(`ledger.unitStatus.${status}`)}</Tag>,
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Unit) => (
                    <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })} data-testid="unit-edit">
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <UnitFormModal open={modal.open} editing={modal.editing} onClose={() => setModal({ open: false })} />
    </>
  );
}
