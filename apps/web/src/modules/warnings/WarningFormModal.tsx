import { App, AutoComplete, Form, Input, Radio, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { warningLevels, type WarningLevel } from '@lastmile/shared';
import { FormModal } from '../../components/FormModal';
import { reportSaveError } from '../../lib/form-errors';
import { useCreateWarning } from './api';
import { eventTypeLabel, knownEventTypes } from './labels';
import { TargetFields, targetsOf, type TargetValues } from './TargetFields';
import { WarningLevelTag } from './WarningTags';

interface FormValues extends TargetValues {
  level: WarningLevel;
  event: string;
  eventType?: string;
  headline: string;
  description: string;
  instruction?: string;
  /** Hours from now; empty: until lifted (解除). */
  validHours?: number;
}

const validHourChoices = [2, 6, 12, 24, 48, 72];

/**
 * 发布预警: the county issues its own warning (level, what, what to do, how long, where) and
 * 叫应 starts at once along the call plan for its kind and level.
 */
export function WarningFormModal(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateWarning();

  const submit = async (values: FormValues) => {
    try {
      const created = await create.mutateAsync({
        level: values.level,
        event: values.event,
        eventType: values.eventType || undefined,
        headline: values.headline,
        description: values.description,
        instruction: values.instruction || null,
        expires: values.validHours
          ? new Date(Date.now() + values.validHours * 3_600_000).toISOString()
          : null,
        targets: targetsOf(values),
      });
      void message.success(t('warnings.created'));
      props.onClose();
      void navigate(`/warnings/${created.id}`);
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal
      open={props.open}
      title={t('warnings.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending}
      submitTestId="warning-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ level: 'blue', validHours: 24 }}
        onFinish={(values) => void submit(values)}
        data-testid="warning-form"
      >
        <Form.Item name="level" label={t('warnings.fields.level')} rules={[required]}>
          <Radio.Group data-testid="warning-form-level">
            {warningLevels.map((level) => (
              <Radio key={level} value={level}>
                <WarningLevelTag level={level} />
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="event" label={t('warnings.fields.event')} rules={[required, { max: 100 }]}>
          <Input
            placeholder={t('warnings.form.eventPlaceholder')}
            data-testid="warning-form-event"
          />
        </Form.Item>
        <Form.Item
          name="eventType"
          label={t('warnings.fields.eventType')}
          rules={[{ pattern: /^\d{2}[A-Z]\d{2}$/, message: t('warnings.form.eventTypeInvalid') }]}
        >
          <AutoComplete
            allowClear
            placeholder="11B03"
            options={knownEventTypes.map((code) => ({
              value: code,
              label: eventTypeLabel(t, code),
            }))}
            data-testid="warning-form-event-type"
          />
        </Form.Item>
        <Form.Item
          name="headline"
          label={t('warnings.fields.headline')}
          rules={[required, { max: 200 }]}
        >
          <Input
            placeholder={t('warnings.form.headlinePlaceholder')}
            data-testid="warning-form-headline"
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('warnings.fields.description')}
          rules={[required, { max: 4000 }]}
        >
          <Input.TextArea rows={3} data-testid="warning-form-description" />
        </Form.Item>
        <Form.Item
          name="instruction"
          label={t('warnings.fields.instruction')}
          rules={[{ max: 4000 }]}
        >
          <Input.TextArea
            rows={3}
            placeholder={t('warnings.form.instructionPlaceholder')}
            data-testid="warning-form-instruction"
          />
        </Form.Item>
        <Form.Item name="validHours" label={t('warnings.fields.validFor')}>
          <Select<number>
            allowClear
            placeholder={t('warnings.form.untilLifted')}
            options={validHourChoices.map((hours) => ({
              value: hours,
              label: t('warnings.form.hours', { hours }),
            }))}
            data-testid="warning-form-valid"
          />
        </Form.Item>
        <TargetFields required testIdPrefix="warning-form" />
      </Form>
    </FormModal>
  );
}
