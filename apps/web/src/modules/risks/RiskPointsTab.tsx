import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  ledgerEditorRoles,
  riskLevelColours,
  riskLevels,
  riskPointKinds,
  riskPointStatuses,
  type PersonRef,
  type RiskLevel,
  type RiskPoint,
  type RiskPointKind,
  type RiskPointStatus,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { RegionFilter } from '../../components/RegionFilter';
import { LedgerExportButton } from '../../components/LedgerExportButton';
import { LedgerSummaryBar, type LedgerGrouping } from '../../components/LedgerSummaryBar';
import { offsetPagination } from '../../lib/pagination';
import { riskPointQuery, useRiskPoints, useRiskPointSummary, type RiskPointFilters } from './api';
import { RiskLevelTag } from './RiskLevelTag';
import { RiskPointFormModal } from './RiskPointFormModal';
import { FilterSelect } from '../../components/FilterSelect';
import { FilterSwitch } from '../../components/FilterSwitch';

const pageSize = 20;

/** The three responsible persons, each with the level they answer for. */
function Responsible({ responsible }: { responsible: RiskPoint['responsible'] }) {
  const { t } = useTranslation();
  const rows = (['township', 'village', 'grid'] as const).filter((level) => responsible[level]);
  if (rows.length === 0) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Space orientation="vertical" size={0}>
      {rows.map((level) => {
        const person = responsible[level] as PersonRef;
        return (
          <span key={level}>
            <Typography.Text type="secondary">{t(`risks.points.responsibleShort.${level}`)}</Typography.Text> {person.name}{' '}
            <Typography.Text type="secondary">{person.mobile}</Typography.Text>
          </span>
        );
      })}
    </Space>
  );
}

/** 风险点台账: located risks with their level, responsible persons and next review. */
export function RiskPointsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = ledgerEditorRoles.includes(me.role);
  const [filters, setFilters] = useState<RiskPointFilters>({ limit: pageSize, offset: 0 });
  const [groupBy, setGroupBy] = useState<LedgerGrouping>('level');
  const [modal, setModal] = useState<{ open: boolean; editing?: RiskPoint }>({ open: false });
  const points = useRiskPoints(filters);
  const summary = useRiskPointSummary(groupBy, filters.regionCode);

  const filter = (patch: Partial<RiskPointFilters>) => setFilters((current) => ({ ...current, ...patch, offset: 0 }));

  if (points.error) {
    return <QueryError error={points.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <RegionFilter value={filters.regionCode} onChange={(regionCode) => filter({ regionCode })} data-testid="risk-point-region" />
          <Input.Search
            allowClear
            placeholder={t('risks.points.searchPlaceholder')}
            onSearch={(q) => filter({ q: q || undefined })}
            style={{ width: 200 }}
            data-testid="risk-point-search"
          />
          <Select<RiskLevel[]>
            mode="multiple"
            allowClear
            value={filters.level ?? []}
            placeholder={t('risks.points.allLevels')}
            style={{ minWidth: 180 }}
            onChange={(level) => filter({ level: level.length > 0 ? level : undefined })}
            options={riskLevels.map((level) => ({ value: level, label: t(`ledger.riskLevel.${level}`) }))}
            tagRender={({ value, label, closable, onClose }) => (
              <Tag color={riskLevelColours[value as RiskLevel]} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
                {label}
              </Tag>
            )}
            data-testid="risk-point-level-filter"
          />
          <FilterSelect<RiskPointKind>
            value={filters.kind}
            width={160}
            searchable
            onChange={(kind) => filter({ kind })}
            allLabel={t('risks.points.allKinds')}
            options={riskPointKinds.map((kind) => ({ value: kind, label: t(`ledger.riskPointKind.${kind}`) }))}
            testId="risk-point-kind-filter"
          />
          <FilterSelect<RiskPointStatus>
            value={filters.status}
            width={120}
            onChange={(status) => filter({ status })}
            allLabel={t('risks.points.allStatuses')}
            options={riskPointStatuses.map((status) => ({ value: status, label: t(`ledger.riskPointStatus.${status}`) }))}
            testId="risk-point-status-filter"
          />
          <FilterSwitch
            value={filters.reviewOverdue}
            onChange={(reviewOverdue) => filter({ reviewOverdue })}
            label={t('risks.points.onlyOverdue')}
            testId="risk-point-overdue-filter"
          />
        </Space>
        <Space wrap>
          <LedgerExportButton ledger="riskPoints" filters={riskPointQuery(filters)} />
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true })} data-testid="risk-point-create">
              {t('risks.points.create')}
            </Button>
          )}
        </Space>
      </Space>
      <LedgerSummaryBar
        summary={summary.data}
        groupings={['level', 'area', 'kind']}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        nameOf={(key) => t(groupBy === 'level' ? `ledger.riskLevel.${key}` : `ledger.riskPointKind.${key}`)}
        colourOf={groupBy === 'level' ? (key) => riskLevelColours[key as RiskLevel] : undefined}
        onPick={
          groupBy === 'area'
            ? undefined
            : (key) => filter(groupBy === 'level' ? { level: [key as RiskLevel] } : { kind: key as RiskPointKind })
        }
        data-testid="risk-point-summary"
      />
      <Table<RiskPoint>
        data-testid="risk-points-table"
        rowKey="id"
        size="middle"
        loading={points.isFetching}
        dataSource={points.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: points.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('risks.points.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                {name}
                <Typography.Text type="secondary">{t(`ledger.riskPointKind.${row.kind}`)}</Typography.Text>
              </Space>
            ),
          },
          { title: t('risks.points.level'), dataIndex: 'level', render: (level: RiskLevel) => <RiskLevelTag level={level} /> },
          {
            title: t('risks.points.region'),
            dataIndex: 'regionName',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                {row.regionCode === row.townshipCode ? name : `${row.townshipName} ${name}`}
                {row.gridName && <Typography.Text type="secondary">{row.gridName}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('risks.points.threatened'),
            key: 'threatened',
            align: 'right',
            render: (_, row) =>
              row.threatenedHouseholds === null && row.threatenedPeople === null
                ? '—'
                : t('risks.points.threatenedValue', { households: row.threatenedHouseholds ?? '—', people: row.threatenedPeople ?? '—' }),
          },
          {
            title: t('risks.points.responsible'),
            dataIndex: 'responsible',
            render: (responsible: RiskPoint['responsible']) => <Responsible responsible={responsible} />,
          },
          {
            title: t('risks.points.nextReviewOn'),
            dataIndex: 'nextReviewOn',
            render: (day: string | null, row) =>
              row.reviewOverdue ? (
                <Space size={4} data-testid="review-overdue">
                  <Typography.Text type="danger">{day}</Typography.Text>
                  <Tag color="error">{t('risks.points.overdue')}</Tag>
                </Space>
              ) : (
                (day ?? '—')
              ),
          },
          {
            title: t('risks.points.status'),
            dataIndex: 'status',
            render: (status: RiskPointStatus) => (
              <Tag color={status === 'active' ? 'processing' : 'default'}>{t(`ledger.riskPointStatus.${status}`)}</Tag>
            ),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: RiskPoint) => (
                    <Button type="link" size="small" onClick={() => setModal({ open: true, editing: row })} data-testid="risk-point-edit">
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <RiskPointFormModal open={modal.open} editing={modal.editing} onClose={() => setModal({ open: false })} />
    </>
  );
}
