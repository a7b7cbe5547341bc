import { useEffect, useState, useSyncExternalStore } from 'react';
import { ConfigProvider, SpinLoading } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { currentLanguage, subscribeLanguage } from '../lib/strings';
import { useStore } from '../lib/store';
import { isOfflineTooLong, loadSession, sessionStore } from '../offline/session';
import { startSyncLoop, syncNow } from '../offline/sync';
import { LoginPage } from './LoginPage';
import { Shell } from './Shell';

export function useLanguage() {
  return useSyncExternalStore(subscribeLanguage, currentLanguage, currentLanguage);
}

/** Signed in (and not offline for too long) → the app; otherwise the sign-in page. */
export function App() {
  const language = useLanguage();
  const session = useStore(sessionStore);
  const [signingInAgain, setSigningInAgain] = useState(false);
  const userId = session?.me.id;

  useEffect(() => {
    void loadSession();
  }, []);
  useEffect(() => (userId ? startSyncLoop() : undefined), [userId]);

  let page;
  if (session === undefined) {
    page = (
      <div className="splash">
        <SpinLoading />
      </div>
    );
  } else if (session === null) {
    page = <LoginPage />;
  } else if (isOfflineTooLong(session)) {
    page = (
      <LoginPage
        reason="expired"
        username={session.me.username}
        offlineDays={session.offlineDays}
        onDone={() => void syncNow({ force: true })}
      />
    );
  } else if (signingInAgain) {
    page = (
      <LoginPage
        reason="again"
        username={session.me.username}
        onCancel={() => setSigningInAgain(false)}
        onDone={() => {
          setSigningInAgain(false);
          void syncNow({ force: true });
        }}
      />
    );
  } else {
    page = <Shell onSignInAgain={() => setSigningInAgain(true)} />;
  }
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
      <div key={language} className="app">
        {page}
      </div>
    </ConfigProvider>
  );
}
