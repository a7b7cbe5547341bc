import { Alert, Checkbox, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { mapLayers, riskLevelColours, riskLevels, riskPointKinds, type MapLayer, type RiskLevel, type RiskPointKind } from '@lastmile/shared';
import type { MapFilters } from '../api';

/** The side panel of the one-map: which layers to show, and which risk points. */
export function MapPanel(props: {
  layers: readonly MapLayer[];
  onLayers: (layers: MapLayer[]) => void;
  filters: MapFilters;
  onFilters: (filters: MapFilters) => void;
  loading: boolean;
  truncated: boolean;
  error?: Error;
}) {
  const { t } = useTranslation();
  const toggle = (layer: MapLayer, on: boolean) =>
    props.onLayers(on ? mapLayers.filter((each) => each === layer || props.layers.includes(each)) : props.layers.filter((each) => each !== layer));
  const toggleLevel = (level: RiskLevel, on: boolean) =>
    props.onFilters({
      ...props.filters,
      level: on ? riskLevels.filter((each) => each === level || props.filters.level.includes(each)) : props.filters.level.filter((each) => each !== level),
    });

  return (
    <Space orientation="vertical" size={16} style={{ width: 220 }} data-testid="map-panel">
      <Space orientation="vertical" size={4}>
        <Typography.Text strong>
          {t('risks.map.layersTitle')} {props.loading && <Spin size="small" />}
        </Typography.Text>
        {mapLayers.map((layer) => (
          <Checkbox
            key={layer}
            checked={props.layers.includes(layer)}
            onChange={(event) => toggle(layer, event.target.checked)}
            data-testid={`map-layer-${layer}`}
          >
            {t(`risks.map.layers.${layer}`)}
          </Checkbox>
        ))}
      </Space>
      <Space orientation="vertical" size={4}>
        <Typography.Text strong>{t('risks.points.level')}</Typography.Text>
        {riskLevels.map((level) => (
          <Checkbox
            key={level}
            checked={props.filters.level.includes(level)}
            onChange={(event) => toggleLevel(level, event.target.checked)}
            data-testid={`map-level-${level}`}
          >
            <Space size={6}>
              <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', background: riskLevelColours[level] }} />
              {t(`ledger.riskLevel.${level}`)}
            </Space>
          </Checkbox>
        ))}
      </Space>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong>{t('risks.points.kind')}</Typography.Text>
        <Select<RiskPointKind>
          allowClear
          placeholder={t('risks.points.allKinds')}
          value={props.filters.kind}
          onChange={(kind) => props.onFilters({ ...props.filters, kind })}
          showSearch={{ optionFilterProp: 'label' }}
          options={riskPointKinds.map((kind) => ({ value: kind, label: t(`ledger.riskPointKind.${kind}`) }))}
          style={{ width: '100%' }}
          data-testid="map-kind-filter"
        />
      </Space>
      {props.truncated && <Alert type="warning" showIcon title={t('risks.map.truncated')} data-testid="map-truncated" />}
      {props.error && <Alert type="error" showIcon title={props.error.message} />}
    </Space>
  );
}
