import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The bot server serves dist/ at /console; in development Vite proxies the API and the socket to it.
const botServer = 'http://localhost:3000';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': botServer,
      '/socket.io': { target: botServer, ws: true },
    },
  },
});
