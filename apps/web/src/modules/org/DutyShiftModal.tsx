import { useEffect } from 'react';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DutyShift } from '@lastmile/shared';
import { usePeople, useSetDutyShift } from './api';
import { formatDay } from './dates';
import { reportSaveError } from '../../lib/form-errors';
import { FormModal } from '../../components/FormModal';

interface FormValues {
  leaderPersonId?: string;
  staffPersonIds: string[];
  notes?: string;
}

/** Sets one day of a township's roster: the leader on duty and the duty staff, from its people. */
export function DutyShiftModal(props: { regionCode: string; day?: string; shift?: DutyShift; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSetDutyShift();
  const { day, shift } = props;
  const people = usePeople({ regionCode: props.regionCode, limit: 500, offset: 0 }, day !== undefined);
  const options = (people.data?.items ?? []).map((person) => ({
    value: person.id,
    label: `${person.name} ${person.mobile}`,
  }));

  useEffect(() => {
    if (day) {
      form.resetFields();
      form.setFieldsValue({
        leaderPersonId: shift?.leader?.personId,
        staffPersonIds: shift?.staff.map((person) => person.personId) ?? [],
        notes: shift?.notes ?? undefined,
      });
    }
  }, [day, shift, form]);

  const submit = async (values: FormValues) => {
    if (!day) {
      return;
    }
    try {
      await save.mutateAsync({
        regionCode: props.regionCode,
        date: day,
        leaderPersonId: values.leaderPersonId ?? null,
        staffPersonIds: values.staffPersonIds,
        notes: values.notes || null,
      });
      void message.success(t('org.duty.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  return (
    <FormModal
      open={day !== undefined}
      title={day ? `${t('org.duty.edit')}：${formatDay(day)}` : undefined}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={save.isPending}
      submitTestId="duty-form-submit"
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="duty-form">
        <Form.Item name="leaderPersonId" label={t('org.duty.leader')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={people.isFetching}
            options={options}
            data-testid="duty-form-leader"
          />
        </Form.Item>
        <Form.Item name="staffPersonIds" label={t('org.duty.staff')} rules={[{ type: 'array', max: 20 }]}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={people.isFetching}
            options={options}
            data-testid="duty-form-staff"
          />
        </Form.Item>
        <Form.Item name="notes" label={t('org.duty.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
