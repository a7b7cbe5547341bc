import { useState } from 'react';
import { Button, Tag, Toast } from 'antd-mobile';
import { CheckCircleFill } from 'antd-mobile-icons';
import { formatDateTime } from '../../lib/format';
import { names, t } from '../../lib/strings';
import type { LocalWarning } from '../../offline/db';
import { recordCommands } from '../../offline/outbox';
import { ActionsForm } from './ActionsForm';
import { awaitsActions, awaitsAnswer } from './warning-calls';

const levelColours = {
  red: '#d4380d',
  orange: '#fa8c16',
  yellow: '#d4b106',
  blue: '#1677ff',
} as const;

/** A warning with the worker's own call: the big 收到（叫应） button, or what they answered. */
export function WarningCard(props: { warning: LocalWarning; showActions?: boolean }) {
  const { warning } = props;
  const [reporting, setReporting] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const colour = warning.level ? levelColours[warning.level] : '#8c8c8c';
  const isPending = (warning.pending?.length ?? 0) > 0;

  const answer = async () => {
    await recordCommands([{ kind: 'warning.answer', payload: { warningId: warning.id } }]);
    Toast.show({ icon: 'success', content: t('saved') });
  };

  return (
    <div
      className="card warning-card"
      style={{ borderLeftColor: colour }}
      data-testid="warning-card"
      data-id={warning.id}
    >
      <div className="card-title">
        {warning.level && (
          <Tag color={colour} fill="solid">
            {names().warningLevel[warning.level]}
          </Tag>
        )}{' '}
        <span>{warning.headline ?? warning.event}</span>
      </div>
      <div className="card-meta">
        {warning.senderName ?? ''} · {formatDateTime(warning.sent)}
        {warning.expires && <> · {t('expires', { time: formatDateTime(warning.expires) })}</>}
      </div>
      {(warning.instruction || warning.description) && (
        <div
          className={expanded ? 'card-text' : 'card-text is-clamped'}
          onClick={() => setExpanded(!expanded)}
        >
          {warning.instruction ?? warning.description}
        </div>
      )}
      {warning.call && awaitsAnswer(warning) && (
        <Button
          block
          color="danger"
          size="large"
          className="big-button"
          onClick={() => void answer()}
          data-testid="warning-answer"
        >
          {t('answer')}
        </Button>
      )}
      {warning.call?.state === 'answered' && (
        <div className="answered" data-testid="warning-answered" data-pending={String(isPending)}>
          <CheckCircleFill color="#389e0d" />{' '}
          {t('answeredAt', { time: formatDateTime(warning.call.answeredAt) })}
          {isPending && (
            <Tag color="warning" className="ml-8">
              {t('pendingSync')}
            </Tag>
          )}
          {warning.call.actionsReportedAt && (
            <span className="ml-8">
              · {t('actionsReported')}：{t('householdsTold')} {warning.call.householdsTold ?? 0}，
              {t('peopleMoved')} {warning.call.peopleMoved ?? 0}
            </span>
          )}
        </div>
      )}
      {props.showActions && awaitsActions(warning) && (
        <Button
          block
          size="large"
          color="primary"
          fill="outline"
          className="big-button"
          onClick={() => setReporting(true)}
          data-testid="warning-report-actions"
        >
          {t('reportActions')}
        </Button>
      )}
      <ActionsForm warningId={warning.id} visible={reporting} onClose={() => setReporting(false)} />
    </div>
  );
}
