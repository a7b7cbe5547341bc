import { useState, type HTMLAttributes } from 'react';
import { App, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  summonsStates,
  type HazardGrade,
  type SummonsResponse,
  type Summons,
  type SummonsState,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { FormModal } from '../../components/FormModal';
import { offsetPagination } from '../../lib/pagination';
import { formatDateTime } from '../../lib/format';
import { reportSaveError } from '../../lib/form-errors';
import { useRespondToSummons, useSummonsList } from './api';
import { enumOptions, summonsStateColours } from './labels';
import { HazardGradeTag } from './HazardTags';
import { HazardLink } from './HazardLink';
import { DepartmentInput } from './DepartmentInput';

const pageSize = 20;

interface FormValues {
  reason?: string;
  department?: string;
}

/** 报到: accept the summons, pass it to the right department, or decline it, with the reason. */
function RespondModal(props: { summons: Summons; response: SummonsResponse; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const respond = useRespondToSummons();
  const { summons, response } = props;

  const submit = async (values: FormValues) => {
    try {
      await respond.mutateAsync({
        id: summons.id,
        body: {
          response,
          reason: values.reason || null,
          department: response === 'transfer' ? values.department : undefined,
        },
      });
      void message.success(t('hazards.summons.answered'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal
      open
      title={`${t(`hazards.summons.responses.${response}`)}：${summons.hazardNumber} ${summons.hazardTitle}`}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={respond.isPending}
      submitTestId="summons-respond-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="summons-respond-form"
      >
        {response === 'transfer' && (
          <Form.Item
            name="department"
            label={t('hazards.summons.transferTo')}
            rules={[required, { max: 64 }]}
          >
            <DepartmentInput
              regionCode={summons.regionCode}
              data-testid="summons-respond-department"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('hazards.summons.reason')}
          rules={[...(response === 'accept' ? [] : [required]), { max: 2000 }]}
        >
          <Input.TextArea rows={3} data-testid="summons-respond-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/**
 * 吹哨报到: departments called to hazards of their sector. A department user sees the summons
 * addressed to it and answers each (接收 / 转办 / 退回); silence past the deadline goes to the county.
 */
export function SummonsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const isDepartment = me.role === 'department';
  const [filters, setFilters] = useState<{ limit: number; offset: number; state?: SummonsState[] }>(
    {
      limit: pageSize,
      offset: 0,
      state: isDepartment ? ['pending'] : undefined,
    },
  );
  const [responding, setResponding] = useState<{ summons: Summons; response: SummonsResponse }>();
  const summons = useSummonsList(filters);

  if (summons.error) {
    return <QueryError error={summons.error} />;
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {isDepartment && me.department && <Typography.Text strong>{me.department}</Typography.Text>}
        <Select<SummonsState[]>
          mode="multiple"
          allowClear
          value={filters.state ?? []}
          placeholder={t('hazards.summons.allStates')}
          style={{ minWidth: 200 }}
          onChange={(state) =>
            setFilters((current) => ({
              ...current,
              state: state.length > 0 ? state : undefined,
              offset: 0,
            }))
          }
          options={enumOptions(summonsStates, 'hazard.summonsState', t)}
          data-testid="summons-state-filter"
        />
      </Space>
      <Table<Summons>
        data-testid="summons-table"
        rowKey="id"
        size="middle"
        loading={summons.isFetching}
        dataSource={summons.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={(row) =>
          ({
            'data-testid': 'summons-row',
            'data-number': row.hazardNumber,
            'data-state': row.state,
            style: row.late ? { background: '#fff1f0' } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={offsetPagination({
          offset: filters.offset,
          pageSize,
          total: summons.data?.total,
          onOffset: (offset) => setFilters((current) => ({ ...current, offset })),
          t,
        })}
        columns={[
          {
            title: t('hazards.number'),
            dataIndex: 'hazardNumber',
            render: (number: string, row) => <HazardLink id={row.hazardId} number={number} />,
          },
          {
            title: t('hazards.titleLabel'),
            dataIndex: 'hazardTitle',
            render: (title: string, row) => (
              <Space orientation="vertical" size={0}>
                {title}
                <Typography.Text type="secondary">
                  {row.regionName} · {t(`ledger.sector.${row.sector}`)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('hazards.grade'),
            dataIndex: 'hazardGrade',
            render: (grade: HazardGrade) => <HazardGradeTag grade={grade} />,
          },
          { title: t('hazards.summons.department'), dataIndex: 'department' },
          {
            title: t('hazards.summons.state'),
            dataIndex: 'state',
            render: (state: SummonsState, row) => (
              <Space size={4}>
                <Tag color={summonsStateColours[state]} style={{ marginInlineEnd: 0 }}>
                  {t(`hazard.summonsState.${state}`)}
                </Tag>
                {row.late && (
                  <Tag
                    color="error"
                    variant="solid"
                    style={{ marginInlineEnd: 0 }}
                    data-testid="summons-late"
                  >
                    {t('hazards.overdue')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('hazards.summons.note'),
            dataIndex: 'note',
            render: (note: string, row) => (
              <Space orientation="vertical" size={0} style={{ maxWidth: 280 }}>
                <Typography.Paragraph
                  ellipsis={{ rows: 2, tooltip: note }}
                  style={{ marginBottom: 0 }}
                >
                  {note}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {row.summonedBy.name} {formatDateTime(row.summonedAt)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('hazards.summons.respondBy'),
            dataIndex: 'respondBy',
            render: (at: string, row) => (
              <Typography.Text type={row.late ? 'danger' : undefined}>
                {formatDateTime(at)}
              </Typography.Text>
            ),
          },
          {
            title: t('hazards.summons.response'),
            key: 'response',
            render: (_, row) =>
              row.respondedAt ? (
                <Space orientation="vertical" size={0} style={{ maxWidth: 240 }}>
                  <span>
                    {row.respondedBy?.name} {formatDateTime(row.respondedAt)}
                  </span>
                  {row.transferredTo && <Typography.Text>→ {row.transferredTo}</Typography.Text>}
                  {row.reason && <Typography.Text type="secondary">{row.reason}</Typography.Text>}
                </Space>
              ) : (
                '—'
              ),
          },
          ...(isDepartment
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Summons) =>
                    // A summons passed up for silence may still be answered late.
                    row.respondedAt === null &&
                    (row.state === 'pending' || row.state === 'escalated') && (
                      <Space size={0}>
                        {(['accept', 'transfer', 'decline'] as const).map((response) => (
                          <Button
                            key={response}
                            type="link"
                            size="small"
                            danger={response === 'decline'}
                            onClick={() => setResponding({ summons: row, response })}
                            data-testid={`summons-${response}`}
                          >
                            {t(`hazards.summons.responses.${response}`)}
                          </Button>
                        ))}
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {responding && <RespondModal {...responding} onClose={() => setResponding(undefined)} />}
    </>
  );
}
