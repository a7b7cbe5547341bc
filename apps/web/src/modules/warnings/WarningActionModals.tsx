import { App, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Warning } from '@lastmile/shared';
import { FormModal } from '../../components/FormModal';
import { reportSaveError } from '../../lib/form-errors';
import { useCancelWarning, useDispatchWarning, useRelayWarning } from './api';
import { hasTargets, TargetFields, targetsOf, type TargetValues } from './TargetFields';

interface ModalProps {
  warning: Warning;
  open: boolean;
  onClose: () => void;
}

interface RelayValues extends TargetValues {
  localInstructions: string;
}

/**
 * 转发: the township passes the warning on to its villages and grids with its own 属地措施;
 * the relay is a warning of its own, called at once, and the page moves to it.
 */
export function RelayModal({ warning, open, onClose }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RelayValues>();
  const relay = useRelayWarning();

  const submit = async (values: RelayValues) => {
    try {
      const relayed = await relay.mutateAsync({
        id: warning.id,
        body: {
          localInstructions: values.localInstructions,
          targets: hasTargets(values) ? targetsOf(values) : undefined,
        },
      });
      void message.success(t('warnings.relay.done'));
      onClose();
      void navigate(`/warnings/${relayed.id}`);
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  return (
    <FormModal
      open={open}
      title={t('warnings.relay.title')}
      onClose={onClose}
      onSubmit={() => form.submit()}
      saving={relay.isPending}
      submitTestId="warning-relay-submit"
    >
      <Form<RelayValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="warning-relay-form"
      >
        <Typography.Paragraph type="secondary">
          {warning.headline ?? warning.event}
        </Typography.Paragraph>
        <Form.Item
          name="localInstructions"
          label={t('warnings.fields.localInstructions')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 4000 },
          ]}
        >
          <Input.TextArea
            rows={4}
            placeholder={t('warnings.relay.placeholder')}
            data-testid="warning-relay-instructions"
          />
        </Form.Item>
        <TargetFields
          required={false}
          testIdPrefix="warning-relay"
          hint={t('warnings.relay.targetsHint')}
        />
      </Form>
    </FormModal>
  );
}

/** 解除: the warning is lifted with a reason; nobody is chased any more. */
export function CancelModal({ warning, open, onClose }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelWarning();

  const submit = async ({ reason }: { reason: string }) => {
    try {
      await cancel.mutateAsync({ id: warning.id, reason });
      void message.success(t('warnings.cancel.done'));
      onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  return (
    <FormModal
      open={open}
      title={t('warnings.cancel.title')}
      onClose={onClose}
      onSubmit={() => form.submit()}
      saving={cancel.isPending}
      submitTestId="warning-cancel-submit"
    >
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="warning-cancel-form"
      >
        <Form.Item
          name="reason"
          label={t('warnings.fields.cancelReason')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 500 },
          ]}
        >
          <Input.TextArea
            rows={3}
            placeholder={t('warnings.cancel.placeholder')}
            data-testid="warning-cancel-reason"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/**
 * 开始叫应 of a warning taken in from above that its call plan did not start by itself: over the
 * warning's own area, or over the regions and grids picked here.
 */
export function DispatchModal({ warning, open, onClose }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TargetValues>();
  const dispatch = useDispatchWarning();

  const submit = async (values: TargetValues) => {
    try {
      await dispatch.mutateAsync({
        id: warning.id,
        targets: hasTargets(values) ? targetsOf(values) : undefined,
      });
      void message.success(t('warnings.dispatch.done'));
      onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  return (
    <FormModal
      open={open}
      title={t('warnings.dispatch.title')}
      onClose={onClose}
      onSubmit={() => form.submit()}
      saving={dispatch.isPending}
      submitTestId="warning-dispatch-submit"
    >
      <Form<TargetValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="warning-dispatch-form"
      >
        <Typography.Paragraph type="secondary">{t('warnings.dispatch.hint')}</Typography.Paragraph>
        <TargetFields required={false} testIdPrefix="warning-dispatch" />
      </Form>
    </FormModal>
  );
}
