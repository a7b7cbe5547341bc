import { Link, useParams } from 'react-router';
import { Breadcrumb, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Region } from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { useRegion, useRegionChildren } from './api';

const levelColors: Record<Region['level'], string> = {
  province: 'purple',
  city: 'geekblue',
  county: 'blue',
  township: 'cyan',
  village: 'green',
};

/** The division tree, from the user's jurisdiction down to villages. */
export function RegionsPage() {
  const me = useMe();
  const { t } = useTranslation();
  const code = useParams().code ?? me.scopeRegionCode;
  const detail = useRegion(code);
  const children = useRegionChildren(code);

  if (detail.error) {
    return <QueryError error={detail.error} />;
  }
  const region = detail.data;

  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Breadcrumb
        data-testid="region-breadcrumb"
        items={(region?.path ?? []).map((step, index, path) => ({
          key: step.code,
          title: index === path.length - 1 ? step.name : <Link to={`/regions/${step.code}`}>{step.name}</Link>,
        }))}
      />
      <Card loading={detail.isPending} data-testid="region-card">
        {region && (
          <>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {region.name} <Tag color={levelColors[region.level]}>{t(`levels.${region.level}`)}</Tag>
            </Typography.Title>
            <Descriptions column={{ xs: 1, sm: 3 }} size="small">
              <Descriptions.Item label={t('regions.code')}>
                <Typography.Text code copyable>
                  {region.code}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('regions.childCount')}>
                <span data-testid="region-child-count">{region.childCount}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('regions.villageCount')}>
                <span data-testid="region-village-count">{region.villageCount}</span>
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
      {region && region.level !== 'village' && (
        <Card title={t('regions.children')} extra={<Typography.Text type="secondary">{t('regions.source')}</Typography.Text>}>
          <Table<Region>
            data-testid="region-table"
            rowKey="code"
            size="middle"
            loading={children.isPending}
            dataSource={children.data?.items}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.total', { count }) }}
            columns={[
              {
                title: t('regions.name'),
                dataIndex: 'name',
                render: (name: string, row) => <Link to={`/regions/${row.code}`}>{name}</Link>,
              },
              { title: t('regions.code'), dataIndex: 'code', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
              { title: t('regions.level'), dataIndex: 'level', render: (level: Region['level']) => <Tag color={levelColors[level]}>{t(`levels.${level}`)}</Tag> },
              { title: t('regions.childCount'), dataIndex: 'childCount', align: 'right' },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
