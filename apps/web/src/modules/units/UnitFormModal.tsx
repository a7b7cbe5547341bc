import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { normaliseCreditCode, sectors, unitStatuses, type Sector, type Unit, type UnitStatus } from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { FormModal } from '../../components/FormModal';
import { LonLatFields, lonLatOf } from '../../components/LonLatFields';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { useCreateUnit, useLedgerSettings, useUpdateUnit } from './api';
import { categoryOptions } from './labels';
import { anyPhoneRule, creditCodeRule } from './rules';

interface FormValues {
  regionCode?: string;
  name: string;
  creditCode?: string;
  address?: string;
  category: string;
  sector?: Sector;
  legalRepresentative?: string;
  safetyContact?: string;
  safetyContactPhone?: string;
  employees?: number | null;
  status: UnitStatus;
  lon?: number | null;
  lat?: number | null;
  notes?: string;
}

/** Register a unit (生产经营单位) in a township or village (no `editing`), or change one. */
export function UnitFormModal(props: { open: boolean; editing?: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const settings = useLedgerSettings();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const editing = props.editing;

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          name: editing.name,
          creditCode: editing.creditCode ?? undefined,
          address: editing.address ?? undefined,
          category: editing.category,
          sector: editing.sector,
          legalRepresentative: editing.legalRepresentative ?? undefined,
          safetyContact: editing.safetyContact ?? undefined,
          safetyContactPhone: editing.safetyContactPhone ?? undefined,
          employees: editing.employees,
          status: editing.status,
          lon: editing.location?.lon,
          lat: editing.location?.lat,
          notes: editing.notes ?? undefined,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const fields = {
      name: values.name,
      creditCode: values.creditCode ? normaliseCreditCode(values.creditCode) : null,
      address: values.address || null,
      category: values.category,
      sector: values.sector,
      legalRepresentative: values.legalRepresentative || null,
      safetyContact: values.safetyContact || null,
      safetyContactPhone: values.safetyContactPhone || null,
      employees: values.employees ?? null,
      status: values.status,
      location: lonLatOf(values),
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
      void message.success(t('units.units.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  // The sector follows the category unless the user picks another.
  const onCategory = (code: string) => {
    const sector = settings.data?.categories.find((category) => category.code === code)?.sector;
    if (sector) {
      form.setFieldValue('sector', sector);
    }
  };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('units.units.edit')}：${editing.name}` : t('units.units.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="unit-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ status: 'operating' }}
        onFinish={(values) => void submit(values)}
        data-testid="unit-form"
      >
        <Form.Item
          name="regionCode"
          label={t('units.region')}
          extra={t('units.regionHint')}
          rules={[...(editing ? [] : [required]), regionLevelRule(['township', 'village'], t('common.pickTownshipOrVillage'))]}
        >
          <RegionCascader
            levels={['township', 'village']}
            placeholder={editing ? `${editing.townshipName} / ${editing.regionName}` : undefined}
            data-testid="unit-form-region"
          />
        </Form.Item>
        <Form.Item name="name" label={t('units.units.name')} rules={[required, { max: 128 }]}>
          <Input data-testid="unit-form-name" />
        </Form.Item>
        <Form.Item name="creditCode" label={t('units.units.creditCode')} rules={[creditCodeRule(t)]}>
          <Input maxLength={24} placeholder="91421321MA4XXXXXXX" data-testid="unit-form-credit-code" />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="category" label={t('units.units.category')} rules={[required]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={categoryOptions(settings.data?.categories)}
              onChange={onCategory}
              data-testid="unit-form-category"
            />
          </Form.Item>
          <Form.Item name="sector" label={t('units.units.sector')} extra={t('units.units.sectorHint')}>
            <Select options={sectors.map((sector) => ({ value: sector, label: t(`ledger.sector.${sector}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('units.units.address')} rules={[{ max: 256 }]}>
          <Input />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="legalRepresentative" label={t('units.units.legalRepresentative')} rules={[{ max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="employees" label={t('units.units.employees')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="safetyContact" label={t('units.units.safetyContact')} rules={[{ max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="safetyContactPhone" label={t('units.units.safetyContactPhone')} rules={[anyPhoneRule(t)]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Space>
        <Form.Item name="status" label={t('units.units.status')} rules={[required]}>
          <Select options={unitStatuses.map((status) => ({ value: status, label: t(`ledger.unitStatus.${status}`) }))} />
        </Form.Item>
        <LonLatFields />
        <Form.Item name="notes" label={t('units.notes')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
