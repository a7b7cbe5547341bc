import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallPlanStep } from '@lastmile/shared';
import { formatSeconds } from './labels';

/**
 * A call plan's steps as a table: who is called, when the step starts, the channel ladder, how
 * long before the silent are escalated, and what happens to them then.
 */
export function CallPlanSteps({ steps, testId }: { steps: CallPlanStep[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Table<CallPlanStep & { index: number }>
      data-testid={testId}
      size="small"
      pagination={false}
      rowKey="index"
      scroll={{ x: 'max-content' }}
      dataSource={steps.map((step, index) => ({ ...step, index }))}
      columns={[
        { title: '#', dataIndex: 'index', render: (index: number) => index + 1, width: 40 },
        {
          title: t('warnings.plan.stepName'),
          dataIndex: 'name',
          render: (name: string, step) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{name}</Typography.Text>
              <Typography.Text type="secondary">
                {step.postKinds.map((kind) => t(`org.postKinds.${kind}`, kind)).join('、')}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('warnings.plan.startAfter'),
          dataIndex: 'startAfterSeconds',
          render: (seconds: number) =>
            seconds === 0 ? t('warnings.plan.atOnce') : formatSeconds(t, seconds),
        },
        {
          title: t('warnings.plan.channels'),
          dataIndex: 'channels',
          render: (channels: CallPlanStep['channels']) =>
            channels
              .map(
                (entry) =>
                  `${t(`warnings.channel.${entry.channel}`)} ${
                    entry.afterSeconds === 0 ? '' : `+${formatSeconds(t, entry.afterSeconds)}`
                  }`,
              )
              .join(' → '),
        },
        {
          title: t('warnings.plan.answerTimeout'),
          dataIndex: 'answerTimeoutSeconds',
          render: (seconds: number) => formatSeconds(t, seconds),
        },
        {
          title: t('warnings.plan.answersNeeded'),
          dataIndex: 'answersNeeded',
          render: (needed: number | null) =>
            needed === null ? t('warnings.plan.everyone') : needed,
        },
        {
          title: t('warnings.plan.onSilence'),
          dataIndex: 'onSilence',
          render: (actions: CallPlanStep['onSilence']) =>
            actions.length === 0 ? (
              '—'
            ) : (
              <Space size={4} wrap>
                {actions.map((action) => (
                  <Tag key={action} color="volcano">
                    {t(`warnings.silenceAction.${action}`)}
                  </Tag>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}
