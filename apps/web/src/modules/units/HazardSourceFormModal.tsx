import { useEffect } from 'react';
import { App, Form, Input, Radio, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { hazardSourceKinds, type HazardSource, type HazardSourceKind } from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { FormModal } from '../../components/FormModal';
import { LonLatFields, lonLatOf } from '../../components/LonLatFields';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { useCreateHazardSource, useUpdateHazardSource } from './api';
import { anyPhoneRule } from './rules';
import { UnitSelect } from './UnitSelect';
import { majorGrades } from './labels';

interface FormValues {
  attachedTo: 'unit' | 'standalone';
  unitId?: string;
  regionCode?: string;
  name: string;
  kind: HazardSourceKind;
  major: boolean;
  majorGrade?: number | null;
  substances?: string;
  quantity?: string;
  lon?: number | null;
  lat?: number | null;
  responsiblePerson?: string;
  responsiblePhone?: string;
  controlMeasures?: string;
  monitoring?: string;
  notes?: string;
}

/**
 * Register a hazard source (危险源), a unit's or standalone like a dam (no `editing`), or change
 * one. Where it belongs is fixed once registered.
 */
export function HazardSourceFormModal(props: { open: boolean; editing?: HazardSource; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateHazardSource();
  const update = useUpdateHazardSource();
  const editing = props.editing;
  const attachedTo = Form.useWatch('attachedTo', form);
  const major = Form.useWatch('major', form);

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          name: editing.name,
          kind: editing.kind,
          major: editing.major,
          majorGrade: editing.majorGrade,
          substances: editing.substances ?? undefined,
          quantity: editing.quantity ?? undefined,
          lon: editing.location?.lon,
          lat: editing.location?.lat,
          responsiblePerson: editing.responsiblePerson ?? undefined,
          responsiblePhone: editing.responsiblePhone ?? undefined,
          controlMeasures: editing.controlMeasures ?? undefined,
          monitoring: editing.monitoring ?? undefined,
          notes: editing.notes ?? undefined,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const fields = {
      name: values.name,
      kind: values.kind,
      major: values.major,
      // Only a major hazard source has a grade.
      majorGrade: values.major ? (values.majorGrade ?? null) : null,
      substances: values.substances || null,
      quantity: values.quantity || null,
      location: lonLatOf(values),
      responsiblePerson: values.responsiblePerson || null,
      responsiblePhone: values.responsiblePhone || null,
      controlMeasures: values.controlMeasures || null,
      monitoring: values.monitoring || null,
      notes: values.notes || null,
    };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: fields });
      } else {
        await create.mutateAsync(
          values.attachedTo === 'unit' ? { ...fields, unitId: values.unitId } : { ...fields, regionCode: values.regionCode },
        );
      }
      void message.success(t('units.hazardSources.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('units.hazardSources.edit')}：${editing.name}` : t('units.hazardSources.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="hazard-source-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ attachedTo: 'unit', major: false, kind: 'chemicalStorage' }}
        onFinish={(values) => void submit(values)}
        data-testid="hazard-source-form"
      >
        {editing ? (
          <Form.Item label={editing.unitName ? t('units.hazardSources.unit') : t('units.region')}>
            {editing.unitName ?? `${editing.townshipName} / ${editing.regionName}`}
          </Form.Item>
        ) : (
          <>
            <Form.Item name="attachedTo" label={t('units.hazardSources.attachedTo')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'unit', label: t('units.hazardSources.ofUnit') },
                  { value: 'standalone', label: t('units.hazardSources.standalone') },
                ]}
              />
            </Form.Item>
            {attachedTo === 'standalone' ? (
              <Form.Item
                name="regionCode"
                label={t('units.region')}
                rules={[required, regionLevelRule(['township', 'village'], t('common.pickTownshipOrVillage'))]}
              >
                <RegionCascader levels={['township', 'village']} data-testid="hazard-source-form-region" />
              </Form.Item>
            ) : (
              <Form.Item name="unitId" label={t('units.hazardSources.unit')} rules={[required]}>
                <UnitSelect data-testid="hazard-source-form-unit" />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="name" label={t('units.hazardSources.name')} rules={[required, { max: 128 }]}>
          <Input placeholder={t('units.hazardSources.namePlaceholder')} data-testid="hazard-source-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('units.hazardSources.kind')} rules={[required]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={hazardSourceKinds.map((kind) => ({ value: kind, label: t(`ledger.hazardSourceKind.${kind}`) }))}
            data-testid="hazard-source-form-kind"
          />
        </Form.Item>
        <Space size="large" align="start">
          <Form.Item name="major" label={t('units.hazardSources.major')} valuePropName="checked">
            <Switch data-testid="hazard-source-form-major" />
          </Form.Item>
          {major && (
            <Form.Item name="majorGrade" label={t('units.hazardSources.majorGrade')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={majorGrades.map((grade) => ({ value: grade, label: t(`units.hazardSources.grades.${grade}`) }))}
                data-testid="hazard-source-form-grade"
              />
            </Form.Item>
          )}
        </Space>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="substances" label={t('units.hazardSources.substances')} rules={[{ max: 256 }]}>
            <Input placeholder={t('units.hazardSources.substancesPlaceholder')} />
          </Form.Item>
          <Form.Item name="quantity" label={t('units.hazardSources.quantity')} rules={[{ max: 128 }]}>
            <Input placeholder={t('units.hazardSources.quantityPlaceholder')} />
          </Form.Item>
        </Space>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="responsiblePerson" label={t('units.hazardSources.responsiblePerson')} rules={[{ max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="responsiblePhone" label={t('units.hazardSources.responsiblePhone')} rules={[anyPhoneRule(t)]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Space>
        <LonLatFields />
        <Form.Item name="controlMeasures" label={t('units.hazardSources.controlMeasures')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="monitoring" label={t('units.hazardSources.monitoring')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="notes" label={t('units.notes')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
