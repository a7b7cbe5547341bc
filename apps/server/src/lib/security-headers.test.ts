import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, tileSource } from './security-headers';

const noMap = { tileUrl: null, labelTileUrl: null, subdomains: '', attribution: null };

describe('Content-Security-Policy', () => {
  it('allows scripts, requests and workers from this server only, and no framing', () => {
    const policy = contentSecurityPolicy(noMap);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("img-src 'self' data: blob:;");
  });

  it("takes the base map's tile servers into img-src", () => {
    const policy = contentSecurityPolicy({
      ...noMap,
      tileUrl: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}&tk=KEY',
      labelTileUrl: 'http://tiles.example.cn:8080/label/{z}/{x}/{y}.png',
    });
    expect(policy).toContain(
      "img-src 'self' data: blob: https://*.tianditu.gov.cn http://tiles.example.cn:8080;",
    );
  });

  it('turns a tile template into the narrowest source CSP can say', () => {
    expect(tileSource('https://tiles.example.cn/{z}/{x}/{y}.png')).toBe('https://tiles.example.cn');
    expect(tileSource('https://{s}.tile.example.cn/{z}/{x}/{y}.png')).toBe(
      'https://*.tile.example.cn',
    );
    // A template inside the host other than its first label: the scheme alone.
    expect(tileSource('https://tiles-{s}.example.{s}/{z}/{x}/{y}.png')).toBe('https:');
    expect(tileSource('https://{s}.cn/{z}/{x}/{y}.png')).toBe('https:');
  });
});
