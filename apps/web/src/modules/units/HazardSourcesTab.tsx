import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { hazardSourceKinds, ledgerEditorRoles, type HazardSource, type HazardSourceKind } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { LedgerExportButton } from '../../components/LedgerExportButton';
import { LedgerSummaryBar, type LedgerGrouping } from '../../components/LedgerSummaryBar';
import { offsetPagination } from '../../lib/pagination';
import { useHazardSources, useLedgerSummary, type HazardSourceFilters } from './api';
import { HazardSourceFormModal } from './HazardSourceFormModal';
import { FilterSelect } from '../../components/FilterSelect';

const pageSize = 20;

/** 危险源: hazard sources of the units, and standalone ones (dams, stores). */
export function HazardSourcesTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = ledgerEditorRoles.includes(me.role);
  const [filters, setFilters] = useState<HazardSourceFilters>({ limit: pageSize, offset: 0 });
  const [groupBy, setGroupBy] = useState<LedgerGrouping>('kind');
  const [modal, setModal] = useState<{ open: boolean; editing?: HazardSource }>({ open: false });
  const sources = useHazardSources(filters);
  const summary = useLedgerSummary('hazardSources', groupBy, filters.regionCode);

  const filter = (patch: Partial<HazardSourceFilters>) => setFilters((current) => ({ ...current, ...patch, offset: 0 }));

  if (sources.error) {
    return <QueryError error={sources.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <RegionFilter value={filters.regionCode} onChange={(regionCode) => filter({ regionCode })} data-testid="hazard-source-region" />
          <Input.Search
            allowClear
            placeholder={t('units.hazardSources.searchPlaceholder')}
            onSearch={(q) => filter({ q: q || undefined })}
            style={{ width: 220 }}
            data-testid="hazard-source-search"
          />
          <FilterSelect<HazardSourceKind>
            value={filters.kind}
            width={180}
            onChange={(kind) => filter({ kind })}
            allLabel={t('units.hazardSources.allKinds')}
            options={hazardSourceKinds.map((kind) => ({ value: kind, label: t(`ledger.hazardSourceKind.${kind}`) }))}
            testId="hazard-source-kind-filter"
          />
          <FilterSelect<'true' | 'false'>
            value={filters.major}
            width={150}
            onChange={(major) => filter({ major })}
            allLabel={t('units.hazardSources.allGrades')}
            options={[
              { value: 'true', label: t('units.hazardSources.major') },
              { value: 'false', label: t('units.hazardSources.notMajor') },
            ]}
            testId="hazard-source-major-filter"
          />
        </Space>
        <Space wrap>
          <LedgerExportButton ledger="hazardSources" filters={{ ...filters }} />
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true })} data-testid="hazard-source-create">
              {t('units.hazardSources.create')}
            </Button>
          )}
        </Space>
      </Space>
      <LedgerSummaryBar
        summary={summary.data}
        groupings={['kind', 'area']}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        nameOf={(key) => t(`ledger.hazardSourceKind.${key}`)}
        onPick={groupBy === 'kind' ? (key) => filter({ kind: key as HazardSourceKind }) : undefined}
        data-testid="hazard-source-summary"
      />
      <Table<HazardSource>
        data-testid="hazard-sources-table"
        rowKey="id"
        size="middle"
        loading={sources.isFetching}
        dataSource={sources.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: sources.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          { title: t('units.hazardSources.name'), dataIndex: 'name' },
          {
            title: t('units.hazardSources.unit'),
            dataIndex: 'unitName',
            render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('units.hazardSources.standalone')}</Typography.Text>,
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
            title: t('units.hazardSources.kind'),
            dataIndex: 'kind',
            render: (kind: HazardSourceKind) => t(`ledger.hazardSourceKind.${kind}`),
          },
          {
            title: t('units.hazardSources.major'),
            dataIndex: 'major',
            render: (major: boolean, row) =>
              major ? (
                <Tag color="red">
                  {row.majorGrade ? t(`units.hazardSources.grades.${row.majorGrade}`) : t('units.hazardSources.major')}
                </Tag>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('units.hazardSources.substances'),
            dataIndex: 'substances',
            render: (substances: string | null, row) => (
              <Space orientation="vertical" size={0}>
                {substances ?? '—'}
                {row.quantity && <Typography.Text type="secondary">{row.quantity}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('units.hazardSources.responsiblePerson'),
            dataIndex: 'responsiblePerson',
            render: (name: string | null, row) => (
              <Space orientation="vertical" size={0}>
                {name ?? '—'}
                {row.responsiblePhone && <Typography.Text type="secondary">{row.responsiblePhone}</Typography.Text>}
              </Space>
            ),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: HazardSource) => (
                    <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })} data-testid="hazard-source-edit">
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <HazardSourceFormModal open={modal.open} editing={modal.editing} onClose={() => setModal({ open: false })} />
    </>
  );
}
