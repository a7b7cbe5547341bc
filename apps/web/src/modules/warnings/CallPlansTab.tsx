import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  warningCountyRoles,
  warningLevels,
  type CallPlan,
  type WarningLevel,
} from '@lastmile/shared';
import { useMe } from '../../app/session';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { useCallPlans } from './api';
import { eventTypeLabel } from './labels';
import { WarningLevelTag } from './WarningTags';
import { CallPlanSteps } from './CallPlanSteps';
import { CallPlanFormModal } from './CallPlanFormModal';

const levelOrder = (level: WarningLevel) => warningLevels.indexOf(level);

/**
 * 叫应方案: for each warning level and kind, who is called in which order and through which
 * channels, and what happens to the silent. The county office edits them; everyone else reads.
 */
export function CallPlansTab() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = warningCountyRoles.includes(me.role);
  const plans = useCallPlans();
  // The plan being edited; `null`: a new one.
  const [editing, setEditing] = useState<CallPlan | null>();

  if (plans.error) {
    return <QueryError error={plans.error} />;
  }
  const items = [...(plans.data?.items ?? [])].sort(
    (a, b) =>
      levelOrder(a.level) - levelOrder(b.level) ||
      (a.eventType === '*' ? -1 : b.eventType === '*' ? 1 : a.eventType.localeCompare(b.eventType)),
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('warnings.plan.intro')}</Typography.Text>
        {canEdit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing(null)}
            data-testid="call-plan-create"
          >
            {t('warnings.plan.create')}
          </Button>
        )}
      </Space>
      {!canEdit && (
        <Alert
          type="info"
          showIcon
          title={t('warnings.plan.readOnly')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<CallPlan>
        data-testid="call-plans-table"
        rowKey={(plan) => `${plan.level}-${plan.eventType}`}
        size="middle"
        loading={plans.isFetching}
        dataSource={items}
        pagination={false}
        onRow={(plan) =>
          ({
            'data-testid': 'call-plan-row',
            'data-level': plan.level,
            'data-event-type': plan.eventType,
          }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          expandedRowRender: (plan) => <CallPlanSteps steps={plan.steps} />,
        }}
        columns={[
          {
            title: t('warnings.fields.level'),
            dataIndex: 'level',
            render: (level: WarningLevel) => <WarningLevelTag level={level} />,
          },
          {
            title: t('warnings.fields.eventType'),
            dataIndex: 'eventType',
            render: (eventType: string) => eventTypeLabel(t, eventType),
          },
          {
            title: t('warnings.plan.autoDispatch'),
            dataIndex: 'autoDispatch',
            render: (auto: boolean) =>
              auto ? (
                <Tag color="success">{t('warnings.plan.autoDispatchOn')}</Tag>
              ) : (
                <Tag>{t('warnings.plan.autoDispatchOff')}</Tag>
              ),
          },
          {
            title: t('warnings.plan.steps'),
            dataIndex: 'steps',
            render: (steps: CallPlan['steps']) => steps.map((step) => step.name).join(' / '),
          },
          {
            title: t('warnings.plan.updatedAt'),
            dataIndex: 'updatedAt',
            render: (at: string | null, plan) =>
              plan.id ? formatDateTime(at) : <Tag>{t('warnings.plan.default')}</Tag>,
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, plan: CallPlan) => (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(plan)}
                      data-testid="call-plan-edit"
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing !== undefined && (
        <CallPlanFormModal plan={editing} onClose={() => setEditing(undefined)} />
      )}
    </>
  );
}
