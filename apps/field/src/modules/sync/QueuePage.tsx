import { Button, Dialog, NavBar, Tag } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { names, t } from '../../lib/strings';
import { useStore } from '../../lib/store';
import { db, type OutboxEntry, type PhotoEntry } from '../../offline/db';
import { dismissCommand } from '../../offline/outbox';
import { sessionStore } from '../../offline/session';
import { syncNow, syncStatus } from '../../offline/sync';

/** A line saying what the command was about, from its own payload. */
function describe(entry: OutboxEntry): string {
  const n = names();
  switch (entry.kind) {
    case 'hazard.report':
      return entry.payload.report.title;
    case 'hazard.transition':
      return n.hazardState[entry.payload.baseState];
    case 'patrol.checkIn':
      return entry.payload.result === 'normal' ? t('resultNormal') : t('resultHazard');
    case 'patrol.finish':
      return entry.payload.result === 'nothingFound' ? t('nothingFound') : t('hazardsFound');
    case 'warning.actions':
      return `${t('householdsTold')} ${entry.payload.actions.householdsTold}，${t('peopleMoved')} ${entry.payload.actions.peopleMoved}`;
    case 'doorToDoor.visit':
      return n.doorToDoorResult[entry.payload.result];
    case 'patrol.start':
    case 'warning.answer':
    case 'doorToDoor.finish':
      return '';
  }
}

const stateColours = {
  pending: 'default',
  sending: 'primary',
  synced: 'success',
  conflict: 'warning',
  rejected: 'danger',
} as const;

function EntryCard(props: { entry: OutboxEntry; photos: PhotoEntry[] }) {
  const { entry, photos } = props;
  const n = names();
  const dismiss = async () => {
    if (await Dialog.confirm({ content: t('dismissConfirm') })) {
      await dismissCommand(entry.seq!);
    }
  };
  return (
    <div
      className="card queue-entry"
      data-testid="queue-entry"
      data-kind={entry.kind}
      data-state={entry.state}
      data-id={entry.id}
    >
      <div className="card-title">
        {n.commandKind[entry.kind]}{' '}
        <Tag color={stateColours[entry.state]} fill="solid">
          {n.commandState[entry.state]}
        </Tag>
      </div>
      <div className="card-meta">
        {formatDateTime(entry.at)}
        {describe(entry) && <> · {describe(entry)}</>}
        {entry.reference && <> · {t('reference', { reference: entry.reference })}</>}
        {entry.attempts > 1 && <> · {t('attempts', { n: entry.attempts })}</>}
      </div>
      {photos.length > 0 && (
        <div className="card-meta">
          {t('photosTitle')}：
          {photos.map((photo) => (
            <Tag
              key={photo.id}
              className="ml-4"
              color={
                photo.state === 'failed'
                  ? 'danger'
                  : photo.state === 'uploaded'
                    ? 'success'
                    : 'default'
              }
            >
              {n.photoState[photo.state]}
            </Tag>
          ))}
          {photos
            .filter((photo) => photo.message)
            .map((photo) => (
              <div key={photo.id} className="form-error">
                {photo.message}
              </div>
            ))}
        </div>
      )}
      {entry.message && (
        <div className="form-error" data-testid="queue-entry-message">
          {entry.message}
        </div>
      )}
      {(entry.state === 'conflict' || entry.state === 'rejected') && (
        <Button size="small" onClick={() => void dismiss()} data-testid="queue-dismiss">
          {t('dismiss')}
        </Button>
      )}
    </div>
  );
}

/** 同步队列: every command on the phone with its state; what the server turned down first. */
export function QueuePage() {
  const userId = useStore(sessionStore)?.me.id;
  const status = useStore(syncStatus);
  const data = useLiveQuery(async () => {
    const [entries, photos] = await Promise.all([
      db.outbox.filter((entry) => entry.userId === userId).toArray(),
      db.photos.toArray(),
    ]);
    const photosOf = new Map<string, PhotoEntry[]>();
    for (const photo of photos) {
      photosOf.set(photo.commandId, [...(photosOf.get(photo.commandId) ?? []), photo]);
    }
    return {
      attention: entries.filter(
        (entry) => entry.state === 'conflict' || entry.state === 'rejected',
      ),
      waiting: entries.filter((entry) => entry.state === 'pending' || entry.state === 'sending'),
      synced: entries.filter((entry) => entry.state === 'synced').reverse(),
      photosOf,
    };
  }, [userId]);
  if (!data) {
    return null;
  }
  const section = (title: string, entries: OutboxEntry[], testId: string) =>
    entries.length > 0 && (
      <section data-testid={testId}>
        <h2 className="section-title">
          {title} ({entries.length})
        </h2>
        {entries.map((entry) => (
          <EntryCard key={entry.id} entry={entry} photos={data.photosOf.get(entry.id) ?? []} />
        ))}
      </section>
    );
  return (
    <div className="page" data-testid="field-queue">
      <NavBar onBack={() => navigate('me')}>{t('queueTitle')}</NavBar>
      <Button
        block
        size="large"
        color="primary"
        className="big-button"
        loading={status.running}
        disabled={!status.online}
        onClick={() => void syncNow({ force: true })}
        data-testid="queue-sync"
      >
        {status.online ? t('syncNow') : t('offlineQueued')}
      </Button>
      {data.attention.length + data.waiting.length + data.synced.length === 0 && (
        <div className="empty">{t('queueEmpty')}</div>
      )}
      {section(t('needsAttention'), data.attention, 'queue-attention')}
      {section(t('waiting'), data.waiting, 'queue-waiting')}
      {section(t('synced'), data.synced, 'queue-synced')}
    </div>
  );
}
