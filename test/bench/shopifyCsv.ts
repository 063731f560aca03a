/**
 * Writes a Shopify product CSV export of the demo catalog, for timing `npm run admin -- import` at scale:
 *
 *   npx tsx test/bench/shopifyCsv.ts --variants 1000000 --out /tmp/shopify-1m.csv
 *
 * The rows are what Shopify's export writes (server/seed/shopifyExport.ts). Handles, SKUs and barcodes come from the
 * demo generator (server/seed/demo.ts), so the file is the same on every machine and every barcode is valid and
 * unique. Streamed: a million variants is 174 MB of CSV, written in ~50 s.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { iterateDemoCatalog } from '../../server/seed/demo';
import { productRows, SHOPIFY_COLUMNS } from '../../server/seed/shopifyExport';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { variants: { type: 'string', default: '1000000' }, out: { type: 'string' }, seed: { type: 'string', default: '42' } } });
  const variants = Number(values.variants);
  const file = values.out ?? `/tmp/shopify-${variants}.csv`;
  const out = createWriteStream(file);
  out.write(SHOPIFY_COLUMNS.join(',') + '\n');
  let written = 0;
  let shown = 0;
  const started = performance.now();
  for (const { product, variants: vs } of iterateDemoCatalog({ seed: Number(values.seed), variants, stores: 1 })) {
    if (!out.write(productRows(product, vs))) await once(out, 'drain');
    written += vs.length;
    if (written - shown >= variants / 10) {
      shown = written;
      process.stderr.write(`  ${written.toLocaleString('en-US')} of ${variants.toLocaleString('en-US')} variants\n`);
    }
  }
  out.end();
  await once(out, 'finish');
  process.stderr.write(`wrote ${written.toLocaleString('en-US')} variants to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

await main();
