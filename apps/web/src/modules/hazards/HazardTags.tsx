import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Hazard, HazardGrade, HazardState } from '@lastmile/shared';
import { hazardGradeColours, hazardStateColours } from './labels';

export function HazardStateTag({ state }: { state: HazardState }) {
  const { t } = useTranslation();
  return (
    <Tag color={hazardStateColours[state]} style={{ marginInlineEnd: 0 }} data-state={state}>
      {t(`hazard.state.${state}`)}
    </Tag>
  );
}

export function HazardGradeTag({ grade }: { grade: HazardGrade }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={hazardGradeColours[grade]}
      variant={grade === 'major' ? 'solid' : undefined}
      style={{ marginInlineEnd: 0 }}
      data-grade={grade}
    >
      {t(`hazard.grade.${grade}`)}
    </Tag>
  );
}

/** 逾期 in red, 督办 with its rung, 即查即改: what needs attention at a glance. */
export function HazardFlags({
  hazard,
}: {
  hazard: Pick<Hazard, 'overdue' | 'supervisionLevel' | 'fixedOnSpot'>;
}) {
  const { t } = useTranslation();
  if (!hazard.overdue && hazard.supervisionLevel === 0 && !hazard.fixedOnSpot) {
    return null;
  }
  return (
    <Space size={4} wrap>
      {hazard.overdue && (
        <Tag
          color="error"
          variant="solid"
          style={{ marginInlineEnd: 0 }}
          data-testid="hazard-overdue"
        >
          {t('hazards.overdue')}
        </Tag>
      )}
      {hazard.supervisionLevel > 0 && (
        <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid="hazard-supervised">
          {t('hazards.supervised', { level: hazard.supervisionLevel })}
        </Tag>
      )}
      {hazard.fixedOnSpot && (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {t('hazards.fixedOnSpot')}
        </Tag>
      )}
    </Space>
  );
}
