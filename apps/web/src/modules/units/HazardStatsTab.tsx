import { useState } from 'react';
import { Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { hazardSourceKinds, type HazardSourceStats } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { LedgerExportButton } from '../../components/LedgerExportButton';
import { useHazardSourceStats } from './api';
import { majorGrades } from './labels';

type Row = HazardSourceStats['total'];

/**
 * 重点危险源情况统计表: units, hazard sources and major ones by grade and kind, one row per
 * township (or village, for a township), with the total beneath.
 */
export function HazardStatsTab() {
  const { t } = useTranslation();
  const [regionCode, setRegionCode] = useState<string>();
  const stats = useHazardSourceStats(regionCode);

  if (stats.error) {
    return <QueryError error={stats.error} />;
  }
  const total = stats.data?.total;
  // Only the kinds the area has, or the table would be mostly zeros.
  const kinds = hazardSourceKinds.filter((kind) => (total?.byKind[kind] ?? 0) > 0);
  const columns: ColumnsType<Row> = [
    { title: t('units.stats.area'), dataIndex: 'regionName', fixed: 'left' },
    { title: t('units.stats.units'), dataIndex: 'units', align: 'right' },
    { title: t('units.stats.sources'), dataIndex: 'sources', align: 'right' },
    {
      title: t('units.hazardSources.major'),
      children: [
        { title: t('units.stats.majorTotal'), dataIndex: 'major', align: 'right' },
        ...majorGrades.map((grade) => ({
          title: t(`units.hazardSources.grades.${grade}`),
          key: `grade-${grade}`,
          align: 'right' as const,
          render: (_: unknown, row: Row) => row.majorByGrade[String(grade)] ?? 0,
        })),
      ],
    },
    ...(kinds.length > 0
      ? [
          {
            title: t('units.stats.byKind'),
            children: kinds.map((kind) => ({
              title: t(`ledger.hazardSourceKind.${kind}`),
              key: `kind-${kind}`,
              align: 'right' as const,
              render: (_: unknown, row: Row) => row.byKind[kind] ?? 0,
            })),
          },
        ]
      : []),
  ];
  // The summary row repeats the columns' cells in order: the leaf columns, flattened.
  const leafCells = (row: Row) => [
    row.units,
    row.sources,
    row.major,
    ...majorGrades.map((grade) => row.majorByGrade[String(grade)] ?? 0),
    ...kinds.map((kind) => row.byKind[kind] ?? 0),
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <RegionFilter value={regionCode} onChange={setRegionCode} levels={['county', 'township']} data-testid="hazard-stats-region" />
        <LedgerExportButton ledger="hazardSourceStats" filters={{ regionCode }} label={t('units.stats.export')} />
      </Space>
      <Typography.Title level={5} style={{ textAlign: 'center' }}>
        {t('units.stats.title', { region: stats.data?.regionName ?? '' })}
      </Typography.Title>
      <Table<Row>
        data-testid="hazard-stats-table"
        rowKey="regionCode"
        size="small"
        bordered
        loading={stats.isFetching}
        dataSource={stats.data?.rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={columns}
        summary={() =>
          total && (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="hazard-stats-total">
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('units.stats.total')}</Typography.Text>
                </Table.Summary.Cell>
                {leafCells(total).map((value, index) => (
                  <Table.Summary.Cell key={index} index={index + 1} align="right">
                    <Typography.Text strong>{value}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          )
        }
      />
    </>
  );
}
