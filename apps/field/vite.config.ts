import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The grid workers' phone app, served by the server at /field/. No React plugin (as apps/web):
// esbuild's automatic JSX runtime is enough. Workbox caches the app shell only; the data lives in
// IndexedDB and travels through /api/v1/sync, which the service worker never touches.
export default defineConfig({
  base: '/field/',
  esbuild: { jsx: 'automatic' },
  server: {
    port: 5174,
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: the chunk graph scripts/bundle-size.mjs measures first load from.
    manifest: true,
    // One chunk on purpose (scripts/bundle-size.mjs checks the first load stays under 300 KB gzip).
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // @lastmile/shared's modules only declare things, but Rollup cannot know that its Zod schema
      // calls are pure: told so, it keeps just the constants the phone uses (from zod-free files
      // such as field.ts and labels.ts) and leaves Zod out of the bundle.
      treeshake: { moduleSideEffects: (id) => !id.includes('/packages/shared/') },
      // antd-mobile marks its modules "use client" for React Server Components; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  plugins: [
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the worker taps 更新 (or reopens the app): never a reload mid-form.
      registerType: 'prompt',
      injectRegister: false,
      scope: '/field/',
      base: '/field/',
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: '最后一公里·网格员',
        short_name: '网格员',
        description: '网格员离线工作：巡查、隐患上报、预警叫应、敲门入户',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/field/',
        scope: '/field/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#c2410c',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-512-maskable.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/field/index.html',
        // Only the shell's own pages fall back to it; the API is never cached or answered here.
        navigateFallbackAllowlist: [/^\/field\//],
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
      },
    }),
  ],
});
