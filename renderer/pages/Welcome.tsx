/** First run: no sales yet. Offers the sample shop and explains what to import. */
import { useApp } from '../lib/app-context.js';
import { Icon } from '../ui/components.js';

export function Welcome({ busy }: { busy: boolean }) {
  const { pickFiles, loadSample } = useApp();
  return (
    <div className="welcome" data-welcome>
      <div className="welcome-hero">
        <h2>Welcome to Tillsight</h2>
        <p>
          See how your shop is doing every morning: sales against last week and last year, your busy hours, what is selling and what is not, and who keeps
          coming back. Everything stays on this computer.
        </p>
        <div className="welcome-actions">
          <button type="button" className="btn btn-primary btn-lg" onClick={pickFiles} data-action="welcome-import">
            <Icon name="upload" size={18} /> Import your sales
          </button>
          <button type="button" className="btn btn-lg" onClick={loadSample} disabled={busy} data-action="sample-load">
            <Icon name="sparkle" size={18} /> {busy ? 'Creating the sample shop…' : 'Explore a sample shop'}
          </button>
        </div>
        <p className="muted small">Or drop files anywhere on this window.</p>
      </div>
      <div className="welcome-steps">
        <div className="step">
          <span className="step-n">1</span>
          <h3>Export from your till</h3>
          <p className="muted">
            A sales or “items sold” export as CSV (save Excel files as CSV first): Square, Shopify, Loyverse, Clover, Toast, SumUp, Zettle, Lightspeed or any
            other — one row per item sold works best.
          </p>
        </div>
        <div className="step">
          <span className="step-n">2</span>
          <h3>Check the preview</h3>
          <p className="muted">
            Tillsight recognises the layout and shows the first rows before anything is saved. Rows already imported are skipped, never counted twice.
          </p>
        </div>
        <div className="step">
          <span className="step-n">3</span>
          <h3>Add stock and costs</h3>
          <p className="muted">Optional: a product list with costs and categories, and stock counts, unlock margin, stock cover and reorder suggestions.</p>
        </div>
      </div>
    </div>
  );
}
