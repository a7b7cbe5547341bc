import {
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  defaultCallPlanSteps,
  postKinds,
  silenceActions,
  warningChannels,
  warningLevels,
  type CallPlan,
  type CallPlanStep,
  type UpsertCallPlanBody,
  type WarningLevel,
} from '@lastmile/shared';
import { reportSaveError } from '../../lib/form-errors';
import { enumOptions } from '../hazards/labels';
import { useSaveCallPlan } from './api';
import { eventTypeLabel, knownEventTypes } from './labels';

interface StepValues extends Omit<CallPlanStep, 'answersNeeded'> {
  /** Empty: everyone must answer. */
  answersNeeded?: number | null;
}

interface FormValues {
  level: WarningLevel;
  eventType: string;
  autoDispatch: boolean;
  steps: StepValues[];
}

const maxSeconds = 24 * 3600;

/**
 * Edits one 叫应方案 (level × kind): its steps, each with the posts called, the channel ladder,
 * the answer timeout and the silence actions. A new plan starts from the default steps.
 */
export function CallPlanFormModal(props: { plan: CallPlan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCallPlan();
  const isNew = props.plan === null;

  const submit = async (values: FormValues) => {
    const body: UpsertCallPlanBody = {
      level: values.level,
      eventType: values.eventType,
      autoDispatch: values.autoDispatch,
      steps: values.steps.map((step) => ({ ...step, answersNeeded: step.answersNeeded ?? null })),
    };
    try {
      await save.mutateAsync(body);
      void message.success(t('warnings.plan.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  const seconds = (min: number) => (
    <InputNumber min={min} max={maxSeconds} precision={0} suffix={t('warnings.plan.secondsUnit')} />
  );
  return (
    <Modal
      open
      width={960}
      title={isNew ? t('warnings.plan.create') : t('warnings.plan.edit')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'call-plan-form-submit' }}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          props.plan ?? {
            level: 'red',
            eventType: '*',
            autoDispatch: true,
            steps: defaultCallPlanSteps,
          }
        }
        onFinish={(values) => void submit(values)}
        data-testid="call-plan-form"
      >
        <Space wrap size={16}>
          <Form.Item name="level" label={t('warnings.fields.level')} rules={[required]}>
            <Select<WarningLevel>
              disabled={!isNew}
              style={{ width: 140 }}
              options={enumOptions(warningLevels, 'warnings.level', t)}
            />
          </Form.Item>
          <Form.Item
            name="eventType"
            label={t('warnings.fields.eventType')}
            rules={[
              required,
              { pattern: /^(\d{2}[A-Z]\d{2}|\*)$/, message: t('warnings.form.eventTypeInvalid') },
            ]}
          >
            <AutoComplete
              disabled={!isNew}
              style={{ width: 220 }}
              options={['*', ...knownEventTypes].map((code) => ({
                value: code,
                label: eventTypeLabel(t, code),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="autoDispatch"
            label={t('warnings.plan.autoDispatch')}
            valuePropName="checked"
            tooltip={t('warnings.plan.autoDispatchHint')}
          >
            <Switch data-testid="call-plan-auto-dispatch" />
          </Form.Item>
        </Space>
        <Form.List name="steps">
          {(steps, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }} size={12}>
              {steps.map((step, index) => (
                <Card
                  key={step.key}
                  size="small"
                  title={t('warnings.plan.stepTitle', { number: index + 1 })}
                  extra={
                    steps.length > 1 && (
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(step.name)}
                      >
                        {t('common.delete')}
                      </Button>
                    )
                  }
                >
                  <Space wrap align="start" size={12}>
                    <Form.Item
                      name={[step.name, 'name']}
                      label={t('warnings.plan.stepName')}
                      rules={[required, { max: 60 }]}
                    >
                      <Input style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item
                      name={[step.name, 'postKinds']}
                      label={t('warnings.plan.postKinds')}
                      rules={[required]}
                    >
                      <Select
                        mode="multiple"
                        style={{ width: 520 }}
                        options={enumOptions(postKinds, 'org.postKinds', t)}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[step.name, 'startAfterSeconds']}
                      label={t('warnings.plan.startAfter')}
                      rules={[required]}
                    >
                      {seconds(0)}
                    </Form.Item>
                    <Form.Item
                      name={[step.name, 'answerTimeoutSeconds']}
                      label={t('warnings.plan.answerTimeout')}
                      rules={[required]}
                    >
                      {seconds(30)}
                    </Form.Item>
                    <Form.Item
                      name={[step.name, 'answersNeeded']}
                      label={t('warnings.plan.answersNeeded')}
                      tooltip={t('warnings.plan.answersNeededHint')}
                    >
                      <InputNumber
                        min={1}
                        precision={0}
                        placeholder={t('warnings.plan.everyone')}
                      />
                    </Form.Item>
                  </Space>
                  <Form.Item label={t('warnings.plan.channels')} required>
                    <Form.List name={[step.name, 'channels']}>
                      {(channels, ladder) => (
                        <Space wrap size={8}>
                          {channels.map((channel) => (
                            <Space.Compact key={channel.key}>
                              <Form.Item
                                name={[channel.name, 'channel']}
                                noStyle
                                rules={[required]}
                              >
                                <Select
                                  style={{ width: 110 }}
                                  options={enumOptions(warningChannels, 'warnings.channel', t)}
                                />
                              </Form.Item>
                              <Form.Item
                                name={[channel.name, 'afterSeconds']}
                                noStyle
                                rules={[required]}
                              >
                                <InputNumber
                                  min={0}
                                  max={maxSeconds}
                                  precision={0}
                                  style={{ width: 110 }}
                                  prefix="+"
                                  suffix={t('warnings.plan.secondsUnit')}
                                />
                              </Form.Item>
                              {channels.length > 1 && (
                                <Button
                                  icon={<DeleteOutlined />}
                                  onClick={() => ladder.remove(channel.name)}
                                />
                              )}
                            </Space.Compact>
                          ))}
                          {channels.length < 6 && (
                            <Button
                              icon={<PlusOutlined />}
                              onClick={() => ladder.add({ channel: 'voice', afterSeconds: 180 })}
                            >
                              {t('warnings.plan.addChannel')}
                            </Button>
                          )}
                        </Space>
                      )}
                    </Form.List>
                  </Form.Item>
                  <Form.Item
                    name={[step.name, 'onSilence']}
                    label={t('warnings.plan.onSilence')}
                    style={{ marginBottom: 0 }}
                  >
                    <Checkbox.Group
                      options={enumOptions(silenceActions, 'warnings.silenceAction', t)}
                    />
                  </Form.Item>
                </Card>
              ))}
              {steps.length < 10 && (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      name: '',
                      postKinds: [],
                      startAfterSeconds: 0,
                      channels: [{ channel: 'app', afterSeconds: 0 }],
                      answerTimeoutSeconds: 300,
                      answersNeeded: null,
                      onSilence: ['superior'],
                    })
                  }
                >
                  {t('warnings.plan.addStep')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
