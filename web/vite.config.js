import { defineConfig } from 'vite';

// The API host serves web/dist at '/'; during `npm run dev` the API is proxied.
const api = process.env.BLUEPRINT_API ?? 'http://127.0.0.1:5000';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps publish the sources: off unless asked for (SOURCEMAPS=true npm run build); the host
    // serves *.map files in Development only.
    sourcemap: process.env.SOURCEMAPS === 'true',
    // The public map's chunks stay well under 400 kB; the dashboard's chart chunk (Vega-Lite, decision 0024) is
    // about 870 kB and is loaded only on /analysis.
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      '/odata': api,
      '/api': api,
      '/health': api,
    },
  },
});
