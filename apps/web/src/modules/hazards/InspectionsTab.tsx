import { useState } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ChecklistResult, Inspection } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { useInspections } from './api';
import { useOpenHazard } from './HazardLink';
import { InspectionFormModal } from './InspectionFormModal';

const pageSize = 20;

const resultColours: Record<ChecklistResult, string | undefined> = {
  pass: 'success',
  fail: 'error',
  notApplicable: undefined,
};

/** The checklist as marked, with the failed items' notes. */
function ChecklistView({ inspection }: { inspection: Inspection }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {inspection.checklist.map((row, index) => (
        <Space key={index} size={8} align="start">
          <Tag color={resultColours[row.result]} style={{ marginInlineEnd: 0 }}>
            {t(`hazard.checklistResult.${row.result}`)}
          </Tag>
          <span>
            {row.item}
            {row.note && <Typography.Text type="secondary">（{row.note}）</Typography.Text>}
          </span>
        </Space>
      ))}
      {inspection.summary && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {inspection.summary}
        </Typography.Paragraph>
      )}
    </Space>
  );
}

/** 检查: the inspections of units, with their checklists and the hazards they found. */
export function InspectionsTab() {
  const { t } = useTranslation();
  const openHazard = useOpenHazard();
  const [filters, setFilters] = useState<{ limit: number; offset: number; regionCode?: string }>({
    limit: pageSize,
    offset: 0,
  });
  const [creating, setCreating] = useState(false);
  const inspections = useInspections(filters);

  if (inspections.error) {
    return <QueryError error={inspections.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <RegionFilter
          value={filters.regionCode}
          onChange={(regionCode) =>
            setFilters((current) => ({ ...current, regionCode, offset: 0 }))
          }
          data-testid="inspection-region"
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="inspection-create"
        >
          {t('hazards.inspections.create')}
        </Button>
      </Space>
      <Table<Inspection>
        data-testid="inspections-table"
        rowKey="id"
        size="middle"
        loading={inspections.isFetching}
        dataSource={inspections.data?.items}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (row) => <ChecklistView inspection={row} /> }}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: inspections.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          { title: t('hazards.inspections.inspectedOn'), dataIndex: 'inspectedOn' },
          {
            title: t('hazards.unit'),
            dataIndex: 'unitName',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                {name}
                <Typography.Text type="secondary">{row.regionName}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('hazards.inspections.inspectors'),
            dataIndex: 'inspectors',
            render: (names: string[]) => names.join('、'),
          },
          {
            title: t('hazards.inspections.kind'),
            key: 'kind',
            render: (_, row) => (
              <Space size={4}>
                {row.unannounced && (
                  <Tag color="purple">{t('hazards.inspections.unannounced')}</Tag>
                )}
                {row.randomDrawId && <Tag color="blue">{t('hazards.tabs.randomDraws')}</Tag>}
                {!row.unannounced && !row.randomDrawId && '—'}
              </Space>
            ),
          },
          {
            title: t('hazards.inspections.checklist'),
            key: 'checklist',
            render: (_, row) => {
              const failed = row.checklist.filter((item) => item.result === 'fail').length;
              return failed > 0 ? (
                <Typography.Text type="danger">
                  {t('hazards.inspections.failed', { count: failed, total: row.checklist.length })}
                </Typography.Text>
              ) : (
                t('hazards.inspections.items', { count: row.checklist.length })
              );
            },
          },
          {
            title: t('hazards.inspections.hazards'),
            dataIndex: 'hazardIds',
            render: (ids: string[]) =>
              ids.length === 0 ? (
                '—'
              ) : (
                <Space size={4} wrap>
                  {ids.map((id, index) => (
                    <Typography.Link
                      key={id}
                      onClick={() => openHazard(id)}
                      data-testid="inspection-hazard"
                    >
                      {t('hazards.inspections.hazardN', { index: index + 1 })}
                    </Typography.Link>
                  ))}
                </Space>
              ),
          },
          {
            title: t('hazards.inspections.recordedBy'),
            key: 'createdBy',
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {row.createdBy.name}
                <Typography.Text type="secondary">{formatDateTime(row.createdAt)}</Typography.Text>
              </Space>
            ),
          },
        ]}
      />
      <InspectionFormModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
