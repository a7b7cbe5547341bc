import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Hazard } from '@lastmile/shared';
import { FormModal } from '../../components/FormModal';
import { reportSaveError } from '../../lib/form-errors';
import { useSummonDepartment } from './api';
import { DepartmentInput, useDepartmentOptions } from './DepartmentInput';

interface FormValues {
  department?: string;
  note: string;
}

/**
 * 吹哨: calls the department that supervises the hazard's sector (三管三必须) to come and answer
 * (报到) within the county's response time; another department may be named instead.
 */
export function SummonModal(props: { hazard: Hazard; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const summon = useSummonDepartment();
  const { sectorDepartments } = useDepartmentOptions(props.hazard.regionCode);
  const usual = sectorDepartments?.[props.hazard.sector];

  const submit = async (values: FormValues) => {
    try {
      await summon.mutateAsync({
        id: props.hazard.id,
        body: { department: values.department || undefined, note: values.note },
      });
      void message.success(t('hazards.summons.summoned'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  return (
    <FormModal
      open={props.open}
      title={`${t('hazards.summons.summon')}：${props.hazard.number} ${props.hazard.title}`}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={summon.isPending}
      submitTestId="hazard-action-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="hazard-summon-form"
      >
        <Form.Item
          name="department"
          label={t('hazards.summons.department')}
          extra={usual ? t('hazards.summons.departmentHint', { department: usual }) : undefined}
          rules={[{ max: 64 }]}
        >
          <DepartmentInput
            regionCode={props.hazard.regionCode}
            placeholder={usual}
            data-testid="hazard-summon-department"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('hazards.summons.note')}
          rules={[{ required: true, message: t('common.required') }, { max: 2000 }]}
        >
          <Input.TextArea
            rows={3}
            placeholder={t('hazards.summons.notePlaceholder')}
            data-testid="hazard-summon-note"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
