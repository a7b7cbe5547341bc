import { useSearchParams } from 'react-router';
import { Card, Empty, Result, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { usePublicDraws, usePublicReportForm } from '../api';

/** 双随机、一公开: the random inspections drawn in a county and what became of them, for anyone. */
export function DrawsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const county = usePublicReportForm(region);
  const draws = usePublicDraws(region);

  if (!region) {
    return <Result status="warning" title={t('publicReport.noRegion')} />;
  }
  if (draws.error) {
    return <Result status="error" title={draws.error.message} />;
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="public-draws">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('publicReport.drawsTitle', { county: county.data?.countyName ?? '' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('publicReport.drawsIntro')}
      </Typography.Paragraph>
      {draws.isPending && <Card loading />}
      {draws.data?.items.length === 0 && <Empty description={t('publicReport.noDraws')} />}
      {draws.data?.items.map((draw) => (
        <Card key={draw.id} size="small" title={draw.title} data-testid="public-draw">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {draw.regionName} · {formatDateTime(draw.drawnAt)}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {t('publicReport.drawSeed')} <Typography.Text code>{draw.seed}</Typography.Text> ·{' '}
            {t('publicReport.drawPool', { count: draw.poolSize })}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }} strong>
            {t('publicReport.drawUnits')}
          </Typography.Paragraph>
          <Space orientation="vertical" size={2} style={{ marginBottom: 8 }}>
            {draw.units.map((unit, index) => (
              <Space key={unit.id} size={6}>
                <span>
                  {index + 1}. {unit.name}
                </span>
                <Tag color={unit.inspected ? 'success' : undefined} style={{ marginInlineEnd: 0 }}>
                  {unit.inspected ? t('publicReport.inspected') : t('publicReport.notInspected')}
                </Tag>
              </Space>
            ))}
          </Space>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <Typography.Text strong>{t('publicReport.drawInspectors')}</Typography.Text>{' '}
            {draw.inspectors.map((person) => person.name).join('、')}
          </Typography.Paragraph>
        </Card>
      ))}
    </Space>
  );
}
