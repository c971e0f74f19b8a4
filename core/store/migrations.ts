/**
 * The versioned schema. Each migration runs once, inside a transaction, when a
 * database is opened; its number is recorded in `schema_migrations`. Migrations
 * only ever add: never rewrite or drop a table that holds the owner's data.
 *
 * Layers (medallion):
 *  - bronze: what was imported — batches, rejected rows, saved column mappings;
 *  - silver: clean facts — sales lines, orders, products, customers, stores, stock;
 *  - gold:   summaries the dashboards read, rebuilt for the dates an import or undo touches.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
-- bronze --------------------------------------------------------------------
CREATE TABLE import_batches (
  id            INTEGER PRIMARY KEY,
  file_name     TEXT NOT NULL,
  file_path     TEXT,
  file_size     INTEGER,
  profile       TEXT NOT NULL,
  source_kind   TEXT NOT NULL,            -- 'sales' | 'products' | 'stock'
  encoding      TEXT,
  delimiter     TEXT,
  date_order    TEXT,
  mapping_json  TEXT,
  is_sample     INTEGER NOT NULL DEFAULT 0,
  rows_read     INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_duplicate INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  first_line_id INTEGER,                  -- sales_lines ids of one batch are contiguous
  last_line_id  INTEGER,
  min_date      TEXT,
  max_date      TEXT,
  started_at    TEXT NOT NULL,
  finished_at   TEXT NOT NULL
);

CREATE TABLE import_rejects (
  batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  line     INTEGER NOT NULL,
  reason   TEXT NOT NULL,
  raw      TEXT
);
CREATE INDEX import_rejects_batch ON import_rejects(batch_id, line);

-- A mapping the owner confirmed for a file layout, found again by its header signature.
CREATE TABLE import_mappings (
  signature    TEXT PRIMARY KEY,
  profile      TEXT NOT NULL,
  mapping_json TEXT NOT NULL,
  date_order   TEXT,
  decimal_sep  TEXT,
  updated_at   TEXT NOT NULL
);

-- silver --------------------------------------------------------------------
CREATE TABLE stores (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE products (
  id         INTEGER PRIMARY KEY,
  key        TEXT NOT NULL UNIQUE,        -- 'sku:<code>' | 'name:<lower name>' | 'other:<code>:<lower name>' (non-product lines)
  sku        TEXT,
  name       TEXT NOT NULL,
  category   TEXT,
  is_product INTEGER NOT NULL DEFAULT 1   -- 0 for postage, fees, adjustments, tips
);

CREATE TABLE customers (
  id      INTEGER PRIMARY KEY,
  key     TEXT NOT NULL UNIQUE,           -- 'id:<normalised id>' | 'email:<lower email>' | 'name:<lower name>'
  name    TEXT,
  email   TEXT,
  country TEXT
);

CREATE TABLE orders (
  id       INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  receipt  TEXT NOT NULL,
  UNIQUE (store_id, receipt)
);

-- One row per line of a sale, refund, cancellation, adjustment or void. Amounts
-- are signed: refunds and cancellations negative. Kept narrow and numeric on
-- purpose: binding values is most of an import's cost (see bench/import.ts).
--   date: shop-local calendar date as the integer YYYYMMDD
--   time: seconds after shop-local midnight, NULL when the source has none
--   kind: 0 sale, 1 refund, 2 cancellation, 3 adjustment, 4 void (kept, never counted)
-- The unique (date, line_key) index is the de-duplication check, and serves date
-- ranges too; with exports sorted by date its inserts stay local.
CREATE TABLE sales_lines (
  id          INTEGER PRIMARY KEY,           -- a batch's lines are the ids import_batches.first_line_id..last_line_id
  line_key    INTEGER NOT NULL,
  file_line   INTEGER NOT NULL,
  date        INTEGER NOT NULL,
  time        INTEGER,
  order_id    INTEGER,
  product_id  INTEGER NOT NULL,
  customer_id INTEGER,
  store_id    INTEGER NOT NULL,
  kind        INTEGER NOT NULL,
  quantity    REAL NOT NULL,
  gross       REAL NOT NULL,
  discount    REAL NOT NULL,
  net         REAL NOT NULL,
  cost        REAL
);
CREATE UNIQUE INDEX sales_lines_key ON sales_lines(date, line_key);

-- Readable view of the lines, for people and ad-hoc queries.
CREATE VIEW sales_lines_readable AS
SELECT l.id, l.file_line,
  printf('%04d-%02d-%02d', l.date / 10000, l.date / 100 % 100, l.date % 100) AS date,
  CASE WHEN l.time IS NULL THEN NULL ELSE printf('%02d:%02d:%02d', l.time / 3600, l.time / 60 % 60, l.time % 60) END AS time,
  o.receipt, p.sku, p.name AS product, c.key AS customer, s.name AS store,
  CASE l.kind WHEN 0 THEN 'sale' WHEN 1 THEN 'refund' WHEN 2 THEN 'cancel' WHEN 3 THEN 'adjustment' ELSE 'void' END AS kind,
  l.quantity, l.gross, l.discount, l.net, l.cost
FROM sales_lines l
LEFT JOIN orders o ON o.id = l.order_id
LEFT JOIN products p ON p.id = l.product_id
LEFT JOIN customers c ON c.id = l.customer_id
LEFT JOIN stores s ON s.id = l.store_id;

-- Product attributes from product-list files; the newest batch wins.
CREATE TABLE product_info (
  batch_id       INTEGER NOT NULL,
  product_id     INTEGER NOT NULL,
  cost           REAL,
  price          REAL,
  category       TEXT,
  supplier       TEXT,
  lead_time_days REAL,
  PRIMARY KEY (batch_id, product_id)
);

-- Stock counts (on hand at a date) and receipts (units received on a date).
CREATE TABLE stock_movements (
  batch_id   INTEGER NOT NULL,
  line_key   INTEGER NOT NULL UNIQUE,
  date       TEXT NOT NULL,
  product_id INTEGER NOT NULL,
  store_id   INTEGER NOT NULL,
  kind       TEXT NOT NULL,               -- 'count' | 'receipt'
  quantity   REAL NOT NULL
);
CREATE INDEX stock_movements_product ON stock_movements(product_id, date);

-- gold ----------------------------------------------------------------------
-- WITHOUT ROWID: each summary is one B-tree on its natural key (half the write cost).
-- Counted lines only. 'returns' is the magnitude of refunds and cancellations.
CREATE TABLE daily_summary (
  date        TEXT NOT NULL,
  store_id    INTEGER NOT NULL,
  net         REAL NOT NULL,
  gross       REAL NOT NULL,
  discount    REAL NOT NULL,
  returns     REAL NOT NULL,
  non_product REAL NOT NULL,
  units       REAL NOT NULL,
  lines       INTEGER NOT NULL,
  orders      INTEGER NOT NULL,
  customers   INTEGER NOT NULL,
  cost        REAL,
  PRIMARY KEY (date, store_id)
) WITHOUT ROWID;

CREATE TABLE daily_product (
  date       TEXT NOT NULL,
  product_id INTEGER NOT NULL,
  store_id   INTEGER NOT NULL,
  quantity   REAL NOT NULL,
  net        REAL NOT NULL,
  returns    REAL NOT NULL,
  orders     INTEGER NOT NULL,
  PRIMARY KEY (date, product_id, store_id)
) WITHOUT ROWID;

CREATE TABLE daily_customer (
  date        TEXT NOT NULL,
  customer_id INTEGER NOT NULL,
  net         REAL NOT NULL,
  orders      INTEGER NOT NULL,
  PRIMARY KEY (date, customer_id)
) WITHOUT ROWID;
CREATE INDEX daily_customer_customer ON daily_customer(customer_id, date);

-- Sales per product per month: a year's top products read 12 months, not 365 days.
CREATE TABLE monthly_product (
  month      TEXT NOT NULL,              -- 'YYYY-MM'
  product_id INTEGER NOT NULL,
  store_id   INTEGER NOT NULL,
  quantity   REAL NOT NULL,
  net        REAL NOT NULL,
  returns    REAL NOT NULL,
  orders     INTEGER NOT NULL,
  PRIMARY KEY (month, product_id, store_id)
) WITHOUT ROWID;

-- Per customer, all time: what the customers dashboard reads instead of grouping
-- daily_customer on every view. Refreshed for the customers an import or undo touches.
CREATE TABLE customer_summary (
  customer_id INTEGER PRIMARY KEY,
  first_date  TEXT NOT NULL,
  last_date   TEXT NOT NULL,
  orders      INTEGER NOT NULL,
  net         REAL NOT NULL
) WITHOUT ROWID;

-- The months in which each customer bought (cohort retention).
CREATE TABLE customer_month (
  customer_id INTEGER NOT NULL,
  month       TEXT NOT NULL,              -- 'YYYY-MM'
  PRIMARY KEY (customer_id, month)
) WITHOUT ROWID;
CREATE INDEX customer_month_month ON customer_month(month);

-- weekday 0 = Sunday (SQLite strftime('%w')); hour is -1 when the source has no times.
CREATE TABLE hourly_summary (
  date     TEXT NOT NULL,
  hour     INTEGER NOT NULL,
  store_id INTEGER NOT NULL,
  weekday  INTEGER NOT NULL,
  net      REAL NOT NULL,
  orders   INTEGER NOT NULL,
  units    REAL NOT NULL,
  PRIMARY KEY (date, hour, store_id)
) WITHOUT ROWID;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'duplicate check in the importer; plain date index on sales_lines',
    // The unique (date, line_key) index cost more than a third of an import's
    // SQLite time: content keys are random, so each line went into the middle
    // of its day's part of the index. The importer now checks keys itself
    // (core/import/known-keys.ts), reading a day's keys through this date index,
    // which takes the lines of a date-sorted export in order. No data changes.
    sql: `
DROP INDEX sales_lines_key;
CREATE INDEX sales_lines_date ON sales_lines(date);
`,
  },
  {
    version: 3,
    name: 'model registry; a data version moved by every import and undo',
    // Every training run of every model kind (core/models/registry.ts). A run's
    // outputs live in its kind's own tables, keyed by run_id with ON DELETE
    // CASCADE, so pruning old runs takes their outputs. The data version is
    // moved by triggers inside the import's or undo's own transaction, so it
    // can never disagree with the data: models whose run saw another version
    // are stale and retrain.
    sql: `
CREATE TABLE model_runs (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled')),
  params        TEXT NOT NULL DEFAULT '{}',
  seed          INTEGER NOT NULL,
  data_version  INTEGER NOT NULL,
  data_from     INTEGER,
  data_to       INTEGER,
  metrics       TEXT NOT NULL DEFAULT '{}',
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  duration_ms   INTEGER,
  peak_rss_mb   REAL,
  error         TEXT,
  reason        TEXT
);
CREATE INDEX model_runs_kind ON model_runs(kind, status, id);
INSERT OR IGNORE INTO meta(key, value) VALUES ('data_version', '0');
CREATE TRIGGER data_version_on_import AFTER INSERT ON import_batches
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER data_version_on_undo AFTER DELETE ON import_batches
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'; END;
`,
  },
  {
    version: 4,
    name: 'forecast outputs',
    // Outputs of a 'forecast' model run (core/models/store/forecast.ts). Every
    // row belongs to a run and goes with it when old runs are pruned. Dates are
    // YYYYMMDD integers. key: 'total', a category's name, or a product's SKU (else name).
    sql: `
CREATE TABLE forecast_run (
  run_id     INTEGER PRIMARY KEY REFERENCES model_runs(id) ON DELETE CASCADE,
  data_from  INTEGER NOT NULL,
  data_to    INTEGER NOT NULL,
  horizon    INTEGER NOT NULL,
  country    TEXT NOT NULL,
  currency   TEXT,
  summary    TEXT,                            -- the plain-words sentence of the shop total
  origins    TEXT NOT NULL                    -- JSON: level -> backtest origins (YYYYMMDD), oldest first
);

-- One row per forecast series; history is the last days before the forecast (Float64 little-endian, from history_from).
CREATE TABLE forecast_series (
  run_id       INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  level        TEXT NOT NULL,                 -- 'total' | 'category' | 'product'
  key          TEXT NOT NULL,
  sku          TEXT,
  name         TEXT NOT NULL,
  product_id   INTEGER,
  category     TEXT,
  model        TEXT NOT NULL,                 -- the chosen model, or 'ensemble'
  weights      TEXT NOT NULL,                 -- JSON: model -> weight
  rank         INTEGER NOT NULL,              -- order within the level (products: net sales, highest first)
  expected     REAL NOT NULL,                 -- sum of the mean forecast over the horizon
  history_from INTEGER NOT NULL,
  history      BLOB NOT NULL,
  PRIMARY KEY (run_id, level, key)
) WITHOUT ROWID;
CREATE INDEX forecast_series_rank ON forecast_series(run_id, level, rank);

CREATE TABLE forecast_values (
  run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  level  TEXT NOT NULL,
  key    TEXT NOT NULL,
  date   INTEGER NOT NULL,
  mean   REAL NOT NULL,
  lo80   REAL NOT NULL,
  hi80   REAL NOT NULL,
  lo95   REAL NOT NULL,
  hi95   REAL NOT NULL,
  PRIMARY KEY (run_id, level, key, date)
) WITHOUT ROWID;

-- Backtest accuracy: per series and model, and per level (key '') for every model and for what is served ('served').
CREATE TABLE forecast_metrics (
  run_id      INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  level       TEXT NOT NULL,
  key         TEXT NOT NULL,
  model       TEXT NOT NULL,
  mase        REAL,
  wape        REAL,
  coverage80  REAL,
  coverage95  REAL,
  series      INTEGER NOT NULL,
  PRIMARY KEY (run_id, level, key, model)
) WITHOUT ROWID;

-- What the served forecast said at each backtest origin, against what happened (the chart).
CREATE TABLE forecast_backtest (
  run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  level  TEXT NOT NULL,
  key    TEXT NOT NULL,
  origin INTEGER NOT NULL,
  step   INTEGER NOT NULL,
  date   INTEGER NOT NULL,
  actual REAL NOT NULL,
  mean   REAL NOT NULL,
  lo80   REAL NOT NULL,
  hi80   REAL NOT NULL,
  lo95   REAL NOT NULL,
  hi95   REAL NOT NULL,
  PRIMARY KEY (run_id, level, key, origin, step)
) WITHOUT ROWID;

CREATE TABLE forecast_reorders (
  run_id          INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  product_id      INTEGER NOT NULL,
  key             TEXT NOT NULL,
  sku             TEXT,
  name            TEXT NOT NULL,
  on_hand         REAL NOT NULL,
  lead_time_days  REAL NOT NULL,
  daily_demand    REAL NOT NULL,
  demand_lead     REAL NOT NULL,              -- forecast units over the lead time
  safety_stock    REAL NOT NULL,
  reorder_point   REAL NOT NULL,
  suggested_qty   REAL NOT NULL,
  service_level   REAL NOT NULL,
  reason          TEXT NOT NULL,
  PRIMARY KEY (run_id, product_id)
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    name: "customer segments and value (the segments model's outputs)",
    // Outputs of a 'segments' run of the model registry (model_runs, migration 3):
    // pruning a run removes them. No foreign key to customers: an undo may remove
    // a customer before the next training replaces the run; readers join LEFT.
    sql: `
CREATE TABLE segment_clusters (
  run_id           INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  segment_id       INTEGER NOT NULL,      -- 1 = the segment with the most revenue
  label            TEXT NOT NULL,         -- RFM vocabulary: Champions, Loyal, … Lost
  action           TEXT NOT NULL,
  size             INTEGER NOT NULL,
  revenue          REAL NOT NULL,
  revenue_share    REAL NOT NULL,         -- of the known customers' net sales
  median_recency   REAL NOT NULL,         -- days
  median_frequency REAL NOT NULL,         -- orders
  median_monetary  REAL NOT NULL,
  mean_clv12       REAL NOT NULL,
  mean_monetary    REAL NOT NULL,
  mean_p_alive     REAL NOT NULL,
  score_r          REAL NOT NULL,         -- mean recency and frequency-spend scores, 1–5
  score_fm         REAL NOT NULL,
  centroid_json    TEXT NOT NULL,         -- in the standardised feature space
  PRIMARY KEY (run_id, segment_id)
) WITHOUT ROWID;

CREATE TABLE customer_scores (
  run_id             INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  customer_id        INTEGER NOT NULL,
  segment_id         INTEGER NOT NULL,
  recency            REAL NOT NULL,       -- days from the last purchase to the day after the last data date
  frequency          REAL NOT NULL,       -- orders
  monetary           REAL NOT NULL,       -- net spend to date
  tenure             REAL NOT NULL,       -- days from the first purchase to the day after the last data date
  f_recency          REAL NOT NULL,       -- the standardised vector that was clustered
  f_frequency        REAL NOT NULL,
  f_monetary         REAL NOT NULL,
  f_tenure           REAL NOT NULL,
  p_alive            REAL NOT NULL,
  expected_orders_90 REAL NOT NULL,
  spend_per_order    REAL NOT NULL,
  clv_12             REAL NOT NULL,
  value_at_stake     REAL NOT NULL,
  at_risk_rank       INTEGER,             -- 1 = most value at stake; NULL when not at risk
  PRIMARY KEY (run_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_scores_segment ON customer_scores(run_id, segment_id);
CREATE INDEX customer_scores_at_risk ON customer_scores(run_id, at_risk_rank) WHERE at_risk_rank IS NOT NULL;
`,
  },
  {
    version: 6,
    name: "anomalies per model run; the owner's answers to them, kept across runs",
    // A run's anomalies go with the run (ON DELETE CASCADE). The owner's marks
    // are keyed by what was flagged (date, scope, subject), not by run, so a
    // retrain finds them again; a day marked 'error' can be left out of
    // forecast training (excludedTrainingDays in core/models/store/anomalies.ts).
    sql: `
CREATE TABLE anomalies (
  run_id      INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  date        INTEGER NOT NULL,             -- YYYYMMDD
  scope       TEXT NOT NULL,                -- 'total' | 'product:<SKU>' | 'refunds' | 'line'
  subject     TEXT NOT NULL DEFAULT '',     -- '' for the day; a product for its refunds; product and receipt for a line
  score       REAL NOT NULL,
  expected    REAL NOT NULL,
  actual      REAL NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('spike', 'drop')),
  explanation TEXT NOT NULL,
  PRIMARY KEY (run_id, date, scope, subject)
) WITHOUT ROWID;
CREATE TABLE anomaly_marks (
  date      INTEGER NOT NULL,
  scope     TEXT NOT NULL,
  subject   TEXT NOT NULL DEFAULT '',
  verdict   TEXT NOT NULL CHECK (verdict IN ('explained', 'error')),
  note      TEXT NOT NULL DEFAULT '',
  marked_at TEXT NOT NULL,
  PRIMARY KEY (date, scope, subject)
) WITHOUT ROWID;
`,
  },

  // Figures as the point-of-sale vendors define them, and the tax kept (migration 7).
  {
    version: 7,
    name: 'taxes and totals collected kept; net sales without non-product lines; non-product lines by class; reconciliation per batch',
    // Adds columns only. The gold summaries are derived data: their net, gross,
    // discounts and returns now cover goods only (shipping, tips, fees and
    // adjustments are counted apart, as the vendors' reports do), so the rows
    // already there are recomputed from the lines, which nothing here changes.
    // Taxes and totals collected were not kept before: NULL (unknown) for old lines.
    sql: `
ALTER TABLE sales_lines ADD COLUMN tax REAL;            -- the line's tax as the file gives it; NULL when the file has none
ALTER TABLE sales_lines ADD COLUMN collected REAL;      -- what the customer paid for it, where the export says (Total Collected, an order's Total)
ALTER TABLE products ADD COLUMN non_product_kind TEXT;  -- 'shipping' | 'tip' | 'fee' | 'adjustment' for non-product lines; NULL for goods (and non-product lines imported before)
ALTER TABLE import_batches ADD COLUMN reconciliation_json TEXT; -- core/import/tally.ts: the file's amounts as written, and where each part went
ALTER TABLE import_batches ADD COLUMN currency TEXT;   -- the file's own currency column (ISO 4217, most rows), NULL when it has none

ALTER TABLE daily_summary ADD COLUMN tax REAL;          -- NULL: no line of the day has a tax
ALTER TABLE daily_summary ADD COLUMN collected REAL;
ALTER TABLE daily_summary ADD COLUMN shipping REAL NOT NULL DEFAULT 0;
ALTER TABLE daily_summary ADD COLUMN tips REAL NOT NULL DEFAULT 0;
ALTER TABLE daily_summary ADD COLUMN fees REAL NOT NULL DEFAULT 0;

UPDATE daily_summary SET (net, gross, discount, returns) = (
  SELECT coalesce(sum(CASE WHEN p.is_product = 1 THEN l.net END), 0),
         coalesce(sum(CASE WHEN p.is_product = 1 AND l.kind = 0 THEN l.gross END), 0),
         coalesce(sum(CASE WHEN p.is_product = 1 AND l.kind = 0 THEN l.discount END), 0),
         coalesce(-sum(CASE WHEN p.is_product = 1 AND l.kind IN (1, 2) THEN l.net END), 0)
  FROM sales_lines l JOIN products p ON p.id = l.product_id
  WHERE l.date = CAST(replace(daily_summary.date, '-', '') AS INTEGER) AND l.store_id = daily_summary.store_id AND l.kind <> 4);
UPDATE hourly_summary SET net = (
  SELECT coalesce(sum(l.net), 0) FROM sales_lines l JOIN products p ON p.id = l.product_id
  WHERE l.date = CAST(replace(hourly_summary.date, '-', '') AS INTEGER) AND l.store_id = hourly_summary.store_id AND l.kind <> 4
    AND p.is_product = 1 AND coalesce(l.time / 3600, -1) = hourly_summary.hour);

DROP VIEW sales_lines_readable;
CREATE VIEW sales_lines_readable AS
SELECT l.id, l.file_line,
  printf('%04d-%02d-%02d', l.date / 10000, l.date / 100 % 100, l.date % 100) AS date,
  CASE WHEN l.time IS NULL THEN NULL ELSE printf('%02d:%02d:%02d', l.time / 3600, l.time / 60 % 60, l.time % 60) END AS time,
  o.receipt, p.sku, p.name AS product, c.key AS customer, s.name AS store,
  CASE l.kind WHEN 0 THEN 'sale' WHEN 1 THEN 'refund' WHEN 2 THEN 'cancel' WHEN 3 THEN 'adjustment' ELSE 'void' END AS kind,
  l.quantity, l.gross, l.discount, l.net, l.cost, l.tax, l.collected, p.non_product_kind
FROM sales_lines l
LEFT JOIN orders o ON o.id = l.order_id
LEFT JOIN products p ON p.id = l.product_id
LEFT JOIN customers c ON c.id = l.customer_id
LEFT JOIN stores s ON s.id = l.store_id;
`,
  },
  {
    version: 8,
    name: "the forecast's expected value per past day; marking a day as an error moves the data version",
    // forecast_expected: the shop total's expected net sales for each past
    // trading day of a forecast run (the served model's one-step-ahead fitted
    // values, core/models/forecast/fitted.ts), which the anomaly model judges the
    // shop's day against. Per run, pruned with it.
    // The triggers: the forecast leaves days marked 'error' out of training
    // (core/models/data/forecast.ts), so the set of such days is training data
    // like the imports: when a mark adds a date to it or takes the last 'error'
    // of a date away, the data version moves (as migration 3's triggers do for
    // imports and undos) and every model kind is stale and retrains. Explained
    // marks, notes and a second 'error' on a date already left out change nothing.
    sql: `
CREATE TABLE forecast_expected (
  run_id   INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  date     INTEGER NOT NULL,                -- YYYYMMDD
  expected REAL NOT NULL,                   -- net sales the served model expected of the day, the evening before
  PRIMARY KEY (run_id, date)
) WITHOUT ROWID;
CREATE TRIGGER data_version_on_error_mark AFTER INSERT ON anomaly_marks
WHEN NEW.verdict = 'error' AND (SELECT count(*) FROM anomaly_marks WHERE date = NEW.date AND verdict = 'error') = 1
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER data_version_on_error_remark AFTER UPDATE OF verdict ON anomaly_marks
WHEN (OLD.verdict = 'error') <> (NEW.verdict = 'error')
  AND (SELECT count(*) FROM anomaly_marks WHERE date = NEW.date AND verdict = 'error') = (NEW.verdict = 'error')
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'; END;
CREATE TRIGGER data_version_on_error_unmark AFTER DELETE ON anomaly_marks
WHEN OLD.verdict = 'error' AND NOT EXISTS (SELECT 1 FROM anomaly_marks WHERE date = OLD.date AND verdict = 'error')
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'; END;
`,
  },
];
