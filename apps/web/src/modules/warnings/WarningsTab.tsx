import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { SoundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  warningCountyRoles,
  warningLevels,
  warningOrigins,
  warningStates,
  type WarningLevel,
  type WarningOrigin,
  type WarningState,
  type WarningSummary,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { FilterSelect } from '../../components/FilterSelect';
import { FilterSwitch } from '../../components/FilterSwitch';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { enumOptions } from '../hazards/labels';
import { useWarnings, type WarningFilters } from './api';
import { MyCallTag, WarningLevelTag, WarningOriginTag, WarningStateTag } from './WarningTags';
import { IngestButton } from './IngestButton';
import { WarningFormModal } from './WarningFormModal';

const pageSize = 20;

/** A table row as browser tests find it: by its warning's id, origin and level. */
const warningRowProps = (row: WarningSummary) =>
  ({
    'data-testid': 'warning-row',
    'data-id': row.id,
    'data-origin': row.origin,
    'data-level': row.level ?? '',
    // The caller still has to answer: the row stands out.
    style:
      row.me && !row.me.answeredAt && row.state === 'active'
        ? { background: '#fff7e6' }
        : undefined,
  }) as HTMLAttributes<HTMLElement>;

/** 预警列表: the warnings of the user's jurisdiction, newest first, with their 叫应 so far. */
export function WarningsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const isCounty = warningCountyRoles.includes(me.role);
  // A grid worker comes here to answer: their own calls first.
  const [filters, setFilters] = useState<WarningFilters>({
    limit: pageSize,
    offset: 0,
    mine: me.role === 'grid_worker' ? 'true' : undefined,
  });
  const [creating, setCreating] = useState(false);
  const warnings = useWarnings(filters);

  const filter = (patch: Partial<WarningFilters>) =>
    setFilters((current) => ({ ...current, ...patch, offset: 0 }));

  if (warnings.error) {
    return <QueryError error={warnings.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <FilterSelect<WarningState>
            value={filters.state}
            width={130}
            onChange={(state) => filter({ state })}
            allLabel={t('warnings.allStates')}
            options={enumOptions(warningStates, 'warnings.state', t)}
            testId="warning-state-filter"
          />
          <FilterSelect<WarningLevel>
            value={filters.level}
            width={130}
            onChange={(level) => filter({ level })}
            allLabel={t('warnings.allLevels')}
            options={enumOptions(warningLevels, 'warnings.level', t)}
            testId="warning-level-filter"
          />
          <FilterSelect<WarningOrigin>
            value={filters.origin}
            width={130}
            onChange={(origin) => filter({ origin })}
            allLabel={t('warnings.allOrigins')}
            options={enumOptions(warningOrigins, 'warnings.origin', t)}
            testId="warning-origin-filter"
          />
          <FilterSwitch
            value={filters.mine}
            onChange={(mine) => filter({ mine })}
            label={t('warnings.onlyMine')}
            testId="warning-mine-filter"
          />
        </Space>
        {isCounty && (
          <Space wrap>
            <IngestButton />
            <Button
              type="primary"
              icon={<SoundOutlined />}
              onClick={() => setCreating(true)}
              data-testid="warning-create"
            >
              {t('warnings.create')}
            </Button>
          </Space>
        )}
      </Space>
      <Table<WarningSummary>
        data-testid="warnings-table"
        rowKey="id"
        size="middle"
        loading={warnings.isFetching}
        dataSource={warnings.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={warningRowProps}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: warnings.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('warnings.fields.level'),
            dataIndex: 'level',
            render: (level: WarningLevel | null) => <WarningLevelTag level={level} />,
          },
          {
            title: t('warnings.fields.headline'),
            dataIndex: 'headline',
            render: (headline: string | null, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/warnings/${row.id}`} data-testid="warning-open">
                  {headline ?? row.event}
                </Link>
                <Typography.Text type="secondary">
                  {row.event} · {row.regionName}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('warnings.fields.origin'),
            dataIndex: 'origin',
            render: (origin: WarningOrigin, row) => (
              <Space orientation="vertical" size={0}>
                <WarningOriginTag origin={origin} />
                <Typography.Text type="secondary">{row.senderName ?? row.sender}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('warnings.fields.state'),
            dataIndex: 'state',
            render: (state: WarningState, row) => (
              <Space size={4} wrap>
                <WarningStateTag state={state} />
                {state === 'active' && !row.dispatchedAt && (
                  <Tag color="warning">{t('warnings.notDispatched')}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('warnings.fields.sent'),
            dataIndex: 'sent',
            render: (sent: string, row) => (
              <Space orientation="vertical" size={0}>
                {formatDateTime(sent)}
                {row.expires && (
                  <Typography.Text type="secondary">
                    {t('warnings.expiresAt', { at: formatDateTime(row.expires) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('warnings.callAndAnswer'),
            key: 'answers',
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                <span data-testid="warning-row-answers">
                  {row.answered} / {row.recipients}
                </span>
                {row.me && <MyCallTag call={row.me} />}
              </Space>
            ),
          },
        ]}
      />
      <WarningFormModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
