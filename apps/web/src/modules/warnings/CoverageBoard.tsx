import type { HTMLAttributes, ReactNode } from 'react';
import {
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  deliveryStates,
  type CoverageCounts,
  type RecipientState,
  type SilentRecipient,
  type WarningCoverage,
} from '@lastmile/shared';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { coverageExcelUrl, useWarningCoverage } from './api';
import { formatSeconds, recipientStateColours } from './labels';

type DoorToDoorTask = WarningCoverage['doorToDoor'][number];

/** One line of the tree table: a township, a village or a grid, with its counts. */
interface AreaRow extends CoverageCounts {
  key: string;
  name: string;
  kind: 'township' | 'village' | 'grid';
  children?: AreaRow[];
}

function areaRows(coverage: WarningCoverage): AreaRow[] {
  return coverage.townships.map(({ villages, code, name, ...counts }) => ({
    ...counts,
    key: code,
    name,
    kind: 'township',
    children: villages.map(({ grids, code: villageCode, name: villageName, ...villageCounts }) => ({
      ...villageCounts,
      key: villageCode,
      name: villageName,
      kind: 'village',
      children:
        grids.length > 0
          ? grids.map(({ id, name: gridName, ...gridCounts }) => ({
              ...gridCounts,
              key: id,
              name: gridName,
              kind: 'grid',
            }))
          : undefined,
    })),
  }));
}

/** One statistic card; `data-value` carries the bare number for tests and screen readers. */
function Figure(props: {
  testId: string;
  title: string;
  value: number | string;
  raw: number | null;
  colour?: string;
}) {
  return (
    <Card size="small" data-testid={props.testId} data-value={props.raw ?? ''}>
      <Statistic
        title={props.title}
        value={props.value}
        styles={{ content: { color: props.colour, fontWeight: 600 } }}
      />
    </Card>
  );
}

function Totals({ totals }: { totals: CoverageCounts }) {
  const { t } = useTranslation();
  const figures: {
    key: string;
    testId: string;
    value: number | string;
    raw: number | null;
    colour?: string;
  }[] = [
    {
      key: 'recipients',
      testId: 'coverage-recipients',
      value: totals.recipients,
      raw: totals.recipients,
    },
    { key: 'reached', testId: 'coverage-reached', value: totals.reached, raw: totals.reached },
    {
      key: 'answered',
      testId: 'coverage-answered',
      value: totals.answered,
      raw: totals.answered,
      colour: '#389e0d',
    },
    {
      key: 'silent',
      testId: 'coverage-silent',
      value: totals.silent,
      raw: totals.silent,
      colour: totals.silent > 0 ? '#cf1322' : undefined,
    },
    {
      key: 'escalated',
      testId: 'coverage-escalated',
      value: totals.escalated,
      raw: totals.escalated,
      colour: totals.escalated > 0 ? '#d4380d' : undefined,
    },
    {
      key: 'medianAnswer',
      testId: 'coverage-median',
      value: formatSeconds(t, totals.medianAnswerSeconds),
      raw: totals.medianAnswerSeconds,
    },
    {
      key: 'householdsTold',
      testId: 'coverage-households',
      value: totals.householdsTold,
      raw: totals.householdsTold,
    },
    {
      key: 'peopleMoved',
      testId: 'coverage-moved',
      value: totals.peopleMoved,
      raw: totals.peopleMoved,
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {figures.map((figure) => (
        <Col key={figure.key} xs={12} sm={8} md={6} xl={3}>
          <Figure {...figure} title={t(`warnings.coverage.${figure.key}`)} />
        </Col>
      ))}
    </Row>
  );
}

function countColumns(t: ReturnType<typeof useTranslation>['t']) {
  const count = (key: keyof CoverageCounts, colour?: (value: number) => string | undefined) => ({
    title: t(`warnings.coverage.${key === 'medianAnswerSeconds' ? 'medianAnswer' : key}`),
    dataIndex: key,
    align: 'right' as const,
    render: (value: number) => (
      <Typography.Text style={{ color: colour?.(value) }} data-field={key}>
        {value}
      </Typography.Text>
    ),
  });
  return [
    count('recipients'),
    count('reached'),
    count('answered', () => '#389e0d'),
    count('silent', (value) => (value > 0 ? '#cf1322' : undefined)),
    count('escalated', (value) => (value > 0 ? '#d4380d' : undefined)),
    {
      title: t('warnings.coverage.medianAnswer'),
      dataIndex: 'medianAnswerSeconds',
      align: 'right' as const,
      render: (seconds: number | null) => formatSeconds(t, seconds),
    },
    count('householdsTold'),
    count('peopleMoved'),
  ];
}

function AreaTable({ coverage }: { coverage: WarningCoverage }) {
  const { t } = useTranslation();
  const rows = areaRows(coverage);
  return (
    <Table<AreaRow>
      data-testid="coverage-areas"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      expandable={{ defaultExpandedRowKeys: rows.map((row) => row.key) }}
      onRow={(row) =>
        ({
          'data-testid': 'coverage-area-row',
          'data-kind': row.kind,
          'data-key': row.key,
          style:
            row.silent > 0
              ? { background: row.kind === 'township' ? '#fff1f0' : undefined }
              : undefined,
        }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('warnings.coverage.area'),
          dataIndex: 'name',
          render: (name: string, row) => (
            <Space size={4}>
              <Typography.Text strong={row.kind === 'township'}>{name}</Typography.Text>
              <Tag bordered={false}>{t(`warnings.coverage.kind.${row.kind}`)}</Tag>
            </Space>
          ),
        },
        ...countColumns(t),
      ]}
    />
  );
}

function SilentList({ silent }: { silent: SilentRecipient[] }) {
  const { t } = useTranslation();
  return (
    <Table<SilentRecipient>
      data-testid="coverage-silent-list"
      size="small"
      rowKey="ackId"
      pagination={silent.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 'max-content' }}
      dataSource={silent}
      locale={{ emptyText: <Empty description={t('warnings.coverage.noneSilent')} /> }}
      onRow={() => ({ 'data-testid': 'silent-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('warnings.coverage.name'), dataIndex: 'name' },
        {
          title: t('warnings.coverage.post'),
          dataIndex: 'postKind',
          render: (kind: string) => t(`org.postKinds.${kind}`, kind),
        },
        {
          title: t('warnings.coverage.place'),
          key: 'place',
          render: (_, row) => [row.regionName, row.gridName].filter(Boolean).join(' '),
        },
        {
          title: t('warnings.coverage.phone'),
          dataIndex: 'mobile',
          render: (mobile: string) => (
            <a href={`tel:${mobile}`} data-testid="silent-phone">
              {mobile}
            </a>
          ),
        },
        {
          title: t('warnings.fields.state'),
          dataIndex: 'state',
          render: (state: RecipientState) => (
            <Tag color={recipientStateColours[state]}>{t(`warnings.recipientState.${state}`)}</Tag>
          ),
        },
        {
          title: t('warnings.coverage.calledSince'),
          dataIndex: 'startsAt',
          render: (at: string) => formatDateTime(at),
        },
        {
          title: t('warnings.coverage.escalations'),
          dataIndex: 'escalations',
          render: (escalations: SilentRecipient['escalations']) =>
            escalations.length === 0
              ? '—'
              : escalations.map((action) => (
                  <Tag key={action} color="volcano">
                    {t(`warnings.silenceAction.${action}`)}
                  </Tag>
                )),
        },
      ]}
    />
  );
}

function DoorToDoorList({ tasks }: { tasks: DoorToDoorTask[] }) {
  const { t } = useTranslation();
  return (
    <Table<DoorToDoorTask>
      data-testid="coverage-door-to-door"
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={tasks}
      locale={{ emptyText: t('warnings.coverage.noDoorToDoor') }}
      columns={[
        {
          title: t('warnings.coverage.kind.grid'),
          key: 'grid',
          render: (_, task) => `${task.regionName} ${task.gridName}`,
        },
        {
          title: t('warnings.fields.state'),
          dataIndex: 'state',
          render: (state: DoorToDoorTask['state']) => (
            <Tag color={state === 'done' ? 'success' : 'warning'}>
              {t(`warnings.coverage.taskState.${state}`)}
            </Tag>
          ),
        },
        {
          title: t('warnings.coverage.visits'),
          key: 'visits',
          render: (_, task) => (
            <span data-testid="door-to-door-visits">
              {t('warnings.coverage.visitsValue', {
                visited: task.visited,
                households: task.households,
              })}
              {task.needsHelp > 0 && (
                <Tag color="error" style={{ marginInlineStart: 8 }}>
                  {t('warnings.coverage.needsHelp', { count: task.needsHelp })}
                </Tag>
              )}
            </span>
          ),
        },
        {
          title: t('warnings.coverage.createdAt'),
          dataIndex: 'createdAt',
          render: (at: string) => formatDateTime(at),
        },
      ]}
    />
  );
}

function Section({
  title,
  children,
  extra,
}: {
  title: string;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra}>
      {children}
    </Card>
  );
}

/**
 * 叫应看板: who has been reached and who answered, township by township, village by village and
 * grid by grid; the silent with their phones to ring; the 敲门入户 tasks of grids nobody
 * answered in. Live over the server's event stream while the page is open.
 */
export function CoverageBoard({ warningId }: { warningId: string }) {
  const { t } = useTranslation();
  const coverage = useWarningCoverage(warningId);
  if (coverage.error) {
    return <QueryError error={coverage.error} />;
  }
  const data = coverage.data;
  if (!data) {
    return <Spin />;
  }
  const { totals } = data;
  const percent =
    totals.recipients > 0 ? Math.round((totals.answered / totals.recipients) * 100) : 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="coverage-board">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap size={16}>
          <Badge
            status={coverage.isLive ? 'processing' : 'default'}
            text={coverage.isLive ? t('warnings.coverage.live') : t('warnings.coverage.polling')}
            data-testid="coverage-live"
            data-live={coverage.isLive}
          />
          <Typography.Text type="secondary">
            {t('warnings.coverage.at', { at: formatDateTime(data.at) })}
          </Typography.Text>
        </Space>
        <Button
          icon={<FileExcelOutlined />}
          href={coverageExcelUrl(warningId)}
          data-testid="coverage-excel"
        >
          {t('warnings.coverage.excel')}
        </Button>
      </Space>
      <Totals totals={totals} />
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }} size={4}>
          <Typography.Text>
            {t('warnings.coverage.rate', {
              answered: totals.answered,
              recipients: totals.recipients,
            })}
          </Typography.Text>
          <Progress percent={percent} status={totals.silent > 0 ? 'active' : 'success'} />
          <Space wrap size={4} data-testid="coverage-deliveries">
            <Typography.Text type="secondary">{t('warnings.coverage.deliveries')}</Typography.Text>
            {deliveryStates.map((state) => (
              <Tag
                key={state}
                color={state === 'failed' ? 'error' : state === 'delivered' ? 'success' : undefined}
              >
                {t(`warnings.deliveryState.${state}`)} {data.deliveries[state] ?? 0}
              </Tag>
            ))}
          </Space>
        </Space>
      </Card>
      <Section title={t('warnings.coverage.byArea')}>
        {data.townships.length > 0 ? <AreaTable coverage={data} /> : <Empty />}
      </Section>
      <Section title={t('warnings.coverage.silentTitle', { count: data.silent.length })}>
        <SilentList silent={data.silent} />
      </Section>
      <Section title={t('warnings.coverage.doorToDoorTitle')}>
        <DoorToDoorList tasks={data.doorToDoor} />
      </Section>
    </Space>
  );
}
