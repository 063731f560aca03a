/**
 * `npm run simulate -- [options]` — streams realistic web and app pickup orders to a running catalog server
 * (started with --demo), for demos and load. The catalog is regenerated locally from the same demo seed, so the
 * script knows the stores, SKUs, prices and stock without any device credentials; it needs a channel key.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { iterateDemoCatalog } from '../server/seed/demo';
import { demoStores } from '../server/seed/stores';
import { createRng } from '../server/seed/prng';
import { FIRST_NAMES, LAST_NAMES } from '../server/seed/catalogContent';
import { formatMoney, multiplyMoney, type Money } from '../shared/money';

const HELP = `Aisle order simulator: web and app orders for pickup at the demo stores

Usage: npm run simulate -- --key <channel key> [options]

Options:
  --server <url>     catalog server (default http://127.0.0.1:8787)
  --key <key>        channel key: a bare key for --channel, or "web:KEY,app:KEY" for both channels
                     (default: environment AISLE_CHANNEL_KEYS, as the server accepts it)
  --channel web|app  the channel of a bare --key (default web)
  --rate <n>         orders per second (default 1; decimals allowed, e.g. 0.2)
  --count <n>        how many orders (default 20; 0 = until Ctrl-C)
  --stores <n>       use the first n demo stores (default 10)
  --seed <n>         the demo seed the server was started with (default 42)
  --variants <n>     the demo catalog size the server was started with (default 10000)
  -h, --help         show this help

Create a key with: npm run admin -- channel-key --channel web   (or start the server with AISLE_CHANNEL_KEYS=web:...)
`;

interface Sku {
  sku: string;
  title: string;
  price: Money;
  /** Demo stock per store id, to prefer items that exist (some orders still run short, as in life). */
  onHand: Map<string, number>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      key: { type: 'string' },
      channel: { type: 'string' },
      rate: { type: 'string' },
      count: { type: 'string' },
      stores: { type: 'string' },
      seed: { type: 'string' },
      variants: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const server = (values.server ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
  const rawKeys = values.key ?? process.env['AISLE_CHANNEL_KEYS'] ?? '';
  const keys = new Map<'web' | 'app', string>();
  if (rawKeys.includes(':')) {
    for (const part of rawKeys.split(',')) {
      const [ch, k] = [part.slice(0, part.indexOf(':')).trim(), part.slice(part.indexOf(':') + 1).trim()];
      if ((ch === 'web' || ch === 'app') && k) keys.set(ch, k);
    }
  } else if (rawKeys) keys.set(values.channel === 'app' ? 'app' : 'web', rawKeys);
  if (keys.size === 0) throw new Error('no channel key: pass --key (see --help)');
  const rate = num(values.rate, 'rate', 1) || 1;
  const count = num(values.count, 'count', 20);
  const seed = num(values.seed, 'seed', 42);
  const storeCount = Math.min(10, Math.max(1, num(values.stores, 'stores', 10)));
  const variantCount = num(values.variants, 'variants', 10_000);

  const stores = demoStores(storeCount, new Date().toISOString());
  const skus: Sku[] = [];
  for (const bundle of iterateDemoCatalog({ seed, variants: variantCount, stores: storeCount })) {
    for (const v of bundle.variants) {
      const onHand = new Map(bundle.inventory.filter((i) => i.variantId === v.id).map((i) => [i.storeId, i.available]));
      skus.push({ sku: v.sku, title: `${bundle.product.title}${v.title && v.title !== 'Default Title' ? ` — ${v.title}` : ''}`, price: v.price, onHand });
    }
    if (skus.length >= 3000) break;
  }
  const rng = createRng(Date.now() % 2 ** 31);
  const pick = <T>(list: readonly T[]): T => {
    const item = list[Math.floor(rng.next() * list.length)];
    if (item === undefined) throw new Error('empty list');
    return item;
  };
  const channels = [...keys.keys()];
  process.stdout.write(`Sending ${count || '∞'} order(s) at ${rate}/s to ${server} for pickup at ${storeCount} store(s), channels ${channels.join(', ')}\n`);

  let stop = false;
  process.on('SIGINT', () => {
    stop = true;
  });
  const stats = { placed: 0, short: 0, failed: 0 };
  for (let n = 1; !stop && (count === 0 || n <= count); n++) {
    const started = Date.now();
    const channel = pick(channels);
    const store = pick(stores);
    const inStock = skus.filter((s) => (s.onHand.get(store.id) ?? 0) > 0);
    const lineCount = rng.next() < 0.6 ? 1 : rng.next() < 0.7 ? 2 : 3;
    const chosen = new Map<string, Sku>();
    while (chosen.size < lineCount) {
      const s = pick(inStock.length > 0 && rng.next() < 0.9 ? inStock : skus);
      chosen.set(s.sku, s);
    }
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const body = {
      channel,
      customer: { id: `cust-${Math.floor(rng.next() * 1e6)}`, firstName: first, lastName: last, email: `${first}.${last}@example.com`.toLowerCase(), phone: `+1 555 01${String(Math.floor(rng.next() * 100)).padStart(2, '0')}` },
      pickupStoreId: store.id,
      lines: [...chosen.values()].map((s) => ({ sku: s.sku, quantity: rng.next() < 0.85 ? 1 : 2, unitPrice: s.price })),
    };
    const idempotencyKey = randomUUID();
    const total = body.lines.reduce((sum, l) => sum + multiplyMoney(l.unitPrice, l.quantity).amount, 0);
    let line: string;
    // A network error is retried with the same idempotency key: the server answers the first order's response.
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${server}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-aisle-channel-key': keys.get(channel) ?? '', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(body),
        });
        const json: unknown = await res.json();
        const r: Record<string, unknown> = isRecord(json) ? json : {};
        const field = (k: string): string => {
          const v = r[k];
          return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
        };
        const ms = Date.now() - started;
        if (res.status === 201) {
          stats.placed++;
          line = `#${n} ${channel} ${field('orderNumber')} → ${store.code} ${store.name}: ${body.lines.map((l) => `${l.quantity}× ${l.sku}`).join(', ')} (${formatMoney({ amount: total, currency: 'USD' })}) code ${field('pickupCode')} [${ms} ms]`;
        } else if (res.status === 409) {
          stats.short++;
          line = `#${n} ${channel} → ${store.code}: short stock, refused (${field('message')}) [${ms} ms]`;
        } else {
          stats.failed++;
          line = `#${n} ${channel} → ${store.code}: HTTP ${res.status} ${field('code')} ${field('message')}`;
        }
        break;
      } catch (err) {
        if (attempt >= 3) {
          stats.failed++;
          line = `#${n}: ${err instanceof Error ? err.message : String(err)} (gave up after ${attempt} attempts)`;
          break;
        }
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    process.stdout.write(`${line}\n`);
    const wait = 1000 / rate - (Date.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  process.stdout.write(`Done: ${stats.placed} placed, ${stats.short} refused for short stock, ${stats.failed} failed.\n`);
  if (stats.failed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
