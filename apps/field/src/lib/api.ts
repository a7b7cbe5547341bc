/**
 * The few HTTP calls the field app makes: sign-in, sync push and pull, photo uploads. Everything
 * else happens on the phone. Errors come back as `ApiError` with the server's stable code; a
 * failed connection is status 0, code `NETWORK`.
 */
import { currentLanguage, t } from './strings';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth trying again later: no connection, or the server failed (5xx, 408, 429). */
  get isTransient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

let csrfToken: string | undefined;
/** The session's CSRF token, sent back on every write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

interface RequestOptions {
  json?: unknown;
  body?: Blob;
  contentType?: string;
  query?: Record<string, string | undefined>;
  /** Give up after this long (a phone on one bar of signal can hang for minutes). */
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'accept-language': currentLanguage() };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body) {
    headers['content-type'] = options.contentType ?? options.body.type;
    body = options.body;
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) {
      params.set(key, value);
    }
  }
  const query = params.toString();
  const url = `/api/v1${path}${query ? `?${query}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('networkError'));
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (payload ?? {}) as { code?: string; message?: string };
    throw new ApiError(
      response.status,
      error.code ?? 'INTERNAL',
      error.message ?? response.statusText,
    );
  }
  return { status: response.status, data: payload as T };
}
