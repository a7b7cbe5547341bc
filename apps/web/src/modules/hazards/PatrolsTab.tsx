import { useState } from 'react';
import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Patrol, PatrolCheckIn } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { usePatrols } from './api';
import { useOpenHazard } from './HazardLink';

const pageSize = 20;

/** A patrol's check-ins, in the order they were made, with where and what was found. */
function CheckIns({ patrol }: { patrol: Patrol }) {
  const { t } = useTranslation();
  if (patrol.checkIns.length === 0) {
    return <Typography.Text type="secondary">{t('hazards.patrols.noCheckIns')}</Typography.Text>;
  }
  return (
    <Space orientation="vertical" size={4}>
      {patrol.checkIns.map((checkIn: PatrolCheckIn) => (
        <Space key={checkIn.id} size={8} wrap>
          <Typography.Text type="secondary">{formatDateTime(checkIn.at)}</Typography.Text>
          <span>{checkIn.riskPointName ?? t('hazards.patrols.noPoint')}</span>
          <Tag color={checkIn.result === 'normal' ? 'success' : 'error'}>
            {t(`hazards.patrols.checkIn.${checkIn.result}`)}
          </Tag>
          {checkIn.location && (
            <Typography.Text type="secondary">
              {checkIn.location.lon.toFixed(5)}, {checkIn.location.lat.toFixed(5)}
              {checkIn.accuracyM !== null && ` ±${Math.round(checkIn.accuracyM)} m`}
            </Typography.Text>
          )}
          {checkIn.note && <span>{checkIn.note}</span>}
        </Space>
      ))}
    </Space>
  );
}

/** 巡查记录: the rounds grid workers sent from the field app, with check-ins and hazards found. */
export function PatrolsTab() {
  const { t } = useTranslation();
  const openHazard = useOpenHazard();
  const [filters, setFilters] = useState<{ limit: number; offset: number; regionCode?: string }>({
    limit: pageSize,
    offset: 0,
  });
  const patrols = usePatrols(filters);

  if (patrols.error) {
    return <QueryError error={patrols.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <RegionFilter
          value={filters.regionCode}
          onChange={(regionCode) =>
            setFilters((current) => ({ ...current, regionCode, offset: 0 }))
          }
          data-testid="patrol-region"
        />
      </Space>
      <Table<Patrol>
        data-testid="patrols-table"
        rowKey="id"
        size="middle"
        loading={patrols.isFetching}
        dataSource={patrols.data?.items}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (row) => <CheckIns patrol={row} /> }}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: patrols.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('hazards.patrols.time'),
            key: 'time',
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {row.startedAt ? formatDateTime(row.startedAt) : '—'}
                <Typography.Text type="secondary">
                  {row.finishedAt
                    ? `→ ${formatDateTime(row.finishedAt)}`
                    : t('hazards.patrols.unfinished')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('hazards.patrols.grid'),
            key: 'grid',
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {row.gridName}
                <Typography.Text type="secondary">{row.regionName}</Typography.Text>
              </Space>
            ),
          },
          { title: t('hazards.patrols.worker'), dataIndex: 'workerName' },
          {
            title: t('hazards.patrols.checkIns'),
            key: 'checkIns',
            render: (_, row) => row.checkIns.length,
          },
          {
            title: t('hazards.patrols.result'),
            key: 'result',
            render: (_, row) =>
              row.result ? (
                <Tag color={row.result === 'nothingFound' ? 'success' : 'warning'}>
                  {t(`hazards.patrols.results.${row.result}`)}
                </Tag>
              ) : (
                '—'
              ),
          },
          {
            title: t('hazards.patrols.hazards'),
            key: 'hazards',
            render: (_, row) =>
              row.hazards.length === 0 ? (
                '—'
              ) : (
                <Space size={4} wrap>
                  {row.hazards.map((hazard) => (
                    <Typography.Link key={hazard.id} onClick={() => openHazard(hazard.id)}>
                      {hazard.number} {hazard.title}
                    </Typography.Link>
                  ))}
                </Space>
              ),
          },
          {
            title: t('hazards.patrols.receivedAt'),
            dataIndex: 'receivedAt',
            render: (value: string) => formatDateTime(value),
          },
        ]}
      />
    </>
  );
}
