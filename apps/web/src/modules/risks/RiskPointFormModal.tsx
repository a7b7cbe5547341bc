import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  padRegionCode,
  regionLevelOf,
  riskLevels,
  riskPointKinds,
  riskPointStatuses,
  type RiskLevel,
  type RiskPoint,
  type RiskPointKind,
  type RiskPointStatus,
} from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { FormModal } from '../../components/FormModal';
import { LonLatFields, lonLatOf } from '../../components/LonLatFields';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { useCreateRiskPoint, useUpdateRiskPoint, useVillageGrids } from './api';
import { PersonSelect } from './PersonSelect';

interface FormValues {
  regionCode?: string;
  name: string;
  kind: RiskPointKind;
  level: RiskLevel;
  gridId?: string | null;
  threatenedHouseholds?: number | null;
  threatenedPeople?: number | null;
  townshipPersonId?: string | null;
  villagePersonId?: string | null;
  gridPersonId?: string | null;
  lon?: number | null;
  lat?: number | null;
  controlMeasures?: string;
  monitoringMethod?: string;
  nextReviewOn?: string;
  status: RiskPointStatus;
  notes?: string;
}

const townshipOf = (code: string) => padRegionCode(code.slice(0, 9));

/**
 * Register a risk point (风险点) in a village or township (no `editing`), or change one: its
 * level, the three responsible persons (乡镇、村、网格), the control measures and next review.
 */
export function RiskPointFormModal(props: { open: boolean; editing?: RiskPoint; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateRiskPoint();
  const update = useUpdateRiskPoint();
  const editing = props.editing;
  const chosenRegion = Form.useWatch('regionCode', form);
  const gridId = Form.useWatch('gridId', form) ?? undefined;
  const regionCode = editing?.regionCode ?? chosenRegion;
  const village = regionCode && regionLevelOf(regionCode) === 'village' ? regionCode : undefined;
  const grids = useVillageGrids(village);

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          name: editing.name,
          kind: editing.kind,
          level: editing.level,
          gridId: editing.gridId,
          threatenedHouseholds: editing.threatenedHouseholds,
          threatenedPeople: editing.threatenedPeople,
          townshipPersonId: editing.responsible.township?.personId ?? null,
          villagePersonId: editing.responsible.village?.personId ?? null,
          gridPersonId: editing.responsible.grid?.personId ?? null,
          lon: editing.location.lon,
          lat: editing.location.lat,
          controlMeasures: editing.controlMeasures ?? undefined,
          monitoringMethod: editing.monitoringMethod ?? undefined,
          nextReviewOn: editing.nextReviewOn ?? undefined,
          status: editing.status,
          notes: editing.notes ?? undefined,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const fields = {
      name: values.name,
      kind: values.kind,
      level: values.level,
      gridId: values.gridId ?? null,
      threatenedHouseholds: values.threatenedHouseholds ?? null,
      threatenedPeople: values.threatenedPeople ?? null,
      townshipPersonId: values.townshipPersonId ?? null,
      villagePersonId: values.villagePersonId ?? null,
      gridPersonId: values.gridPersonId ?? null,
      location: lonLatOf(values),
      controlMeasures: values.controlMeasures || null,
      monitoringMethod: values.monitoringMethod || null,
      nextReviewOn: values.nextReviewOn || null,
      status: values.status,
      notes: values.notes || null,
    };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: fields });
      } else {
        await create.mutateAsync({ ...fields, regionCode: values.regionCode ?? '' });
      }
      void message.success(t('risks.points.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('risks.points.edit')}：${editing.name}` : t('risks.points.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="risk-point-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ level: 'general', status: 'active' }}
        onValuesChange={(changed: Partial<FormValues>) => {
          // Grids and people belong to the place: a new place, new choices.
          if ('regionCode' in changed) {
            form.setFieldsValue({ gridId: null, townshipPersonId: null, villagePersonId: null, gridPersonId: null });
          } else if ('gridId' in changed) {
            form.setFieldsValue({ gridPersonId: null });
          }
        }}
        onFinish={(values) => void submit(values)}
        data-testid="risk-point-form"
      >
        {editing ? (
          <Form.Item label={t('risks.points.region')}>
            {editing.townshipName}
            {editing.regionCode !== editing.townshipCode && ` / ${editing.regionName}`}
          </Form.Item>
        ) : (
          <Form.Item
            name="regionCode"
            label={t('risks.points.region')}
            rules={[required, regionLevelRule(['township', 'village'], t('common.pickTownshipOrVillage'))]}
          >
            <RegionCascader levels={['township', 'village']} data-testid="risk-point-form-region" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('risks.points.name')} rules={[required, { max: 128 }]}>
          <Input placeholder={t('risks.points.namePlaceholder')} data-testid="risk-point-form-name" />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="kind" label={t('risks.points.kind')} rules={[required]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={riskPointKinds.map((kind) => ({ value: kind, label: t(`ledger.riskPointKind.${kind}`) }))}
              data-testid="risk-point-form-kind"
            />
          </Form.Item>
          <Form.Item name="status" label={t('risks.points.status')} rules={[required]}>
            <Select options={riskPointStatuses.map((status) => ({ value: status, label: t(`ledger.riskPointStatus.${status}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="level" label={t('risks.points.level')} rules={[required]}>
          <Radio.Group
            optionType="button"
            options={riskLevels.map((level) => ({ value: level, label: t(`ledger.riskLevel.${level}`) }))}
            data-testid="risk-point-form-level"
          />
        </Form.Item>
        <Form.Item name="gridId" label={t('risks.points.grid')} extra={village ? undefined : t('risks.points.gridHint')}>
          <Select
            allowClear
            disabled={!village}
            loading={grids.isFetching}
            options={grids.data?.items.map((grid) => ({ value: grid.id, label: grid.name }))}
            data-testid="risk-point-form-grid"
          />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="threatenedHouseholds" label={t('risks.points.threatenedHouseholds')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="threatenedPeople" label={t('risks.points.threatenedPeople')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space>
        <Form.Item name="townshipPersonId" label={t('risks.points.responsibleTownship')}>
          <PersonSelect
            regionCode={regionCode ? townshipOf(regionCode) : undefined}
            current={editing?.responsible.township}
            data-testid="risk-point-form-township-person"
          />
        </Form.Item>
        <Form.Item name="villagePersonId" label={t('risks.points.responsibleVillage')}>
          <PersonSelect regionCode={village} current={editing?.responsible.village} data-testid="risk-point-form-village-person" />
        </Form.Item>
        <Form.Item name="gridPersonId" label={t('risks.points.responsibleGrid')}>
          <PersonSelect
            regionCode={village}
            gridId={gridId}
            current={editing?.responsible.grid}
            data-testid="risk-point-form-grid-person"
          />
        </Form.Item>
        <LonLatFields required />
        <Form.Item name="controlMeasures" label={t('risks.points.controlMeasures')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="risk-point-form-measures" />
        </Form.Item>
        <Form.Item name="monitoringMethod" label={t('risks.points.monitoringMethod')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="nextReviewOn" label={t('risks.points.nextReviewOn')}>
          <Input type="date" style={{ width: 180 }} data-testid="risk-point-form-next-review" />
        </Form.Item>
        <Form.Item name="notes" label={t('risks.points.notes')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
