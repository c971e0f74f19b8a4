import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The bundle must hold no remote URL (the app is offline; a test checks it).
 * React's production build names its error-decoder site in its messages: keep
 * the error code, drop the link.
 */
function noRemoteUrls(): Plugin {
  return {
    name: 'tillsight-no-remote-urls',
    renderChunk(code) {
      if (!code.includes('https://react.dev/errors/')) return null;
      return { code: code.split('https://react.dev/errors/').join('react-error:'), map: null };
    },
  };
}

// The renderer: React + ECharts, no plugin needed (Vite's oxc transform handles TSX).
export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [noRemoteUrls()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
});
