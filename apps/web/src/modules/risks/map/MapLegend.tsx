import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { riskLevelColours, riskLevels } from '@lastmile/shared';
import { gridColour, hazardColours, hazardSourceColour, majorHazardSourceColour, unitColour } from './styles';

function Swatch({ colour, label }: { colour: string; label: string }) {
  return (
    <Space size={6}>
      <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: '50%', background: colour, border: '1px solid #fff', boxShadow: '0 0 0 1px rgba(0,0,0,.15)' }} />
      <Typography.Text style={{ fontSize: 12 }}>{label}</Typography.Text>
    </Space>
  );
}

/** What the colours mean: the four risk levels (红橙黄蓝), then the other layers. */
export function MapLegend() {
  const { t } = useTranslation();
  return (
    <div
      style={{ position: 'absolute', left: 12, bottom: 24, zIndex: 1000, background: 'rgba(255,255,255,.92)', padding: '8px 10px', borderRadius: 6, boxShadow: '0 1px 4px rgba(0,0,0,.2)' }}
      data-testid="map-legend"
    >
      <Space orientation="vertical" size={2}>
        <Typography.Text strong style={{ fontSize: 12 }}>
          {t('risks.points.level')}
        </Typography.Text>
        {riskLevels.map((level) => (
          <Swatch key={level} colour={riskLevelColours[level]} label={t(`ledger.riskLevel.${level}`)} />
        ))}
        <Swatch colour={unitColour} label={t('risks.map.layers.units')} />
        <Swatch colour={hazardSourceColour} label={t('risks.map.layers.hazardSources')} />
        <Swatch colour={majorHazardSourceColour} label={t('units.hazardSources.major')} />
        <Swatch colour={hazardColours.overdue} label={t('risks.map.hazardLevels.overdue')} />
        <Swatch colour={hazardColours.major} label={t('risks.map.hazardLevels.major')} />
        <Swatch colour={hazardColours.general} label={t('risks.map.hazardLevels.general')} />
        <Swatch colour={gridColour} label={t('risks.map.layers.grids')} />
      </Space>
    </div>
  );
}
