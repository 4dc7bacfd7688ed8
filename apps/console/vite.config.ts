import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The bot server serves dist/ at /console; in development Vite proxies the API and the socket to it.
const botServer = 'http://localhost:3000';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  // Workspace packages (@parley/protocol, @parley/client) are bundled from their TypeScript source, so the console
  // needs no package build first and the dev server reloads on their edits too.
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': botServer,
      '/socket.io': { target: botServer, ws: true },
    },
  },
});
