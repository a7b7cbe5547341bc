import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Household } from '@lastmile/shared';
import { useCreateHousehold, useUpdateHousehold } from './api';
import { ApiError } from '../../lib/api';
import { reportSaveError } from '../../lib/form-errors';
import { FormModal } from '../../components/FormModal';

interface FormValues {
  label: string;
  headName: string;
  phone?: string;
  members?: number | null;
  vulnerable: boolean;
  note?: string;
}

/** Add a household to a grid (no `editing`) or change one; a household never moves to another grid. */
export function HouseholdFormModal(props: {
  open: boolean;
  gridId: string;
  editing?: Household;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateHousehold();
  const update = useUpdateHousehold();
  const editing = props.editing;

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          label: editing.label,
          headName: editing.headName,
          phone: editing.phone ?? undefined,
          members: editing.members,
          vulnerable: editing.vulnerable,
          note: editing.note ?? undefined,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const fields = {
      label: values.label,
      headName: values.headName,
      phone: values.phone || null,
      members: values.members ?? null,
      vulnerable: values.vulnerable,
      note: values.note || null,
    };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: fields });
      } else {
        await create.mutateAsync({ gridId: props.gridId, ...fields });
      }
      void message.success(t('org.households.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
      // The conflict carries no field details, but it is always the 门牌.
      if (error instanceof ApiError && error.code === 'HOUSEHOLD_LABEL_TAKEN') {
        form.setFields([{ name: 'label', errors: [error.message] }]);
      }
    }
  };

  // The server trims: a label of spaces alone is empty.
  const required = { required: true, whitespace: true, message: t('org.required') };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('org.households.edit')}：${editing.label}` : t('org.households.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="household-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ vulnerable: false }}
        onFinish={(values) => void submit(values)}
        data-testid="household-form"
      >
        <Form.Item name="label" label={t('org.households.label')} rules={[required, { max: 100 }]}>
          <Input
            placeholder={t('org.households.labelPlaceholder')}
            data-testid="household-form-label"
          />
        </Form.Item>
        <Form.Item
          name="headName"
          label={t('org.households.headName')}
          rules={[required, { max: 64 }]}
        >
          <Input data-testid="household-form-head" />
        </Form.Item>
        <Form.Item name="phone" label={t('org.households.phone')} rules={[{ max: 32 }]}>
          <Input inputMode="tel" data-testid="household-form-phone" />
        </Form.Item>
        <Form.Item name="members" label={t('org.households.members')}>
          <InputNumber min={0} precision={0} data-testid="household-form-members" />
        </Form.Item>
        <Form.Item
          name="vulnerable"
          label={t('org.households.vulnerable')}
          valuePropName="checked"
          extra={t('org.households.vulnerableHint')}
        >
          <Switch data-testid="household-form-vulnerable" />
        </Form.Item>
        <Form.Item name="note" label={t('org.households.note')} rules={[{ max: 500 }]}>
          <Input.TextArea
            rows={2}
            placeholder={t('org.households.notePlaceholder')}
            data-testid="household-form-note"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
