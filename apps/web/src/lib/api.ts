import type { ErrorCode } from '@lastmile/shared';
import { currentLanguage } from './i18n';

/** An error answer of the API: a stable code and a message in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server's field errors (VALIDATION_FAILED details), shaped for an antd form's setFields. */
export function fieldErrors(error: unknown): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) {
    return [];
  }
  return (error.details as { path?: string[]; message?: string }[])
    .filter((issue) => issue.path?.[0])
    .map((issue) => ({ name: issue.path![0]!, errors: [issue.message ?? error.message] }));
}

let csrfToken: string | undefined;
/** The session's CSRF token, sent back on every write; set on sign-in and by getMe. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let onUnauthenticated: () => void = () => undefined;
/** What to do when the session is gone (expired, signed out elsewhere). */
export function handleUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The address of an API download (Excel, PDF) for a link; the session cookie goes with it. */
export function apiUrl(path: string, query?: Query): string {
  return `/api/v1${withQuery(path, query)}`;
}

/** What a write sends: JSON for most routes, a file's own bytes for uploads. */
interface Body {
  content: BodyInit;
  contentType: string;
}

const json = (value: unknown): Body => ({ content: JSON.stringify(value), contentType: 'application/json' });

async function request<T>(method: string, path: string, body?: Body, query?: Query): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': currentLanguage() };
  if (body) {
    headers['content-type'] = body.contentType;
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body?.content,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', currentLanguage() === 'en' ? 'Network unavailable' : '网络不可用，请检查连接');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (payload ?? {}) as { code?: ErrorCode; message?: string; details?: unknown };
    if (response.status === 401 && error.code === 'UNAUTHENTICATED') {
      onUnauthenticated();
    }
    throw new ApiError(response.status, error.code ?? 'INTERNAL', error.message ?? response.statusText, error.details);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, json(body)),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, json(body)),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, json(body)),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Posts a file as the raw request body (no multipart), e.g. an .xlsx to import. */
  upload: <T>(path: string, file: Blob, contentType: string, query?: Query) =>
    request<T>('POST', path, { content: file, contentType }, query),
};

