import type { HTMLAttributes } from 'react';
import { Space, Typography, type TableColumnType } from 'antd';
import type { TFunction } from 'i18next';
import type { HazardState, HazardSummary } from '@lastmile/shared';
import { placeOf } from './labels';
import { HazardFlags, HazardStateTag } from './HazardTags';
import { HazardLink } from './HazardLink';

/** A table row as browser tests find it: by its hazard's number. */
export const hazardRowProps = (row: HazardSummary) =>
  ({
    'data-testid': 'hazard-row',
    'data-number': row.number,
    'data-state': row.state,
    'data-overdue': row.overdue,
    // Overdue rows stand out in red wherever hazards are listed.
    style: row.overdue ? { background: '#fff1f0' } : undefined,
  }) as HTMLAttributes<HTMLElement>;

/** The responsible person and the deadline of an assigned hazard (五定's first two). */
export function ResponsibleAndDeadline({ hazard }: { hazard: HazardSummary }) {
  if (!hazard.responsible) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {hazard.responsible.name}{' '}
        <Typography.Text type="secondary">{hazard.responsible.phone}</Typography.Text>
      </span>
      <Typography.Text type={hazard.overdue ? 'danger' : 'secondary'}>
        {hazard.deadline}
      </Typography.Text>
    </Space>
  );
}

/** The columns every hazard table shows alike: number, place, state with its flags, 五定. */
export function sharedHazardColumns(t: TFunction) {
  const number: TableColumnType<HazardSummary> = {
    title: t('hazards.number'),
    dataIndex: 'number',
    render: (value: string, row) => <HazardLink id={row.id} number={value} />,
  };
  const place: TableColumnType<HazardSummary> = {
    title: t('hazards.region'),
    key: 'region',
    render: (_, row) => (
      <Space orientation="vertical" size={0}>
        {placeOf(row)}
        {(row.unitName ?? row.gridName) && (
          <Typography.Text type="secondary">{row.unitName ?? row.gridName}</Typography.Text>
        )}
      </Space>
    ),
  };
  const state: TableColumnType<HazardSummary> = {
    title: t('hazards.state'),
    dataIndex: 'state',
    render: (value: HazardState, row) => (
      <Space size={4} wrap>
        <HazardStateTag state={value} />
        <HazardFlags hazard={row} />
      </Space>
    ),
  };
  const assignment: TableColumnType<HazardSummary> = {
    title: t('hazards.responsibleAndDeadline'),
    key: 'assignment',
    render: (_, row) => <ResponsibleAndDeadline hazard={row} />,
  };
  return { number, place, state, assignment };
}
