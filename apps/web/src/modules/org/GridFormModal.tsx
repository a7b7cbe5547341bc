import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { gridKinds, type Grid, type GridKind } from '@lastmile/shared';
import { RegionCascader } from '../../components/RegionCascader';
import { useCreateGrid, useUpdateGrid } from './api';
import { reportSaveError } from '../../lib/form-errors';
import { regionLevelRule } from '../../lib/region-level';
import { FormModal } from '../../components/FormModal';

const isSet = (value: number | null | undefined): value is number => value !== null && value !== undefined;

interface FormValues {
  regionCode?: string;
  name: string;
  kind: GridKind;
  households?: number | null;
  residents?: number | null;
  lon?: number | null;
  lat?: number | null;
}

/** Create a grid in a village (no `editing`) or change one; a grid never moves to another village. */
export function GridFormModal(props: { open: boolean; editing?: Grid; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateGrid();
  const update = useUpdateGrid();
  const editing = props.editing;

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      if (editing) {
        form.setFieldsValue({
          name: editing.name,
          kind: editing.kind,
          households: editing.households,
          residents: editing.residents,
          lon: editing.centre?.lon,
          lat: editing.centre?.lat,
        });
      }
    }
  }, [props.open, editing, form]);

  const submit = async (values: FormValues) => {
    const fields = {
      name: values.name,
      kind: values.kind,
      households: values.households ?? null,
      residents: values.residents ?? null,
      centre: isSet(values.lon) && isSet(values.lat) ? { lon: values.lon, lat: values.lat } : null,
    };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: fields });
      } else {
        await create.mutateAsync({ regionCode: values.regionCode ?? '', ...fields });
      }
      void message.success(t('org.grids.saved'));
      props.onClose();
    } catch (error) {
      reportSaveError(form, error, message);
    }
  };

  const required = { required: true, message: t('org.required') };
  // Both coordinates or neither.
  const pairedWith = (other: 'lon' | 'lat') => ({
    validator: async (_: unknown, value: number | null | undefined) => {
      if (isSet(value) !== isSet(form.getFieldValue(other) as number | null | undefined)) {
        throw new Error(t('org.grids.centrePair'));
      }
    },
  });
  return (
    <FormModal
      open={props.open}
      title={editing ? `${t('org.grids.edit')}：${editing.name}` : t('org.grids.create')}
      onClose={props.onClose}
      onSubmit={() => form.submit()}
      saving={create.isPending || update.isPending}
      submitTestId="grid-form-submit"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'villagerGroup' }}
        onFinish={(values) => void submit(values)}
        data-testid="grid-form"
      >
        {editing ? (
          <Form.Item label={t('org.grids.village')}>
            {editing.townshipName} / {editing.regionName}
          </Form.Item>
        ) : (
          <Form.Item
            name="regionCode"
            label={t('org.grids.village')}
            rules={[required, regionLevelRule(['village'], t('org.pickVillage'))]}
          >
            <RegionCascader levels={['village']} data-testid="grid-form-village" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('org.grids.name')} rules={[required, { max: 64 }]}>
          <Input placeholder={t('org.grids.namePlaceholder')} data-testid="grid-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.grids.kind')} rules={[required]}>
          <Select data-testid="grid-form-kind" options={gridKinds.map((kind) => ({ value: kind, label: t(`org.gridKinds.${kind}`) }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="households" label={t('org.grids.households')}>
            <InputNumber min={0} precision={0} data-testid="grid-form-households" />
          </Form.Item>
          <Form.Item name="residents" label={t('org.grids.residents')}>
            <InputNumber min={0} precision={0} data-testid="grid-form-residents" />
          </Form.Item>
        </Space>
        <Space size="large">
          <Form.Item name="lon" label={t('org.grids.lon')} dependencies={['lat']} rules={[pairedWith('lat')]}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="lat" label={t('org.grids.lat')} dependencies={['lon']} rules={[pairedWith('lon')]}>
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}
