import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ApiProvider } from './lib/api.js';
import { ThemeProvider } from './lib/theme.js';
import { chooseTransport } from './transport/index.js';
import { loadCharts } from './ui/Chart.js';
import './styles.css';

const transport = chooseTransport();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider>
      <ApiProvider transport={transport}>
        <App />
      </ApiProvider>
    </ThemeProvider>
  </StrictMode>,
);

// The charting library loads while the first API calls are in flight, not before the first paint.
const idle = (cb: () => void) => ('requestIdleCallback' in window ? window.requestIdleCallback(cb, { timeout: 300 }) : setTimeout(cb, 50));
idle(() => void loadCharts());
