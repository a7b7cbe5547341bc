import { useState } from 'react';
import { Button, Input, NoticeBar } from 'antd-mobile';
import { defaultFieldOfflineDays } from '@lastmile/shared';
import { ApiError } from '../lib/api';
import { t } from '../lib/strings';
import { signIn } from '../offline/session';

interface LoginPageProps {
  /** `expired`: offline too long; `again`: the server ended the session (401). */
  reason?: 'expired' | 'again';
  username?: string;
  /** How long the phone may work offline, as the server last said. */
  offlineDays?: number;
  onDone?: () => void;
  onCancel?: () => void;
}

/** Sign-in: needs the network once; the phone then works offline for the offline period. */
export function LoginPage(props: LoginPageProps) {
  const [username, setUsername] = useState(props.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!navigator.onLine) {
      setError(t('signInNeedsNetwork'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      props.onDone?.();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('signInFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login" data-testid="login-page">
      <div className="login-brand">
        <img src={`${import.meta.env.BASE_URL}icons/icon.svg`} alt="" width={64} height={64} />
        <h1>{t('appName')}</h1>
      </div>
      {props.reason === 'expired' && (
        <NoticeBar
          wrap
          color="alert"
          content={t('loginExpired', { days: props.offlineDays ?? defaultFieldOfflineDays })}
        />
      )}
      {props.reason === 'again' && <NoticeBar wrap color="alert" content={t('loginAgain')} />}
      <form
        className="login-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 className="section-title">{t('loginTitle')}</h2>
        <label className="field-label" htmlFor="login-username">
          {t('username')}
        </label>
        <Input
          id="login-username"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          clearable
          className="boxed-input"
          data-testid="login-username"
        />
        <label className="field-label" htmlFor="login-password">
          {t('password')}
        </label>
        <Input
          id="login-password"
          value={password}
          onChange={setPassword}
          type="password"
          autoComplete="current-password"
          className="boxed-input"
          data-testid="login-password"
        />
        <Button
          block
          type="submit"
          color="primary"
          size="large"
          loading={busy}
          className="big-button"
          data-testid="login-submit"
        >
          {busy ? t('signingIn') : t('signIn')}
        </Button>
        {props.onCancel && (
          <Button block size="large" fill="none" onClick={props.onCancel} className="mt-8">
            {t('cancel')}
          </Button>
        )}
      </form>
      {error && (
        <div className="login-error" role="alert" data-testid="login-error">
          {error}
        </div>
      )}
      <p className="hint">{t('loginHint', { days: defaultFieldOfflineDays })}</p>
    </div>
  );
}
