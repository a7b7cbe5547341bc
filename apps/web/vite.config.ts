import { defineConfig } from 'vite';

// No React plugin: esbuild's automatic JSX runtime is all the app needs (and the plugin's
// current releases want a newer Vite than this project pins for Node 20).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // antd marks its modules "use client" for React Server Components; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
      output: {
        manualChunks: { antd: ['antd', '@ant-design/icons'], react: ['react', 'react-dom', 'react-router'] },
      },
    },
  },
});
