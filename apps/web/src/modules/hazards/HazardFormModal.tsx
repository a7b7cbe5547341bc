import { App, Form, Input, Radio, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { enumOptions } from './labels';
import {
  hazardGrades,
  hazardKinds,
  hazardOrigins,
  regionLevelOf,
  sectors,
  type HazardGrade,
  type HazardKind,
  type HazardOrigin,
  type Sector,
} from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { FormModal } from '../../components/FormModal';
import { LonLatFields, lonLatOf } from '../../components/LonLatFields';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { UnitSelect } from '../units/UnitSelect';
import { useVillageGrids } from '../risks/api';
import { useCreateHazard } from './api';
import { PhotoUpload } from './PhotoUpload';
import { RiskPointSelect } from './RiskPointSelect';
import { StandardSelect } from './StandardSelect';

interface FormValues {
  regionCode?: string;
  gridId?: string | null;
  unitId?: string | null;
  riskPointId?: string | null;
  origin?: HazardOrigin;
  kind: HazardKind;
  sector?: Sector;
  grade: HazardGrade;
  standardCode?: string;
  title: string;
  description?: string;
  address?: string;
  lon?: number | null;
  lat?: number | null;
  photoIds?: string[];
  fixedOnSpot: boolean;
  afterPhotoIds?: string[];
  fixNote?: string;
}

/**
 * 上报隐患: where (a village or township, or a unit or risk point there), what and how grave,
 * with photos. 即查即改 records a general hazard fixed on the spot, with photos from after.
 */
export function HazardFormModal(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateHazard();
  const regionCode = Form.useWatch('regionCode', form);
  const grade = Form.useWatch('grade', form);
  const fixedOnSpot = Form.useWatch('fixedOnSpot', form);
  const village = regionCode && regionLevelOf(regionCode) === 'village' ? regionCode : undefined;
  const grids = useVillageGrids(village);

  const submit = async (values: FormValues) => {
    try {
      await create.mutateAsync({
        regionCode: values.regionCode,
        gridId: values.gridId ?? null,
        unitId: values.unitId ?? null,
        riskPointId: values.riskPointId ?? null,
        origin: values.origin,
        kind: values.kind,
        sector: values.sector,
        grade: values.grade,
        standardCode: values.grade === 'major' ? (values.standardCode ?? null) : null,
        title: values.title,
        description: values.description || null,
        address: values.address || null,
        location: lonLatOf(values),
        photoIds: values.photoIds ?? [],
        fixedOnSpot: values.fixedOnSpot
          ? { afterPhotoIds: values.afterPhotoIds ?? [], note: values.fixNote ?? '' }
          : undefined,
      });
      void message.success(t('hazards.created'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('common.required') };
  const photosRequired = (messageKey: string) => ({
    validator: async (_: unknown, ids: string[] | undefined) => {
      if (!ids || ids.length === 0) {
        throw new Error(t(messageKey));
      }
    },
  });
  // The place may come from the unit or the risk point instead.
  const placeRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value && !form.getFieldValue('unitId') && !form.getFieldValue('riskPointId')) {
        throw new Error(t('hazards.form.placeRequired'));
      }
    },
  };
  return (
    <FormModal
      open={props.open}
      title={t('hazards.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending}
      submitTestId="hazard-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ grade: 'general', fixedOnSpot: false }}
        onValuesChange={(changed: Partial<FormValues>) => {
          // Grids and risk points belong to the place: a new place, new choices.
          if ('regionCode' in changed) {
            form.setFieldsValue({ gridId: null, riskPointId: null });
          }
          if (changed.grade === 'major') {
            form.setFieldsValue({ fixedOnSpot: false });
          }
        }}
        onFinish={(values) => void submit(values)}
        data-testid="hazard-form"
      >
        <Form.Item
          name="regionCode"
          label={t('hazards.region')}
          extra={t('hazards.form.regionHint')}
          dependencies={['unitId', 'riskPointId']}
          rules={[
            placeRule,
            regionLevelRule(['township', 'village'], t('common.pickTownshipOrVillage')),
          ]}
        >
          <RegionCascader levels={['township', 'village']} data-testid="hazard-form-region" />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item
            name="gridId"
            label={t('hazards.grid')}
            extra={village ? undefined : t('hazards.form.gridHint')}
          >
            <Select
              allowClear
              disabled={!village}
              loading={grids.isFetching}
              options={grids.data?.items.map((grid) => ({ value: grid.id, label: grid.name }))}
              data-testid="hazard-form-grid"
            />
          </Form.Item>
          <Form.Item name="riskPointId" label={t('hazards.riskPoint')}>
            <RiskPointSelect regionCode={regionCode} data-testid="hazard-form-risk-point" />
          </Form.Item>
        </Space>
        <Form.Item name="unitId" label={t('hazards.unit')} extra={t('hazards.form.unitHint')}>
          <UnitSelect data-testid="hazard-form-unit" />
        </Form.Item>
        <Form.Item name="title" label={t('hazards.titleLabel')} rules={[required, { max: 200 }]}>
          <Input placeholder={t('hazards.form.titlePlaceholder')} data-testid="hazard-form-title" />
        </Form.Item>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="kind" label={t('hazards.kind')} rules={[required]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={enumOptions(hazardKinds, 'hazard.kind', t)}
              data-testid="hazard-form-kind"
            />
          </Form.Item>
          <Form.Item name="sector" label={t('hazards.sector')} extra={t('hazards.form.sectorHint')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={enumOptions(sectors, 'ledger.sector', t)}
              data-testid="hazard-form-sector"
            />
          </Form.Item>
        </Space>
        <Space size="large" style={{ display: 'flex' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="grade" label={t('hazards.grade')} rules={[required]}>
            <Radio.Group
              optionType="button"
              options={hazardGrades.map((value) => ({ value, label: t(`hazard.grade.${value}`) }))}
              data-testid="hazard-form-grade"
            />
          </Form.Item>
          <Form.Item name="origin" label={t('hazards.origin')} extra={t('hazards.form.originHint')}>
            <Select
              allowClear
              options={hazardOrigins
                .filter((origin) => origin !== 'publicReport')
                .map((origin) => ({ value: origin, label: t(`hazard.origin.${origin}`) }))}
              data-testid="hazard-form-origin"
            />
          </Form.Item>
        </Space>
        {grade === 'major' && (
          <Form.Item
            name="standardCode"
            label={t('hazards.standard')}
            rules={[required]}
            extra={t('hazards.form.standardHint')}
          >
            <StandardSelect data-testid="hazard-form-standard" />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('hazards.description')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} data-testid="hazard-form-description" />
        </Form.Item>
        <Form.Item name="address" label={t('hazards.address')} rules={[{ max: 500 }]}>
          <Input data-testid="hazard-form-address" />
        </Form.Item>
        <LonLatFields />
        <Form.Item
          name="photoIds"
          label={fixedOnSpot ? t('hazards.form.beforePhotos') : t('hazards.photos.label')}
          rules={fixedOnSpot ? [photosRequired('hazards.form.beforePhotosRequired')] : []}
        >
          <PhotoUpload data-testid="hazard-form-photos" />
        </Form.Item>
        <Form.Item
          name="fixedOnSpot"
          label={t('hazards.fixedOnSpot')}
          valuePropName="checked"
          extra={t('hazards.form.fixedOnSpotHint')}
        >
          <Switch disabled={grade === 'major'} data-testid="hazard-form-fixed-on-spot" />
        </Form.Item>
        {fixedOnSpot && (
          <>
            <Form.Item
              name="afterPhotoIds"
              label={t('hazards.form.afterPhotos')}
              rules={[photosRequired('hazards.form.afterPhotosRequired')]}
            >
              <PhotoUpload data-testid="hazard-form-after-photos" />
            </Form.Item>
            <Form.Item
              name="fixNote"
              label={t('hazards.form.fixNote')}
              rules={[required, { max: 2000 }]}
            >
              <Input.TextArea rows={2} data-testid="hazard-form-fix-note" />
            </Form.Item>
          </>
        )}
      </Form>
    </FormModal>
  );
}
