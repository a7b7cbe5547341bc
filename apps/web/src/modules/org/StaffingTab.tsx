import { useState } from 'react';
import { Button, Card, Col, Row, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { postKinds, type Shortfall, type StaffingPlace } from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { useStaffing } from './api';
import { RegionFilter } from '../../components/RegionFilter';
import { StaffingRulesDrawer } from './StaffingRulesDrawer';
import { describeShortfall } from './shortfalls';

/** 配备情况: who is in place against the staffing rules, place by place, live. */
export function StaffingTab() {
  const { t } = useTranslation();
  const [regionCode, setRegionCode] = useState<string>();
  const [onlyShort, setOnlyShort] = useState(true);
  const [rulesOpen, setRulesOpen] = useState(false);
  const report = useStaffing(regionCode);

  if (report.error) {
    return <QueryError error={report.error} />;
  }
  const totals = report.data?.totals;
  const places = (report.data?.places ?? []).filter((place) => !onlyShort || place.shortfalls.length > 0);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap size="large">
        <RegionFilter value={regionCode} onChange={setRegionCode} data-testid="staffing-region" />
        <Space>
          <Switch checked={onlyShort} onChange={setOnlyShort} data-testid="staffing-only-short" />
          {t('org.staffing.onlyShort')}
        </Space>
        <Button icon={<SettingOutlined />} onClick={() => setRulesOpen(true)} data-testid="staffing-rules-open">
          {t('org.rulesEditor.open')}
        </Button>
      </Space>
      <StaffingRulesDrawer open={rulesOpen} onClose={() => setRulesOpen(false)} />
      <Card size="small" loading={report.isPending} data-testid="staffing-totals">
        {totals && (
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Statistic title={t('org.staffing.townships')} value={totals.compliantTownships} suffix={`/ ${totals.townships}`} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('org.staffing.villages')} value={totals.compliantVillages} suffix={`/ ${totals.villages}`} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('org.staffing.grids')} value={totals.grids} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('org.staffing.shortfalls')}
                value={totals.shortfalls}
                styles={{ content: { color: totals.shortfalls > 0 ? '#c0392b' : '#389e0d' } }}
              />
            </Col>
          </Row>
        )}
      </Card>
      <Table<StaffingPlace>
        data-testid="staffing-table"
        rowKey="regionCode"
        size="middle"
        loading={report.isFetching}
        dataSource={places}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.total', { count }) }}
        columns={[
          {
            title: t('org.staffing.place'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Space>
                {name}
                <Tag color={row.level === 'township' ? 'cyan' : 'green'}>{t(`levels.${row.level}`)}</Tag>
              </Space>
            ),
          },
          {
            title: t('org.staffing.counts'),
            dataIndex: 'counts',
            render: (counts: StaffingPlace['counts']) => <Counts counts={counts} />,
          },
          {
            title: t('org.staffing.problems'),
            dataIndex: 'shortfalls',
            render: (shortfalls: Shortfall[]) =>
              shortfalls.length === 0 ? (
                <Tag color="success">{t('org.staffing.compliant')}</Tag>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {shortfalls.map((shortfall) => (
                    <li key={`${shortfall.rule}:${shortfall.gridId ?? ''}`} data-testid="staffing-shortfall">
                      <Typography.Text type="danger">{describeShortfall(shortfall, t)}</Typography.Text>
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </Space>
  );
}

/** The non-zero counts of a place: "应急办主任 1", "网格 5". */
function Counts({ counts }: { counts: StaffingPlace['counts'] }) {
  const { t } = useTranslation();
  const known: string[] = [...postKinds, 'grids'];
  const shown = known.filter((key) => (counts[key] ?? 0) > 0);
  if (shown.length === 0) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Space size={[0, 4]} wrap>
      {shown.map((key) => (
        <Tag key={key} variant="filled">
          {key === 'grids' ? t('org.staffing.grids') : t(`org.postKinds.${key}`)} {counts[key]}
        </Tag>
      ))}
    </Space>
  );
}
