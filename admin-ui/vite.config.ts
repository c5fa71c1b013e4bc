import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The app lives at /admin/ on the admin listener, next to the API at /admin/v1 (same origin).
// `npm run dev` proxies the API to a server started with ./cms run (ADMIN_PORT 8081 by default).
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    manifest: true, // scripts/check-budget.mjs reads it to find what the first page load needs
    target: 'es2022',
  },
  server: {
    proxy: { '/admin/v1': process.env.ADMIN_API ?? 'http://127.0.0.1:8081' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
