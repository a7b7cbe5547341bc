import { Segmented, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LedgerSummary, ledgerGroupings } from '@lastmile/shared';

export type LedgerGrouping = (typeof ledgerGroupings)[number];

/**
 * A ledger's counts in one line: the total, then one tag per area, sector, category, kind or
 * level. Clicking a tag may narrow the table to it.
 */
export function LedgerSummaryBar(props: {
  summary: LedgerSummary | undefined;
  groupings: readonly LedgerGrouping[];
  groupBy: LedgerGrouping;
  onGroupBy: (groupBy: LedgerGrouping) => void;
  /** The group's name when the server gives none (everything but areas). */
  nameOf: (key: string) => string;
  colourOf?: (key: string) => string | undefined;
  onPick?: (key: string) => void;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const { summary } = props;
  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 16 }} data-testid={props['data-testid']}>
      <Typography.Text strong>{t('ledgers.total', { count: summary?.total ?? 0 })}</Typography.Text>
      {props.groupings.length > 1 && (
        <Segmented<LedgerGrouping>
          size="small"
          value={props.groupBy}
          onChange={props.onGroupBy}
          options={props.groupings.map((value) => ({ value, label: t(`ledgers.by.${value}`) }))}
        />
      )}
      {/* Areas come with every township or village, most of them empty. */}
      {summary?.groups.filter((group) => group.count > 0).map((group) => (
        <Tag
          key={group.key}
          color={props.colourOf?.(group.key)}
          style={{ cursor: props.onPick ? 'pointer' : undefined, marginInlineEnd: 0 }}
          onClick={() => props.onPick?.(group.key)}
        >
          {group.name ?? props.nameOf(group.key)} <b>{group.count}</b>
        </Tag>
      ))}
    </Space>
  );
}
