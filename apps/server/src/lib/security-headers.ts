/**
 * The headers every answer carries, and the Content-Security-Policy of the two apps: scripts,
 * workers and requests only from this server; images also from the base map's tile servers
 * (`LASTMILE_MAP_TILE_URL`, `LASTMILE_MAP_LABEL_URL`), photos as `blob:`/`data:`; styles inline
 * too, because Ant Design writes its styles into `<style>` elements at run time.
 */
import type { Config } from '../config';

/**
 * The CSP source for a tile URL template: its scheme and host, with a templated first label
 * (`t{s}.tianditu.gov.cn`) as `*`; a template anywhere else in the host allows the scheme only.
 */
export function tileSource(template: string): string {
  const match = /^(https?):\/\/([^/?#]+)/.exec(template);
  if (!match) {
    return '';
  }
  const [, scheme, host] = match as unknown as [string, string, string];
  if (!host.includes('{')) {
    return `${scheme}://${host}`;
  }
  const [first, ...rest] = host.split('.');
  const restHost = rest.join('.');
  return first!.includes('{') && rest.length > 1 && !restHost.includes('{')
    ? `${scheme}://*.${restHost}`
    : `${scheme}:`;
}

export function contentSecurityPolicy(map: Config['map']): string {
  const tiles = [map.tileUrl, map.labelTileUrl]
    .filter((url): url is string => Boolean(url))
    .map(tileSource);
  const images = [...new Set(["'self'", 'data:', 'blob:', ...tiles])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${images.join(' ')}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Header name → value, sent on every answer (`app.ts`). */
export function securityHeaders(map: Config['map']): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'content-security-policy': contentSecurityPolicy(map),
  };
}
