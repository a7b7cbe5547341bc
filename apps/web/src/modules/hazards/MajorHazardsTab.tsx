import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { HazardSummary } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { FilterSwitch } from '../../components/FilterSwitch';
import { offsetPagination } from '../../lib/pagination';
import { apiUrl } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMajorHazards, type HazardFilters } from './api';
import { today } from './labels';
import { hazardRowProps, sharedHazardColumns } from './HazardColumns';
import { useStandardName } from './StandardSelect';

const pageSize = 20;

/**
 * 重大隐患清单 (一单四制): every major hazard with its standard, 五定 and 治理方案, overdue
 * first; the 通报 for a date is downloaded as Excel.
 */
export function MajorHazardsTab() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<HazardFilters>({ limit: pageSize, offset: 0 });
  const [asOf, setAsOf] = useState(today);
  const hazards = useMajorHazards(filters);
  const standardName = useStandardName();
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
            data-testid="major-region"
          />
          <Input.Search
            allowClear
            placeholder={t('hazards.searchPlaceholder')}
            onSearch={(q) => filter({ q: q || undefined })}
            style={{ width: 220 }}
            data-testid="major-search"
          />
          <FilterSwitch
            value={filters.open}
            onChange={(open) => filter({ open })}
            label={t('hazards.onlyOpen')}
            testId="major-open-filter"
          />
          <FilterSwitch
            value={filters.overdue}
            onChange={(overdue) => filter({ overdue })}
            label={t('hazards.onlyOverdue')}
            testId="major-overdue-filter"
          />
        </Space>
        <Space wrap>
          <span>{t('hazards.major.asOf')}</span>
          <Input
            type="date"
            value={asOf}
            onChange={(event) => setAsOf(event.target.value)}
            style={{ width: 160 }}
            data-testid="major-as-of"
          />
          <Button
            icon={<DownloadOutlined />}
            href={apiUrl('/major-hazards/circular.xlsx', {
              regionCode: filters.regionCode,
              asOf: asOf || undefined,
            })}
            data-testid="major-circular"
          >
            {t('hazards.major.circular')}
          </Button>
        </Space>
      </Space>
      <Table<HazardSummary>
        data-testid="major-hazards-table"
        rowKey="id"
        size="middle"
        loading={hazards.isFetching}
        dataSource={hazards.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={hazardRowProps}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: hazards.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          shared.number,
          {
            title: t('hazards.titleLabel'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Space orientation="vertical" size={0} style={{ maxWidth: 320 }}>
                <Typography.Text type={row.overdue ? 'danger' : undefined}>{title}</Typography.Text>
                <Typography.Text
                  type="secondary"
                  ellipsis={{ tooltip: standardName(row.standardCode) }}
                  style={{ maxWidth: 320 }}
                >
                  {standardName(row.standardCode) ?? '—'}
                </Typography.Text>
              </Space>
            ),
          },
          shared.place,
          shared.state,
          shared.assignment,
          {
            title: t('hazards.detail.treatmentPlan'),
            dataIndex: 'hasTreatmentPlan',
            render: (written: boolean) =>
              written ? (
                <Tag color="success">{t('hazards.major.hasPlan')}</Tag>
              ) : (
                <Tag color="warning">{t('hazards.major.noPlan')}</Tag>
              ),
          },
          {
            title: t('hazards.summons.department'),
            key: 'department',
            render: (_, row) => row.summonsDepartment ?? '—',
          },
          {
            title: t('hazards.reportedToCountyAt'),
            dataIndex: 'reportedToCountyAt',
            render: (at: string | null) => formatDateTime(at),
          },
        ]}
      />
    </>
  );
}
