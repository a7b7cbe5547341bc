import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MyWarningCall, WarningLevel, WarningOrigin, WarningState } from '@lastmile/shared';
import {
  levelTextColours,
  recipientStateColours,
  warningLevelColours,
  warningStateColours,
} from './labels';

/** 红色/橙色/黄色/蓝色预警 in the level's own colour; a warning without a colour says so. */
export function WarningLevelTag({ level }: { level: WarningLevel | null }) {
  const { t } = useTranslation();
  if (!level) {
    return <Tag data-level="none">{t('warnings.level.none')}</Tag>;
  }
  return (
    <Tag
      variant="solid"
      color={warningLevelColours[level]}
      style={{ color: levelTextColours[level], fontWeight: 600 }}
      data-level={level}
    >
      {t(`warnings.level.${level}`)}
    </Tag>
  );
}

export function WarningStateTag({ state }: { state: WarningState }) {
  const { t } = useTranslation();
  return (
    <Tag color={warningStateColours[state]} data-state={state}>
      {t(`warnings.state.${state}`)}
    </Tag>
  );
}

export function WarningOriginTag({ origin }: { origin: WarningOrigin }) {
  const { t } = useTranslation();
  return <Tag bordered={false}>{t(`warnings.origin.${origin}`)}</Tag>;
}

/** The caller's own 叫应: 待叫应 while they are being called, 已叫应 once they answered. */
export function MyCallTag({ call }: { call: MyWarningCall }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={recipientStateColours[call.state]}
      data-testid="my-call-state"
      data-state={call.state}
    >
      {t(`warnings.recipientState.${call.state}`)}
      {call.late && call.answeredAt ? ` · ${t('warnings.late')}` : ''}
    </Tag>
  );
}
