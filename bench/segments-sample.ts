/**
 * The sample shop for the segments checks: generated (sample-data/), its sales
 * imported through the ordinary importer, and each known customer's archetype
 * from its truth.json, keyed by the customer's database id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importFile } from '../core/import/pipeline.js';
import { openDb, type Db } from '../core/store/db.js';
import { generateSampleShop, SAMPLE_FILES } from '../sample-data/generator.js';

export interface SampleShop {
  db: Db;
  /** Database customer id → archetype (regular, big-spender, lapsing, one-off, occasional). */
  archetypes: Map<number, string>;
}

export async function sampleShopForSegments(dir: string, options: { seed?: number; days?: number } = {}): Promise<SampleShop> {
  const files = path.join(dir, 'files');
  await generateSampleShop({ out: files, seed: options.seed, days: options.days });
  const db = openDb(path.join(dir, 'sample.db'));
  await importFile(db, path.join(files, SAMPLE_FILES.square));
  await importFile(db, path.join(files, SAMPLE_FILES.shopify), { store: 'Juniper & Ink Online' });
  const truth = JSON.parse(fs.readFileSync(path.join(files, SAMPLE_FILES.truth), 'utf8')) as {
    customers: { square: Array<{ id: string; archetype: string }>; shopify: Array<{ email: string; archetype: string }> };
  };
  const byIdentity = new Map<string, string>();
  for (const c of truth.customers.square) byIdentity.set(c.id.toLowerCase(), c.archetype);
  for (const c of truth.customers.shopify) byIdentity.set(c.email.toLowerCase(), c.archetype);
  const archetypes = new Map<number, string>();
  for (const [id, key] of db.prepare('SELECT id, key FROM customers').raw().all() as Array<[number, string]>) {
    const a = byIdentity.get(key.slice(key.indexOf(':') + 1).toLowerCase());
    if (a) archetypes.set(id, a);
  }
  return { db, archetypes };
}
