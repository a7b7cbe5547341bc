import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Space,
  Typography,
} from 'antd';
import { CheckCircleOutlined, SoundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { relayMethods, type RelayMethod, type Warning } from '@lastmile/shared';
import { formatDateTime } from '../../lib/format';
import { reportError, reportSaveError } from '../../lib/form-errors';
import { enumOptions } from '../hazards/labels';
import { useAnswerWarning, useReportWarningActions } from './api';
import { MyCallTag } from './WarningTags';

interface ActionValues {
  relayedBy: RelayMethod[];
  householdsTold: number;
  peopleMoved: number;
  note?: string;
}

/** After answering: how the warning was passed on (广播、鸣锣、敲门入户…), households told, people moved. */
function ActionsForm({ warning, onDone }: { warning: Warning; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const report = useReportWarningActions();

  const submit = async (values: ActionValues) => {
    try {
      await report.mutateAsync({
        id: warning.id,
        body: {
          relayedBy: values.relayedBy,
          householdsTold: values.householdsTold,
          peopleMoved: values.peopleMoved,
          note: values.note || null,
        },
      });
      void message.success(t('warnings.actions.saved'));
      onDone();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <Form<ActionValues>
      form={form}
      layout="vertical"
      initialValues={{ relayedBy: [], householdsTold: 0, peopleMoved: 0 }}
      onFinish={(values) => void submit(values)}
      data-testid="warning-actions-form"
    >
      <Form.Item
        name="relayedBy"
        label={t('warnings.actions.relayedBy')}
        rules={[{ ...required, type: 'array', min: 1, message: t('warnings.actions.pickOne') }]}
      >
        <Checkbox.Group
          options={enumOptions(relayMethods, 'warnings.relayMethod', t)}
          data-testid="warning-actions-relayed-by"
        />
      </Form.Item>
      <Space wrap size={16}>
        <Form.Item
          name="householdsTold"
          label={t('warnings.actions.householdsTold')}
          rules={[required]}
        >
          <InputNumber
            min={0}
            max={10_000_000}
            precision={0}
            suffix={t('warnings.actions.householdsUnit')}
            data-testid="warning-actions-households"
          />
        </Form.Item>
        <Form.Item name="peopleMoved" label={t('warnings.actions.peopleMoved')} rules={[required]}>
          <InputNumber
            min={0}
            max={10_000_000}
            precision={0}
            suffix={t('warnings.actions.peopleUnit')}
            data-testid="warning-actions-people"
          />
        </Form.Item>
      </Space>
      <Form.Item name="note" label={t('warnings.actions.note')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} data-testid="warning-actions-note" />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={report.isPending}
        data-testid="warning-actions-submit"
      >
        {t('warnings.actions.submit')}
      </Button>
    </Form>
  );
}

/**
 * The caller's own 叫应 of this warning: while they have not answered, one big 收到 button; once
 * they have, what they did about it.
 */
export function MyCallCard({ warning }: { warning: Warning }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const answer = useAnswerWarning();
  const [isReporting, setReporting] = useState(false);
  const call = warning.me;
  if (!call) {
    return null;
  }

  if (!call.answeredAt) {
    const canAnswer = warning.state === 'active' && call.state !== 'stopped';
    return (
      <Card
        size="small"
        style={{ borderColor: '#fa8c16', background: '#fff7e6' }}
        data-testid="my-call"
      >
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Space wrap>
            <SoundOutlined style={{ fontSize: 20, color: '#fa541c' }} />
            <Typography.Text strong>{t('warnings.answer.prompt')}</Typography.Text>
            <MyCallTag call={call} />
          </Space>
          {canAnswer && (
            <Button
              type="primary"
              size="large"
              block
              icon={<CheckCircleOutlined />}
              loading={answer.isPending}
              style={{ height: 56, fontSize: 20 }}
              onClick={() =>
                answer.mutate(warning.id, {
                  onSuccess: () => void message.success(t('warnings.answer.done')),
                  onError: (error) => reportError(message, error),
                })
              }
              data-testid="warning-answer"
            >
              {t('warnings.answer.button')}
            </Button>
          )}
        </Space>
      </Card>
    );
  }

  const showForm = !call.actionsReportedAt || isReporting;
  return (
    <Card size="small" data-testid="my-call">
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        <Alert
          type="success"
          showIcon
          data-testid="my-call-answered"
          title={t('warnings.answer.answeredAt', { at: formatDateTime(call.answeredAt) })}
          description={call.late ? t('warnings.answer.lateHint') : undefined}
          action={
            call.actionsReportedAt && !isReporting ? (
              <Button size="small" onClick={() => setReporting(true)}>
                {t('warnings.actions.again')}
              </Button>
            ) : undefined
          }
        />
        {call.actionsReportedAt && !isReporting && (
          <Typography.Text type="secondary" data-testid="my-call-actions-reported">
            {t('warnings.actions.reportedAt', { at: formatDateTime(call.actionsReportedAt) })}
          </Typography.Text>
        )}
        {showForm && (
          <>
            <Typography.Text strong>{t('warnings.actions.title')}</Typography.Text>
            <ActionsForm warning={warning} onDone={() => setReporting(false)} />
          </>
        )}
      </Space>
    </Card>
  );
}
