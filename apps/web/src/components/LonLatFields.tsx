import { Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LonLat } from '@lastmile/shared';

const isSet = (value: number | null | undefined): value is number => value !== null && value !== undefined;

/** The point of two form fields `lon` and `lat`, or null when they are empty. */
export function lonLatOf(values: { lon?: number | null; lat?: number | null }): LonLat | null {
  return isSet(values.lon) && isSet(values.lat) ? { lon: values.lon, lat: values.lat } : null;
}

/**
 * Longitude and latitude in WGS84/CGCS2000 degrees, as a GPS or 天地图 gives them (never the
 * GCJ-02 of commercial maps). Both or neither; both when `required`.
 */
export function LonLatFields(props: { required?: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const rules = (other: 'lon' | 'lat') => [
    ...(props.required ? [{ required: true, message: t('common.required') }] : []),
    {
      validator: async (_: unknown, value: number | null | undefined) => {
        if (isSet(value) !== isSet(form.getFieldValue(other) as number | null | undefined)) {
          throw new Error(t('location.bothOrNeither'));
        }
      },
    },
  ];
  return (
    <Space size="large">
      <Form.Item name="lon" label={t('location.lon')} dependencies={['lat']} rules={rules('lat')}>
        <InputNumber min={-180} max={180} step={0.000001} style={{ width: 160 }} data-testid="form-lon" />
      </Form.Item>
      <Form.Item name="lat" label={t('location.lat')} dependencies={['lon']} rules={rules('lon')}>
        <InputNumber min={-90} max={90} step={0.000001} style={{ width: 160 }} data-testid="form-lat" />
      </Form.Item>
    </Space>
  );
}
