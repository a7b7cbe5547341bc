import { useState } from 'react';
import { Card, Col, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HazardStats } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { useHazardStats } from './api';

type AreaRow = HazardStats['byArea'][number];
type Counts = HazardStats['byState'];

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** One breakdown (by state, grade, kind, sector or origin) as a small table. */
function CountTable(props: {
  title: string;
  counts: Counts | undefined;
  nameOf: (key: string) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={props.title}>
      <Table<Counts[number]>
        data-testid={props.testId}
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={props.counts?.filter((row) => row.count > 0)}
        columns={[
          { title: props.title, dataIndex: 'key', render: (key: string) => props.nameOf(key) },
          { title: t('hazards.stats.count'), dataIndex: 'count', align: 'right' },
        ]}
      />
    </Card>
  );
}

/** 隐患统计: totals, closure rate and median days to 销号 by area, and counts by each dimension. */
export function StatsTab() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<{ regionCode?: string; from?: string; to?: string }>({});
  const stats = useHazardStats(query);

  if (stats.error) {
    return <QueryError error={stats.error} />;
  }
  const data = stats.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <RegionFilter
          value={query.regionCode}
          onChange={(regionCode) => setQuery((current) => ({ ...current, regionCode }))}
          levels={['county', 'township']}
          data-testid="hazard-stats-region"
        />
        <span>{t('hazards.stats.from')}</span>
        <Input
          type="date"
          value={query.from ?? ''}
          onChange={(event) =>
            setQuery((current) => ({ ...current, from: event.target.value || undefined }))
          }
          style={{ width: 160 }}
          data-testid="hazard-stats-from"
        />
        <span>{t('hazards.stats.to')}</span>
        <Input
          type="date"
          value={query.to ?? ''}
          onChange={(event) =>
            setQuery((current) => ({ ...current, to: event.target.value || undefined }))
          }
          style={{ width: 160 }}
          data-testid="hazard-stats-to"
        />
      </Space>
      <Row gutter={16}>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('hazards.stats.total')}
              value={data?.total ?? 0}
              loading={stats.isPending}
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('hazards.stats.open')}
              value={data?.open ?? 0}
              loading={stats.isPending}
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('hazards.stats.overdue')}
              value={data?.overdue ?? 0}
              loading={stats.isPending}
              styles={{ content: { color: data?.overdue ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('hazards.stats.byArea')}>
        <Table<AreaRow>
          data-testid="hazard-stats-area"
          rowKey="code"
          size="small"
          bordered
          loading={stats.isFetching}
          dataSource={data?.byArea}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('hazards.stats.area'), dataIndex: 'name' },
            { title: t('hazards.stats.total'), dataIndex: 'total', align: 'right' },
            { title: t('hazards.stats.open'), dataIndex: 'open', align: 'right' },
            { title: t('hazards.stats.closed'), dataIndex: 'closed', align: 'right' },
            {
              title: t('hazards.stats.overdue'),
              dataIndex: 'overdue',
              align: 'right',
              render: (count: number) =>
                count > 0 ? <Typography.Text type="danger">{count}</Typography.Text> : count,
            },
            { title: t('hazards.stats.major'), dataIndex: 'major', align: 'right' },
            {
              title: t('hazards.stats.closureRate'),
              dataIndex: 'closureRate',
              align: 'right',
              render: percent,
            },
            {
              title: t('hazards.stats.medianDays'),
              dataIndex: 'medianDaysToClose',
              align: 'right',
              render: (days: number | null) => (days === null ? '—' : days.toFixed(1)),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={8}>
          <CountTable
            title={t('hazards.state')}
            counts={data?.byState}
            nameOf={(key) => t(`hazard.state.${key}`)}
            testId="hazard-stats-state"
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <CountTable
            title={t('hazards.grade')}
            counts={data?.byGrade}
            nameOf={(key) => t(`hazard.grade.${key}`)}
            testId="hazard-stats-grade"
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <CountTable
            title={t('hazards.origin')}
            counts={data?.byOrigin}
            nameOf={(key) => t(`hazard.origin.${key}`)}
            testId="hazard-stats-origin"
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <CountTable
            title={t('hazards.kind')}
            counts={data?.byKind}
            nameOf={(key) => t(`hazard.kind.${key}`)}
            testId="hazard-stats-kind"
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <CountTable
            title={t('hazards.sector')}
            counts={data?.bySector}
            nameOf={(key) => t(`ledger.sector.${key}`)}
            testId="hazard-stats-sector"
          />
        </Col>
      </Row>
    </Space>
  );
}
