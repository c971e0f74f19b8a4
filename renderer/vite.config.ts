import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../common/csp.js';

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

/**
 * index.html carries the app's one CSP (common/csp.ts) as a meta tag too, for a page opened without our hosts'
 * header; less frame-ancestors, which a browser ignores in a meta tag (and logs a console error about).
 */
export const META_CSP = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
function contentSecurityPolicy(): Plugin {
  return { name: 'tillsight-csp', transformIndexHtml: (html) => html.replace('__TILLSIGHT_CSP__', META_CSP) };
}

// The renderer: React + ECharts, no plugin needed (Vite's oxc transform handles TSX).
export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [noRemoteUrls(), contentSecurityPolicy()],
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
