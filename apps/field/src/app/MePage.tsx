import { Button, Dialog, List, Selector } from 'antd-mobile';
import { PhoneFill } from 'antd-mobile-icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '../lib/format';
import { navigate } from '../lib/router';
import { currentLanguage, names, setLanguage, t, type Language } from '../lib/strings';
import { useStore } from '../lib/store';
import { db } from '../offline/db';
import { offlineUntil, sessionStore, signOut } from '../offline/session';
import { useQueueCounts } from '../modules/sync/SyncBar';

/** 我的: who I am, my duty card's contacts, the sync queue, language, signing out. */
export function MePage() {
  const session = useStore(sessionStore);
  const contacts = useLiveQuery(() => db.contacts.toArray(), [], []);
  const cards = useLiveQuery(() => db.dutyCards.toArray(), [], []);
  const counts = useQueueCounts();
  if (!session) {
    return null;
  }
  const { me, profile } = session;

  const leave = async () => {
    const unsynced = counts.pending + counts.photos;
    const ok = await Dialog.confirm({
      content: unsynced > 0 ? t('signOutUnsynced', { n: unsynced }) : t('signOutConfirm'),
      confirmText: t('signOut'),
      cancelText: t('cancel'),
    });
    if (ok) {
      await signOut();
    }
  };

  return (
    <div className="page" data-testid="field-me">
      <div className="greeting">
        <div className="greeting-name">{profile?.displayName ?? me.displayName}</div>
        <div className="greeting-meta">
          {me.username} · {names().role[me.role]} · {profile?.regionName ?? me.scopeRegionName}
        </div>
        <div className="greeting-meta">
          {t('offlineUntil', {
            time: formatDateTime(new Date(offlineUntil(session)).toISOString()),
          })}
        </div>
      </div>
      <List>
        <List.Item
          onClick={() => navigate('me/queue')}
          extra={
            counts.attention > 0
              ? t('attentionCount', { n: counts.attention })
              : t('pendingCount', { n: counts.pending + counts.photos })
          }
          data-testid="me-queue"
        >
          {t('syncQueue')}
        </List.Item>
        <List.Item
          extra={
            <Selector<Language>
              value={[currentLanguage()]}
              onChange={(value) => value[0] && setLanguage(value[0])}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'English', value: 'en' },
              ]}
            />
          }
        >
          {t('language')}
        </List.Item>
      </List>
      {cards.map((card) => (
        <div key={card.seq} className="card duty-card" data-testid="duty-card">
          <div className="card-title">
            {t('dutyCard')} · {card.grid.name}
          </div>
          <div className="card-meta">
            {card.township.name} · {card.village.name}
          </div>
          {card.duties.length > 0 && (
            <ol className="duties">
              {card.duties.map((duty) => (
                <li key={duty}>{duty}</li>
              ))}
            </ol>
          )}
          {card.riskSummary && <div className="card-meta">{card.riskSummary}</div>}
        </div>
      ))}
      <h2 className="section-title">{t('contacts')}</h2>
      {contacts.length === 0 && <div className="empty">{t('noContacts')}</div>}
      <List>
        {contacts.map((contact) => (
          <List.Item
            key={contact.seq}
            description={contact.role}
            extra={
              <a
                className="call-link"
                href={`tel:${contact.phone}`}
                aria-label={`${t('call')} ${contact.name}`}
              >
                <PhoneFill /> {contact.phone}
              </a>
            }
            data-testid="contact"
          >
            {contact.name}
          </List.Item>
        ))}
      </List>
      <Button
        block
        size="large"
        color="danger"
        fill="outline"
        className="big-button"
        onClick={() => void leave()}
        data-testid="sign-out"
      >
        {t('signOut')}
      </Button>
    </div>
  );
}
