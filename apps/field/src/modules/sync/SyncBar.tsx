import { Button } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatMoment } from '../../lib/format';
import { navigate } from '../../lib/router';
import { t } from '../../lib/strings';
import { useStore } from '../../lib/store';
import { appUpdate } from '../../app/app-update';
import { db } from '../../offline/db';
import { sessionStore } from '../../offline/session';
import { syncNow, syncStatus } from '../../offline/sync';

/** The worker's own commands and photos still on the phone, and those the server turned down. */
export function useQueueCounts() {
  const userId = useStore(sessionStore)?.me.id;
  return useLiveQuery(
    async () => {
      const entries = await db.outbox
        .filter((entry) => entry.userId === userId && entry.state !== 'synced')
        .toArray();
      // Photos of a command the server turned down wait with it in 需处理, not as 待同步.
      const turnedDown = new Set(
        entries
          .filter((entry) => entry.state === 'conflict' || entry.state === 'rejected')
          .map((entry) => entry.id),
      );
      const photos = await db.photos
        .where('state')
        .equals('pending')
        .filter((photo) => !turnedDown.has(photo.commandId))
        .count();
      const failedPhotos = await db.photos.where('state').equals('failed').count();
      return {
        pending: entries.filter((entry) => entry.state === 'pending' || entry.state === 'sending')
          .length,
        attention: turnedDown.size + failedPhotos,
        photos,
      };
    },
    [userId],
    { pending: 0, attention: 0, photos: 0 },
  );
}

/** On every page: online or not, what waits to sync, when it last synced, and a 同步 button. */
export function SyncBar(props: { onSignInAgain: () => void }) {
  const status = useStore(syncStatus);
  const session = useStore(sessionStore);
  const counts = useQueueCounts();
  const update = useStore(appUpdate);
  const waiting = counts.pending + counts.photos;
  return (
    <div className="sync-bar" data-testid="sync-bar">
      <div className="sync-row">
        <span
          className={`sync-dot ${status.online ? 'is-online' : 'is-offline'}`}
          data-testid="sync-online"
          data-online={String(status.online)}
        >
          {status.online ? t('online') : t('offline')}
        </span>
        <span
          className={waiting > 0 ? 'sync-pending has-pending' : 'sync-pending'}
          data-testid="sync-pending"
          data-count={counts.pending}
          data-photos={counts.photos}
          onClick={() => navigate('me/queue')}
        >
          {waiting > 0 ? t('pendingCount', { n: waiting }) : t('allSynced')}
        </span>
        <span className="sync-last" data-testid="sync-last">
          {status.lastSyncAt
            ? t('lastSync', { time: formatMoment(status.lastSyncAt) })
            : t('neverSynced')}
        </span>
        <Button
          size="small"
          color="primary"
          fill="outline"
          className="sync-button"
          loading={status.running}
          disabled={!status.online || session?.authExpired}
          onClick={() => void syncNow({ force: true })}
          data-testid="sync-button"
        >
          {t('syncNow')}
        </Button>
      </div>
      {session?.authExpired && (
        <div className="sync-alert" data-testid="sync-auth-expired">
          <span>{t('loginAgain')}</span>
          <Button
            size="small"
            color="danger"
            onClick={props.onSignInAgain}
            data-testid="sync-sign-in-again"
          >
            {t('reSignIn')}
          </Button>
        </div>
      )}
      {counts.attention > 0 && (
        <div
          className="sync-alert"
          onClick={() => navigate('me/queue')}
          data-testid="sync-attention"
        >
          {t('attentionCount', { n: counts.attention })}
        </div>
      )}
      {update && (
        <div className="sync-alert is-info">
          <span>{t('updateReady')}</span>
          <Button size="small" color="primary" onClick={update}>
            {t('update')}
          </Button>
        </div>
      )}
      {status.lastError && status.online && !session?.authExpired && (
        <div className="sync-error">{t('syncFailed', { message: status.lastError })}</div>
      )}
    </div>
  );
}
