import { useState } from 'react';
import { Button, Dialog, Popup, Tag, TextArea, Toast } from 'antd-mobile';
import type { TransitionHazardBody } from '@lastmile/shared';
import { formatDate } from '../../lib/format';
import { names, t } from '../../lib/strings';
import type { LocalHazard } from '../../offline/db';
import { recordCommands, type PhotoInput } from '../../offline/outbox';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';

/** Steps the worker takes on the phone: made against the state they see (`baseState`). */
async function transition(
  hazard: LocalHazard,
  body: TransitionHazardBody,
  photos: PhotoInput[] = [],
) {
  await recordCommands([
    {
      kind: 'hazard.transition',
      payload: { hazardId: hazard.id, baseState: hazard.state, transition: body },
      photos,
    },
  ]);
  Toast.show({ icon: 'success', content: t('saved') });
}

/** 整改 (the worker is responsible) or 验收 (the worker accepts) of one hazard. */
export function HazardTaskCard(props: { hazard: LocalHazard; mode: 'rectify' | 'accept' }) {
  const { hazard } = props;
  const [sheet, setSheet] = useState<'submit' | 'accept' | 'fail' | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const isPending = (hazard.pending?.length ?? 0) > 0;

  const open = (which: 'submit' | 'accept' | 'fail') => {
    setSheet(which);
    setPhotos([]);
    setText('');
    setError(null);
  };

  const confirm = async () => {
    const note = text.trim();
    if (sheet === 'submit') {
      if (photos.length === 0) {
        return setError(t('needRectifyPhoto'));
      }
      if (!note) {
        return setError(t('needRectifyNote'));
      }
      await transition(
        hazard,
        { action: 'submit', photoIds: photos.map((photo) => photo.id), note },
        photos.map(({ id, blob }) => ({ id, blob })),
      );
    } else if (sheet === 'accept') {
      await transition(hazard, { action: 'accept', note: note || null });
    } else if (sheet === 'fail') {
      if (!note) {
        return setError(t('needFailReason'));
      }
      await transition(hazard, { action: 'failAcceptance', reason: note });
    }
    setSheet(null);
  };

  const startRectification = async () => {
    const ok = await Dialog.confirm({ content: `${t('startRectification')}：${hazard.title}` });
    if (ok) {
      await transition(hazard, { action: 'startRectification' });
    }
  };

  return (
    <div className="card" data-testid="hazard-task" data-id={hazard.id}>
      <div className="card-title">{hazard.title}</div>
      <div className="card-meta">
        {hazard.number || t('hazardNumberPending')} · {names().hazardKind[hazard.kind]} ·{' '}
        <Tag color="primary" fill="outline">
          {names().hazardState[hazard.state]}
        </Tag>
        {isPending && (
          <Tag color="warning" className="ml-8">
            {t('pendingSync')}
          </Tag>
        )}
      </div>
      {hazard.deadline && (
        <div className={hazard.overdue ? 'card-meta is-overdue' : 'card-meta'}>
          {t('deadline', { date: formatDate(hazard.deadline) })}
          {hazard.overdue && <> · {t('overdue')}</>}
        </div>
      )}
      <div className="button-row">
        {props.mode === 'rectify' && hazard.state === 'assigned' && (
          <Button size="large" onClick={() => void startRectification()}>
            {t('startRectification')}
          </Button>
        )}
        {props.mode === 'rectify' && (
          <Button
            size="large"
            color="primary"
            onClick={() => open('submit')}
            data-testid="hazard-submit"
          >
            {t('submitRectification')}
          </Button>
        )}
        {props.mode === 'accept' && (
          <>
            <Button
              size="large"
              color="success"
              onClick={() => open('accept')}
              data-testid="hazard-accept"
            >
              {t('accept')}
            </Button>
            <Button
              size="large"
              color="danger"
              fill="outline"
              onClick={() => open('fail')}
              data-testid="hazard-fail"
            >
              {t('failAcceptance')}
            </Button>
          </>
        )}
      </div>
      <Popup
        visible={sheet !== null}
        onMaskClick={() => setSheet(null)}
        bodyClassName="sheet"
        destroyOnClose
      >
        <div className="sheet-title">
          {sheet === 'submit'
            ? t('submitRectification')
            : sheet === 'accept'
              ? t('accept')
              : t('failAcceptance')}
        </div>
        <div className="card-meta">{hazard.title}</div>
        {sheet === 'submit' && (
          <>
            <div className="field-label">{t('rectifyPhotos')}</div>
            <PhotoPicker value={photos} onChange={setPhotos} max={9} testId="rectify-photos" />
          </>
        )}
        <div className="field-label">
          {sheet === 'submit' ? t('rectifyNote') : sheet === 'fail' ? t('failReason') : t('note')}
        </div>
        <TextArea
          value={text}
          onChange={setText}
          rows={3}
          maxLength={2000}
          className="boxed-input"
        />
        {error && <div className="form-error">{error}</div>}
        <Button
          block
          size="large"
          color="primary"
          className="big-button"
          onClick={() => void confirm()}
        >
          {t('submit')}
        </Button>
      </Popup>
    </div>
  );
}
