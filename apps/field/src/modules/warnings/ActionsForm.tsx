import { useState } from 'react';
import { Button, Checkbox, Input, Popup, TextArea, Toast } from 'antd-mobile';
import type { RelayMethod } from '@lastmile/shared';
import { names, t } from '../../lib/strings';
import { recordCommands } from '../../offline/outbox';

/** A whole number typed on the phone, or null when it is not one. */
function count(text: string): number | null {
  return /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** 上报措施: how the warning was passed on, households told and people moved. */
export function ActionsForm(props: { warningId: string; visible: boolean; onClose: () => void }) {
  const methodNames = names().relayMethod;
  const [relayedBy, setRelayedBy] = useState<RelayMethod[]>([]);
  const [households, setHouseholds] = useState('');
  const [people, setPeople] = useState('0');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const householdsTold = count(households);
    const peopleMoved = count(people);
    if (relayedBy.length === 0) {
      setError(t('needRelayedBy'));
      return;
    }
    if (householdsTold === null || peopleMoved === null) {
      setError(t('needCount'));
      return;
    }
    await recordCommands([
      {
        kind: 'warning.actions',
        payload: {
          warningId: props.warningId,
          actions: { relayedBy, householdsTold, peopleMoved, note: note.trim() || null },
        },
      },
    ]);
    Toast.show({ icon: 'success', content: t('saved') });
    props.onClose();
  };

  return (
    <Popup visible={props.visible} onMaskClick={props.onClose} bodyClassName="sheet" destroyOnClose>
      <div className="sheet-title">{t('reportActions')}</div>
      <div className="field-label">{t('relayedBy')}</div>
      <Checkbox.Group value={relayedBy} onChange={(value) => setRelayedBy(value as RelayMethod[])}>
        <div className="check-grid" data-testid="actions-relayed-by">
          {(Object.keys(methodNames) as RelayMethod[]).map((method) => (
            <Checkbox key={method} value={method} className="big-check">
              {methodNames[method]}
            </Checkbox>
          ))}
        </div>
      </Checkbox.Group>
      <div className="field-label">{t('householdsTold')}</div>
      <Input
        type="number"
        inputMode="numeric"
        value={households}
        onChange={setHouseholds}
        className="boxed-input"
        data-testid="actions-households"
      />
      <div className="field-label">{t('peopleMoved')}</div>
      <Input
        type="number"
        inputMode="numeric"
        value={people}
        onChange={setPeople}
        className="boxed-input"
        data-testid="actions-people"
      />
      <div className="field-label">{t('note')}</div>
      <TextArea
        value={note}
        onChange={setNote}
        placeholder={t('notePlaceholder')}
        rows={2}
        maxLength={1000}
        className="boxed-input"
      />
      {error && <div className="form-error">{error}</div>}
      <Button
        block
        color="primary"
        size="large"
        className="big-button"
        onClick={() => void submit()}
        data-testid="actions-submit"
      >
        {t('submit')}
      </Button>
    </Popup>
  );
}
