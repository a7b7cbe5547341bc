import { useState } from 'react';
import { App, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { orgEditorRoles, type Grid, type GridKind, type PersonRef } from '@lastmile/shared';
import { apiUrl } from '../../lib/api';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useDeleteGrid, useGrids, type GridFilters } from './api';
import { GridFormModal } from './GridFormModal';
import { HouseholdsDrawer } from './HouseholdsDrawer';
import { PersonRefs } from '../../components/PersonRefs';
import { RegionFilter } from '../../components/RegionFilter';
import { reportError } from '../../lib/form-errors';
import { offsetPagination } from '../../lib/pagination';

const pageSize = 20;

/** The grids (网格) of the jurisdiction with their heads and workers. */
export function GridsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canEdit = orgEditorRoles.includes(me.role);
  const [filters, setFilters] = useState<GridFilters>({ limit: pageSize, offset: 0 });
  const [modal, setModal] = useState<{ open: boolean; editing?: Grid }>({ open: false });
  const [householdsOf, setHouseholdsOf] = useState<Grid>();
  const grids = useGrids(filters);
  const remove = useDeleteGrid();

  const deleteGrid = async (grid: Grid) => {
    try {
      await remove.mutateAsync(grid.id);
      void message.success(t('org.grids.deleted'));
    } catch (error) {
      reportError(message, error);
    }
  };

  if (grids.error) {
    return <QueryError error={grids.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <RegionFilter
            value={filters.regionCode}
            onChange={(regionCode) => setFilters((current) => ({ ...current, regionCode, offset: 0 }))}
            data-testid="grid-region"
          />
          <Input.Search
            allowClear
            placeholder={t('org.grids.searchPlaceholder')}
            onSearch={(q) => setFilters((current) => ({ ...current, q: q || undefined, offset: 0 }))}
            style={{ width: 220 }}
            data-testid="grid-search"
          />
        </Space>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={apiUrl('/org/grid-table.xlsx', { regionCode: filters.regionCode })}
            data-testid="grid-export"
          >
            {t('org.grids.export')}
          </Button>
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true })} data-testid="grid-create">
              {t('org.grids.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Table<Grid>
        data-testid="grid-table"
        rowKey="id"
        size="middle"
        loading={grids.isFetching}
        dataSource={grids.data?.items}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: grids.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('org.grids.village'),
            dataIndex: 'regionName',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                {name}
                <Typography.Text type="secondary">{row.townshipName}</Typography.Text>
              </Space>
            ),
          },
          { title: t('org.grids.name'), dataIndex: 'name' },
          { title: t('org.grids.kind'), dataIndex: 'kind', render: (kind: GridKind) => <Tag>{t(`org.gridKinds.${kind}`)}</Tag> },
          { title: t('org.grids.households'), dataIndex: 'households', align: 'right', render: (value: number | null) => value ?? '—' },
          { title: t('org.grids.residents'), dataIndex: 'residents', align: 'right', render: (value: number | null) => value ?? '—' },
          { title: t('org.postKinds.gridHead'), dataIndex: 'heads', render: (people: PersonRef[]) => <PersonRefs people={people} /> },
          { title: t('org.postKinds.gridWorker'), dataIndex: 'workers', render: (people: PersonRef[]) => <PersonRefs people={people} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: Grid) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setHouseholdsOf(row)} data-testid="grid-households">
                  {t('org.households.open')}
                </Button>
                {canEdit && (
                  <>
                    <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })}>
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={t('org.grids.deleteConfirm', { name: row.name })}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => void deleteGrid(row)}
                    >
                      <Button type="link" size="small" danger data-testid="grid-delete">
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <GridFormModal open={modal.open} editing={modal.editing} onClose={() => setModal({ open: false })} />
      <HouseholdsDrawer grid={householdsOf} onClose={() => setHouseholdsOf(undefined)} />
    </>
  );
}
