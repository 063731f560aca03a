/**
 * `npm run bench:kdf`: what one guess costs an attacker who copied a device, and what one sign-in costs the device.
 * Times one staff-PIN key derivation (shared/staff.ts PIN_KDF) with @noble/hashes (what the counter runs, in V8)
 * and with node's native scrypt (OpenSSL: a fair stand-in for an attacker's optimised CPU code), 3 runs each after a
 * warm-up, and turns the native median into the attacker's cost for a 6-digit PIN space on one core:
 * expected (half the space) and worst case (all of it).
 *
 * Writes test/bench/results/kdf.json and prints a table. Note the machine's load average with the figures: on a
 * shared machine every figure is slower than on an idle core, which flatters the attacker cost; see
 * docs/architecture.md ("Security") for the figures on an idle core taken from the same script.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { derivePinKey, PIN_KDF, type PinKdf } from '../../shared/staff';
import { derivePinKeyNode } from '../../server/staff/pins';
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_KDF, PICKUP_CODE_LENGTH, pickupCodeKeys } from '../../shared/pickup/codes';
import { pickupCodeKeysNode } from '../../server/orders/codeKeys';

interface Row {
  what: string;
  implementation: 'noble' | 'native';
  logN: number;
  r: number;
  memoryMiB: number;
  /** CPU ms per run (what a core spends). */
  runsMs: number[];
  wallMs: number[];
  medianMs: number;
  spreadMs: number;
}

const SALT = '00112233445566778899aabbccddeeff';
const PIN_SPACE = 10 ** 6;

/**
 * CPU time (user + system, all threads of this process), not wall time: on a shared machine the wall clock counts
 * the time other processes held the core, the CPU clock counts what one evaluation costs a core. Both are recorded.
 */
async function time(fn: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(c);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - t };
}

async function measure(what: string, implementation: Row['implementation'], kdf: PinKdf | 'code'): Promise<Row> {
  let codeNo = 0;
  // Codes differ per run: the server's key cache must not answer.
  const code = (): string => `K7M2P9QX${String(codeNo++).padStart(2, '0')}`;
  const run =
    kdf === 'code'
      ? implementation === 'noble'
        ? () => pickupCodeKeys(code(), 'store-001')
        : () => pickupCodeKeysNode(code(), 'store-001')
      : implementation === 'noble'
        ? () => derivePinKey('246810', SALT, kdf)
        : () => derivePinKeyNode('246810', SALT, kdf);
  const params = kdf === 'code' ? PICKUP_CODE_KDF : kdf;
  await run();
  const runsMs: number[] = [];
  const wallMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = await time(run);
    runsMs.push(Math.round(t.cpuMs));
    wallMs.push(Math.round(t.wallMs));
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { what, implementation, logN: params.logN, r: params.r, memoryMiB: (128 * params.r * 2 ** params.logN) / 2 ** 20, runsMs, wallMs, medianMs: sorted[1] ?? 0, spreadMs: (sorted[2] ?? 0) - (sorted[0] ?? 0) };
}

const rows: Row[] = [];
rows.push(await measure('staff PIN key (PIN_KDF)', 'noble', PIN_KDF));
rows.push(await measure('staff PIN key (PIN_KDF)', 'native', PIN_KDF));
rows.push(await measure('kiosk code keys (scan)', 'noble', 'code'));
rows.push(await measure('kiosk code keys (scan)', 'native', 'code'));

const native = rows.find((r) => r.implementation === 'native' && r.what.startsWith('staff'));
const perGuessS = (native?.medianMs ?? 0) / 1000;
const attacker = {
  pinSpace: PIN_SPACE,
  perGuessSeconds: perGuessS,
  expectedCoreDays: (perGuessS * PIN_SPACE) / 2 / 86_400,
  worstCaseCoreDays: (perGuessS * PIN_SPACE) / 86_400,
};

const codeNative = rows.find((r) => r.implementation === 'native' && r.what.startsWith('kiosk'));
const codeSpaceLog2 = PICKUP_CODE_LENGTH * Math.log2(PICKUP_CODE_ALPHABET.length);
const kioskAttacker = { codeSpaceBits: codeSpaceLog2, perGuessSeconds: (codeNative?.medianMs ?? 0) / 1000, expectedCoreYearsPerStore: (2 ** (codeSpaceLog2 - 1) * ((codeNative?.medianMs ?? 0) / 1000)) / (365 * 86_400) };

console.log(`load average (1/5/15 min): ${loadavg().map((l) => l.toFixed(1)).join(' / ')} on this machine`);
console.log('what                         impl    N      r  MiB   CPU ms per run       median  spread  (wall ms per run)');
for (const r of rows) {
  console.log(`${r.what.padEnd(28)} ${r.implementation.padEnd(7)} 2^${String(r.logN).padEnd(4)} ${String(r.r).padEnd(2)} ${String(r.memoryMiB).padEnd(5)} ${r.runsMs.join(', ').padEnd(20)} ${String(r.medianMs).padStart(6)}  ${String(r.spreadMs).padStart(6)}  (${r.wallMs.join(', ')})`);
}
console.log(`attacker with the device secret too, one core, 10^6 PINs: ${attacker.expectedCoreDays.toFixed(2)} core-days expected, ${attacker.worstCaseCoreDays.toFixed(2)} worst case`);
console.log(`kiosk database copied: one store's codes (${codeSpaceLog2.toFixed(1)} bits) cost ${kioskAttacker.expectedCoreYearsPerStore.toExponential(2)} core-years expected`);
console.log('attacker with the copied database only: no offline test at all (the device verifier is an HMAC under a 256-bit key held by the OS keychain)');

const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'kdf.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), loadAverage: loadavg(), rows, attacker, kioskAttacker }, null, 2)}\n`);
