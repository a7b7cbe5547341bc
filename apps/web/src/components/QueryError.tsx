import { Result } from 'antd';
import { ApiError } from '../lib/api';

/** A failed load, shown with the server's own message (already in the user's language). */
export function QueryError({ error }: { error: Error }) {
  const status = error instanceof ApiError ? error.status : 0;
  const shown = status === 403 || status === 404 ? (String(status) as '403' | '404') : 'error';
  return <Result status={shown} title={error.message} subTitle={error instanceof ApiError ? error.code : undefined} data-testid="query-error" />;
}
