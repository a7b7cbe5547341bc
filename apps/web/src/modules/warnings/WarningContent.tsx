import type { ReactNode } from 'react';
import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Warning } from '@lastmile/shared';
import { formatDateTime } from '../../lib/format';
import { eventTypeLabel } from './labels';
import { WarningLevelTag, WarningOriginTag } from './WarningTags';

const paragraph = (text: string | null | undefined) =>
  text ? (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
      {text}
    </Typography.Paragraph>
  ) : null;

/** 预警范围: the townships, villages and grids called. */
function Targets({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  const { regions, grids } = warning.targets;
  if (regions.length === 0 && grids.length === 0) {
    return <Typography.Text type="secondary">{t('warnings.targets.none')}</Typography.Text>;
  }
  return (
    <Space size={[4, 4]} wrap data-testid="warning-targets">
      {regions.map((region) => (
        <Tag key={region.code} color="blue">
          {region.name}
        </Tag>
      ))}
      {grids.map((grid) => (
        <Tag key={grid.id}>
          {grid.regionName} {grid.name}
        </Tag>
      ))}
    </Space>
  );
}

/** What the warning says and where it came from, as received or issued. */
export function WarningContent({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  const items: [string, ReactNode][] = (
    [
      [t('warnings.fields.level'), <WarningLevelTag key="level" level={warning.level} />],
      [t('warnings.fields.event'), warning.event],
      [t('warnings.fields.eventType'), warning.eventType && eventTypeLabel(t, warning.eventType)],
      [t('warnings.fields.origin'), <WarningOriginTag key="origin" origin={warning.origin} />],
      [
        t('warnings.fields.sender'),
        [warning.sender, warning.senderName].filter(Boolean).join(' · '),
      ],
      [t('warnings.fields.region'), warning.regionName],
      [t('warnings.fields.sent'), formatDateTime(warning.sent)],
      [t('warnings.fields.effective'), warning.effective && formatDateTime(warning.effective)],
      [t('warnings.fields.onset'), warning.onset && formatDateTime(warning.onset)],
      [
        t('warnings.fields.expires'),
        warning.expires ? formatDateTime(warning.expires) : t('warnings.form.untilLifted'),
      ],
      [
        t('warnings.fields.dispatchedAt'),
        warning.dispatchedAt && formatDateTime(warning.dispatchedAt),
      ],
      [t('warnings.fields.shortCode'), warning.shortCode],
      [t('warnings.fields.identifier'), warning.identifier],
      [
        t('warnings.fields.severity'),
        [warning.urgency, warning.severity, warning.certainty].filter(Boolean).join(' / '),
      ],
      [t('warnings.fields.areaDescriptions'), warning.areaDescriptions.join('；')],
    ] as [string, ReactNode][]
  ).filter(([, value]) => value !== null && value !== undefined && value !== '');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="warning-content">
      {warning.cancelledAt && (
        <Alert
          type="info"
          showIcon
          title={t('warnings.cancelledAt', { at: formatDateTime(warning.cancelledAt) })}
          description={warning.cancelReason}
        />
      )}
      {warning.localInstructions && (
        <Card
          size="small"
          title={t('warnings.fields.localInstructions')}
          style={{ borderColor: '#fa8c16' }}
          data-testid="warning-local-instructions"
        >
          {paragraph(warning.localInstructions)}
        </Card>
      )}
      <Card size="small" title={t('warnings.fields.description')}>
        {paragraph(warning.description) ?? '—'}
      </Card>
      {warning.instruction && (
        <Card size="small" title={t('warnings.fields.instruction')}>
          {paragraph(warning.instruction)}
        </Card>
      )}
      <Card size="small" title={t('warnings.targets.title')}>
        <Targets warning={warning} />
      </Card>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        data-testid="warning-fields"
        items={items.map(([label, value]) => ({ key: label, label, children: value }))}
      />
    </Space>
  );
}
