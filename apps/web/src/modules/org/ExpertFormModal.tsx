import { useEffect } from 'react';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { expertAvailabilities, type Expert, type ExpertAvailability } from '@lastmile/shared';
import { useCreateExpert, useUpdateExpert } from './api';
import { reportSaveError } from '../../lib/form-errors';
import { landlineRule, mobileRule } from './phone-rules';
import { FormModal } from '../../components/FormModal';

interface FormValues {
  name: string;
  specialty: string;
  sector: string;
  organisation?: string;
  mobile: string;
  landline?: string;
  availability: ExpertAvailability;
  notes?: string;
}

/** Add an expert to the county's pool (no `editing`) or change one. */
export function ExpertFormModal(props: { open: boolean; editing?: Expert; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateExpert();
  const update = useUpdateExpert();
  const editing = props.editing;

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          name: editing.name,
          specialty: editing.specialty,
          sector: editing.sector,
          mobile: editing.mobile,
          availability: editing.availability,
          organisation: editing.organisation ?? undefined,
          landline: editing.landline ?? undefined,
          notes: editing.notes ?? undefined,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const body = {
      ...values,
      organisation: values.organisation || null,
      landline: values.landline || null,
      notes: values.notes || null,
    };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body });
      } else {
        await create.mutateAsync(body);
      }
      void message.success(t('org.experts.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('org.required') };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('org.experts.edit')}：${editing.name}` : t('org.experts.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="expert-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ availability: 'available' }}
        onFinish={(values) => void submit(values)}
        data-testid="expert-form"
      >
        <Form.Item name="name" label={t('org.experts.name')} rules={[required, { max: 64 }]}>
          <Input data-testid="expert-form-name" />
        </Form.Item>
        <Form.Item name="specialty" label={t('org.experts.specialty')} rules={[required, { max: 64 }]}>
          <Input placeholder={t('org.experts.specialtyPlaceholder')} data-testid="expert-form-specialty" />
        </Form.Item>
        <Form.Item name="sector" label={t('org.experts.sector')} rules={[required, { max: 64 }]}>
          <Input placeholder={t('org.experts.sectorPlaceholder')} data-testid="expert-form-sector" />
        </Form.Item>
        <Form.Item name="organisation" label={t('org.experts.organisation')} rules={[{ max: 128 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="mobile" label={t('org.people.mobile')} rules={[required, mobileRule(t)]}>
          <Input inputMode="tel" data-testid="expert-form-mobile" />
        </Form.Item>
        <Form.Item name="landline" label={t('org.people.landline')} rules={[landlineRule(t)]}>
          <Input inputMode="tel" placeholder="0722-1234567" />
        </Form.Item>
        <Form.Item name="availability" label={t('org.experts.availability')} rules={[required]}>
          <Select options={expertAvailabilities.map((value) => ({ value, label: t(`org.availabilities.${value}`) }))} />
        </Form.Item>
        <Form.Item name="notes" label={t('org.experts.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
