import { useEffect } from 'react';
import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { useCreatePerson, useUpdatePerson } from './api';
import { reportSaveError } from '../../lib/form-errors';
import { landlineRule, mobileRule } from './phone-rules';
import { FormModal } from '../../components/FormModal';

interface FormValues {
  name: string;
  mobile: string;
  landline?: string;
  regionCode?: string;
  notes?: string;
}

/** Register a person (no `editing`) or change one. Posts are assigned separately. */
export function PersonFormModal(props: { open: boolean; editing?: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const editing = props.editing;

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          name: editing.name,
          mobile: editing.mobile,
          landline: editing.landline ?? undefined,
          notes: editing.notes ?? undefined,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const fields = {
      name: values.name,
      mobile: values.mobile,
      landline: values.landline || null,
      notes: values.notes || null,
    };
    try {
      if (editing) {
        await update.mutateAsync({
          id: editing.id,
          body: { ...fields, ...(values.regionCode ? { regionCode: values.regionCode } : {}) },
        });
      } else {
        await create.mutateAsync({ ...fields, regionCode: values.regionCode ?? '' });
      }
      void message.success(t('org.people.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('org.required') };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('org.people.edit')}：${editing.name}` : t('org.people.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="person-form-submit"
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="person-form">
        <Form.Item name="name" label={t('org.people.name')} rules={[required, { max: 64 }]}>
          <Input data-testid="person-form-name" />
        </Form.Item>
        <Form.Item name="mobile" label={t('org.people.mobile')} rules={[required, mobileRule(t)]}>
          <Input inputMode="tel" data-testid="person-form-mobile" />
        </Form.Item>
        <Form.Item name="landline" label={t('org.people.landline')} rules={[landlineRule(t)]}>
          <Input inputMode="tel" placeholder="0722-1234567" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('org.people.region')}
          extra={t('org.people.regionHint')}
          rules={editing ? [] : [required]}
        >
          <RegionCascader data-testid="person-form-region" placeholder={editing?.regionName} />
        </Form.Item>
        <Form.Item name="notes" label={t('org.people.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
