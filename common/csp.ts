/**
 * The Content-Security-Policy of the app, defined once: sent with every `app://` response by
 * the desktop shell (electron/main.ts) and with every page by `tillsight serve` (core/http/server.ts). Scripts only from the
 * app itself, no network, no plugins, no framing. Inline *styles* stay allowed because
 * charting and React set style attributes; inline *scripts* never are.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
