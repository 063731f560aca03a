/**
 * The catalog's admin CLI: `npm run admin -- <command>`. It opens the same database as the server and calls
 * the same operations the server uses (enrollment, device revocation, import, seeding, price changes), so
 * what it does is exactly what the server would do. When a running server owns the PGlite folder, the command
 * line goes to that server instead (loopback, token from the folder: server/security/adminAccess.ts), which runs
 * this same function against its open database.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from './db/db';
import { openDb } from './db/open';
import { createEnrollmentCode, listDevices, revokeDevice } from './auth';
import { AisleError } from '../shared/errors';
import { formatMoney } from '../shared/money';
import { importShopifyCsv, type ImportProgress } from './import/shopify';
import { setVariantPrice } from './import/prices';
import { seedDemo } from './seed/demo';
import { MAX_DEMO_STORES } from './seed/stores';
import { findStore, listStores } from './seed/storeLookup';
import { createChannelKey, isChannel } from './orders/channelKeys';
import { listOutboxFailures } from './outbox/failures';
import { randomInt } from 'node:crypto';
import { newPinProblem } from '../shared/staff';
import { resetStaffPin } from './staff/pins';
import { readAdminEndpoint, runRemoteAdmin } from './security/adminAccess';
import { eraseCommand, exportCommand, mergeCommand } from './customers/adminCommands';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.aisle-data', 'catalog');

export const HELP = `Aisle catalog admin

Usage: npm run admin -- <command> [options]

Commands:
  stores                                   List the stores (id, code, name, city).
  enroll-code --store <id|code> --role counter|kiosk [--ttl-hours N]
                                           Create a one-time enrollment code for a device (default: valid 72 h).
  devices                                  List enrolled devices.
  revoke <deviceId>                        Revoke a device; its token stops working at once.
  import <file.csv> [--currency USD]       Import a Shopify product CSV export. All or nothing: any bad row
                                           is reported (row, column, reason) and nothing is written; exit code 1.
  seed [--variants N] [--seed N] [--force] Seed the deterministic demo retailer (default 10000 variants, seed 42).
                                           Does nothing if the database was already seeded, unless --force.
                                           --stores N (1–12, default 12): how many demo stores get stock.
  set-price --sku <sku> --price <decimal>  Change one variant's price (e.g. --price 24.99); devices receive it.
  channel-key --channel web|app|store      Create an API key for a sales channel (store = the POS reporting sales)
                                           to send orders and customers (header x-aisle-channel-key). Printed once.
  outbox-failures                          Customer messages that failed or are being retried (docs/pickup.md).
  reset-pin --staff <id|number> [--pin <digits>]
                                           Set a staff member's PIN (6–12 digits, not a run or one digit repeated;
                                           without --pin a random one is made and printed once) and clear their
                                           lockout. Every device's offline sign-in with the old PIN stops working.
  customer-erase --customer <ref> [--yes]  Erasure request: remove a customer's personal data, pseudonymise their
                                           orders and remove them from every store device. Without --yes it only
                                           says who would be erased. <ref> = customer id, loyalty card or e-mail.
  customer-export --customer <ref>         Access request: everything held about the customer, as JSON on stdout
                                           (redirect it to a file: ... customer-export --customer X > x.json).
  customer-merge --into <ref> --from <ref> Merge a duplicate (--from) into the customer kept (--into): orders,
                                           identities, wishlist, activity, notes, points and store credit move.

Database (the same one the server uses):
  --data <dir>             PGlite data folder (default: .aisle-data/catalog in the repository).
  --database-url <url>     A PostgreSQL server instead (also: environment variable DATABASE_URL).

  A PGlite data folder is owned by one process at a time. While the server runs on it, admin commands go
  to that server (over 127.0.0.1, with the token it keeps in the folder's admin.json); with no server
  running, the CLI opens the folder itself. On PostgreSQL, the CLI connects to the same DATABASE_URL.

Demo credentials after \`seed\`: in store N (store-00N / S00N) staff number N001 is the manager with PIN 135790,
N002…N006 are associates with PIN 246810 (store 1: 1001 / 135790, 1002–1006 / 246810).

Other options:
  -h, --help               Show this help.
`;

/** A random 6-digit PIN the policy accepts (shared/staff.ts newPinProblem). */
function randomPin(): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (newPinProblem(pin) === null) return pin;
  }
}

/** Bad command-line input: reported with a pointer to --help and exit code 2. */
class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  return n;
}

/** "42 s", "3 min 5 s", "1 h 2 min": how long a seed has run or has left. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** The command line to send to a running server: the same options, file paths made absolute (the server's cwd differs). */
function forwardedArgv(command: string, rest: readonly string[], values: Record<string, string | boolean | undefined>): string[] {
  const args = [command, ...(command === 'import' && rest[0] ? [path.resolve(rest[0]), ...rest.slice(1)] : rest)];
  for (const [key, value] of Object.entries(values)) {
    if (key === 'data' || key === 'database-url' || value === undefined || value === false) continue;
    args.push(`--${key}`, ...(value === true ? [] : [value]));
  }
  return args;
}

export interface RunAdminOptions {
  /** An open database to use (the server running a forwarded command); it stays open afterwards. */
  db?: Db;
}

/** Runs one admin command; returns the process exit code. Exported for tests. */
export async function runAdmin(argv: readonly string[], io: CliIo = defaultIo, env: NodeJS.ProcessEnv = process.env, options: RunAdminOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        data: { type: 'string' },
        'database-url': { type: 'string' },
        store: { type: 'string' },
        role: { type: 'string' },
        'ttl-hours': { type: 'string' },
        currency: { type: 'string' },
        variants: { type: 'string' },
        seed: { type: 'string' },
        stores: { type: 'string' },
        force: { type: 'boolean' },
        sku: { type: 'string' },
        price: { type: 'string' },
        channel: { type: 'string' },
        staff: { type: 'string' },
        pin: { type: 'string' },
        customer: { type: 'string' },
        into: { type: 'string' },
        from: { type: 'string' },
        yes: { type: 'boolean' },
      },
    });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\nRun with --help for usage.`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }

  const databaseUrl = values['database-url'] ?? env['DATABASE_URL'];
  const dataDir = path.resolve(values.data ?? DEFAULT_DATA_DIR);
  const given = options.db;
  if (!given && !databaseUrl) {
    const server = readAdminEndpoint(dataDir);
    if (server) {
      try {
        const answer = await runRemoteAdmin(server, forwardedArgv(command, rest, values));
        answer.out.forEach((t) => io.out(t));
        answer.err.forEach((t) => io.err(t));
        return answer.exitCode;
      } catch (err) {
        io.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
      }
    }
  }
  let db: Db | undefined;
  const open = async (): Promise<Db> => {
    if (given) return given;
    db = databaseUrl ? await openDb({ databaseUrl }) : await openDb({ dataDir, purpose: `admin command "${command}"` });
    return db;
  };

  try {
    switch (command) {
      case 'stores': {
        const stores = await listStores(await open());
        if (stores.length === 0) io.out('No stores yet. Seed the demo (`seed`) or import a catalog.');
        else io.out(table([['ID', 'CODE', 'NAME', 'CITY'], ...stores.map((s) => [s.id, s.code, s.name, s.city])]));
        return 0;
      }
      case 'enroll-code': {
        if (!values.store) throw new UsageError('enroll-code needs --store <id or code>');
        const role = values.role;
        if (role !== 'counter' && role !== 'kiosk') throw new UsageError(`enroll-code needs --role counter or --role kiosk${role ? `, got "${role}"` : ''}`);
        const ttl = positiveInt('ttl-hours', values['ttl-hours'], 72);
        if (ttl < 1 || ttl > 24 * 30) throw new UsageError('--ttl-hours must be between 1 and 720');
        const d = await open();
        const store = await findStore(d, values.store);
        if (!store) throw new AisleError('NOT_FOUND', `no store "${values.store}"; run \`npm run admin -- stores\` to list them`);
        const { code, expiresAt } = await createEnrollmentCode(d, store.id, role, ttl);
        io.out(`Enrollment code for a ${role} at ${store.name} (${store.id}, ${store.code}):\n\n    ${code}\n\nValid once, until ${expiresAt} (${ttl} h).`);
        return 0;
      }
      case 'devices': {
        const devices = await listDevices(await open());
        if (devices.length === 0) io.out('No devices enrolled.');
        else
          io.out(
            table([
              ['ID', 'NAME', 'STORE', 'ROLE', 'ENROLLED', 'LAST SEEN', 'STATUS'],
              ...devices.map((d) => [d.id, d.name, d.storeId, d.role, d.createdAt, d.lastSeenAt ?? '-', d.revoked ? 'revoked' : 'active']),
            ]),
          );
        return 0;
      }
      case 'revoke': {
        const deviceId = rest[0];
        if (!deviceId) throw new UsageError('revoke needs a device id (see `devices`)');
        if (!(await revokeDevice(await open(), deviceId))) throw new AisleError('NOT_FOUND', `no active device ${deviceId} (already revoked, or unknown; see \`devices\`)`);
        io.out(`Revoked ${deviceId}. Its token no longer works; enroll the device again to use it.`);
        return 0;
      }
      case 'import': {
        const file = rest[0];
        if (!file) throw new UsageError('import needs a CSV file: import <file.csv>');
        const currency = values.currency ?? 'USD';
        if (!/^[A-Z]{3}$/.test(currency)) throw new UsageError(`--currency must be an ISO 4217 code such as USD, got "${currency}"`);
        const filePath = path.resolve(file);
        let size: number;
        try {
          size = statSync(filePath).size;
        } catch (err) {
          throw new AisleError('NOT_FOUND', `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
        // Streamed (csv-parse), with progress: a million-variant export is hundreds of megabytes.
        const importStarted = performance.now();
        const onProgress = (p: ImportProgress): void => {
          const at = `[${duration((performance.now() - importStarted) / 1000)}]`;
          if (p.phase === 'reading') io.err(`  ${at} reading: ${p.records.toLocaleString('en-US')} rows, ${Math.round((100 * p.bytes) / Math.max(1, size))} % of the file`);
          else if (p.phase === 'checking' && p.step === 'catalog') io.err(`  ${at} checking ${p.records.toLocaleString('en-US')} variants against the catalog…`);
          else if (p.phase === 'checking' && p.total !== undefined) io.err(`  ${at} checking: ${p.records.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows (${Math.round((100 * p.records) / Math.max(1, p.total))} %)`);
          else if (p.phase === 'checking') io.err(`  ${at} checking ${p.records.toLocaleString('en-US')} rows…`);
          else if (p.total !== undefined && p.total > 0) io.err(`  ${at} writing: ${p.records.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} documents (${Math.round((100 * p.records) / p.total)} %), in one transaction`);
          else io.err(`  ${at} writing ${p.records.toLocaleString('en-US')} documents in one transaction…`);
        };
        const result = await importShopifyCsv(await open(), createReadStream(filePath, { encoding: 'utf8' }), { currency, updatedBy: 'admin-import', onProgress });
        if (!result.ok) {
          io.err(`Import rejected: ${result.errors.length} problem(s); nothing was written.`);
          for (const e of result.errors) {
            const where = e.line !== e.row ? `row ${e.row} (line ${e.line})` : `row ${e.row}`;
            io.err(`  ${where}${e.column ? `, ${e.column}` : ''}: ${e.reason}`);
          }
          return 1;
        }
        io.out(
          `Imported ${result.products} product(s) with ${result.variants} variant(s) from ${file}:\n` +
            `  created   ${result.created.products} products, ${result.created.variants} variants (${result.inventoryCreated} inventory rows at 0)\n` +
            `  updated   ${result.updated.products} products, ${result.updated.variants} variants\n` +
            `  unchanged ${result.unchanged.products} products, ${result.unchanged.variants} variants\n` +
            `  removed   ${result.removedVariants} variants no longer in the file`,
        );
        return 0;
      }
      case 'seed': {
        const variants = positiveInt('variants', values.variants, 10_000);
        const seed = positiveInt('seed', values.seed, 42);
        const stores = positiveInt('stores', values.stores, MAX_DEMO_STORES);
        if (stores < 1 || stores > MAX_DEMO_STORES) throw new UsageError(`--stores must be 1…${MAX_DEMO_STORES}`);
        if (variants < 1) throw new UsageError('--variants must be at least 1');
        const d = await open();
        let lastShown = 0;
        const seedStarted = performance.now();
        const report = await seedDemo(d, {
          variants,
          seed,
          stores,
          force: values.force ?? false,
          onProgress: ({ variants: done, total }) => {
            if (done - lastShown >= total / 20 || done === total) {
              lastShown = done;
              const elapsed = (performance.now() - seedStarted) / 1000;
              const left = done < total ? `, about ${duration((elapsed * (total - done)) / done)} left` : '';
              io.err(`  seeded ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} variants (${Math.round((100 * done) / total)} %) in ${duration(elapsed)}${left}`);
            }
          },
        });
        if (report.skipped) {
          io.out('The database is already seeded; nothing done. Use --force to seed again.');
          return 0;
        }
        io.out(
          `Seeded demo retailer (seed ${report.seed}) in ${(report.ms / 1000).toFixed(1)} s: ${report.stores} stores, ${report.staff} staff, ` +
            `${report.products} products, ${report.variants} variants, ${report.inventory} inventory rows.\n` +
            'Sign in: staff N001 (manager) PIN 135790, N002–N006 (associates) PIN 246810, where N is the store number.',
        );
        return 0;
      }
      case 'set-price': {
        if (!values.sku || values.price === undefined) throw new UsageError('set-price needs --sku <sku> and --price <decimal>');
        const change = await setVariantPrice(await open(), values.sku, values.price);
        io.out(`${change.sku} (${change.variantId}): ${formatMoney(change.previous)} → ${formatMoney(change.price)}`);
        return 0;
      }
      case 'channel-key': {
        const channel = values.channel;
        if (!isChannel(channel)) throw new UsageError(`channel-key needs --channel web, app or store${channel ? `, got "${channel}"` : ''}`);
        const { id, key } = await createChannelKey(await open(), channel);
        io.out(`API key for the ${channel} channel (${id}). It is shown only this once; store it in the ${channel} shop's secrets:\n\n    ${key}\n\nSend it as the x-aisle-channel-key header of POST /api/v1/orders.`);
        return 0;
      }
      case 'outbox-failures': {
        const rows = await listOutboxFailures(await open());
        if (rows.length === 0) io.out('No failed or retrying customer messages.');
        else
          io.out(
            table([
              ['ID', 'PICKUP', 'KIND', 'TO', 'STATUS', 'ATTEMPTS', 'NEXT ATTEMPT', 'LAST ERROR'],
              ...rows.map((r) => [String(r.id), r.pickupId, r.kind, r.recipient, r.status, String(r.attempts), r.nextAttemptAt, r.lastError ?? '']),
            ]),
          );
        return 0;
      }
      case 'reset-pin': {
        if (!values.staff) throw new UsageError('reset-pin needs --staff <staff id or staff number>');
        const d = await open();
        const found = await d.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND NOT deleted AND (id = $1 OR data->>'staffNumber' = $1) ORDER BY id`, [values.staff]);
        if (found.rows.length !== 1 || !found.rows[0]) throw new AisleError('NOT_FOUND', found.rows.length === 0 ? `no staff member ${values.staff}` : `${values.staff} matches several staff members; use the staff id`);
        const pin = values.pin ?? randomPin();
        const next = await resetStaffPin(d, found.rows[0].id, { pin }, 'admin');
        io.out(`${next.name} (${next.id}, store ${next.storeId}): PIN ${values.pin === undefined ? `set to ${pin} (shown only this once)` : 'changed'}; lockout cleared; PIN version ${next.pinVersion}.`);
        return 0;
      }
      case 'customer-erase': {
        if (!values.customer) throw new UsageError('customer-erase needs --customer <id, loyalty card or e-mail>');
        const r = await eraseCommand(await open(), values.customer, values.yes ?? false, new Date());
        (r.needsConfirmation ? io.err : io.out)(r.lines.join('\n'));
        return r.needsConfirmation ? 2 : 0;
      }
      case 'customer-export': {
        if (!values.customer) throw new UsageError('customer-export needs --customer <id, loyalty card or e-mail>');
        io.out(await exportCommand(await open(), values.customer, new Date()));
        return 0;
      }
      case 'customer-merge': {
        if (!values.into || !values.from) throw new UsageError('customer-merge needs --into <customer kept> and --from <duplicate>');
        io.out(await mergeCommand(await open(), values.into, values.from, new Date()));
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nRun with --help for usage.`);
      return 2;
    }
    if (err instanceof AisleError) {
      io.err(`Error (${err.code}): ${err.message}`);
      return 1;
    }
    io.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
    if (!databaseUrl && !given && db === undefined) io.err(`(could not open the PGlite data folder ${dataDir}; is the server or another admin command using it?)`);
    return 1;
  } finally {
    if (db) await db.close();
  }
}

// Run only when executed directly (npm run admin), not when imported by tests.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAdmin(process.argv.slice(2));
}
