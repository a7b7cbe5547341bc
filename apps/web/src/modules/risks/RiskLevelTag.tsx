import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { riskLevelColours, type RiskLevel } from '@lastmile/shared';

/** A risk level in its colour: 重大 red, 较大 orange, 一般 yellow, 低 blue. */
export function RiskLevelTag({ level }: { level: RiskLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={riskLevelColours[level]} variant="solid" style={{ marginInlineEnd: 0 }} data-level={level}>
      {t(`ledger.riskLevel.${level}`)}
    </Tag>
  );
}
