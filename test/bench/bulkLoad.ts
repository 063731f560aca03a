/**
 * Times the demo seed and the Shopify CSV import through the admin CLI, as an operator runs them, on a throwaway
 * PostgreSQL (or the server of ADMIN_URL, a database created per run), and prints a table and writes JSON:
 *
 *   npx tsx test/bench/bulkLoad.ts --variants 100000 --stores 10 [--runs 1] [--trees before=/tmp/old,after=.]
 *       [--what seed,import] [--out test/bench/results/bulk-load-100000.json]
 *
 * `--trees` runs the same steps with other checkouts of the repository (e.g. `git archive <commit> | tar -x -C
 * /tmp/old`, with node_modules linked), alternating run by run, so a before/after comparison shares the machine's
 * load. Per step: wall time, the admin process's CPU time (user + system, from /usr/bin/time), PostgreSQL's CPU time
 * (the cluster's processes, reaped backends included, from /proc) and the load average. The CPU figures do not depend
 * on the machine's load the way the wall time does. The import reads a file written by test/bench/shopifyCsv.ts
 * (made first if missing) into a database that has the seeded stores (so every new variant gets zero stock at each).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startThrowawayPostgres } from '../support/postgresCluster';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '100000' },
    stores: { type: 'string', default: '10' },
    runs: { type: 'string', default: '1' },
    trees: { type: 'string', default: 'current=.' },
    what: { type: 'string', default: 'seed,import' },
    out: { type: 'string' },
  },
});
const VARIANTS = Number(values.variants);
const STORES = Number(values.stores);
const RUNS = Number(values.runs);
const TREES = values.trees.split(',').map((t) => {
  const [name, dir] = t.split('=');
  return { name: name ?? t, dir: path.resolve(dir ?? t) };
});
const WHAT = values.what.split(',');
const CSV = `/tmp/shopify-${VARIANTS}.csv`;

/** CPU seconds of every process of the cluster listening on `port`: the postmaster holds its reaped backends' time. */
function clusterCpu(port: number): number {
  const ticks = 100;
  const stat = (pid: string): number[] => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').map(Number);
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  let master: string | undefined;
  for (const p of pids) {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('/postgres') && argv[argv.indexOf('-p') + 1] === String(port)) master = p;
    } catch {
      // gone
    }
  }
  if (!master) return Number.NaN;
  let total = 0;
  for (const p of pids) {
    try {
      const s = stat(p);
      // fields after "(comm) ": [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime
      if (p === master || String(s[1]) === master) total += (s[11] ?? 0) + (s[12] ?? 0) + (s[13] ?? 0) + (s[14] ?? 0);
    } catch {
      // gone
    }
  }
  return total / ticks;
}

interface Step {
  tree: string;
  run: number;
  step: string;
  wallS: number;
  adminCpuS: number;
  postgresCpuS: number;
  load: [number, number];
  lines: string[];
}

async function admin(dir: string, args: string[]): Promise<{ wallS: number; cpuS: number; out: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, '--import', 'tsx', 'server/admin.ts', ...args], { cwd: dir });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
      process.stderr.write(b);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(out);
      if (code !== 0) reject(new Error(`admin ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`));
      else resolve({ wallS: (performance.now() - started) / 1000, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN, out });
    });
  });
}

async function main(): Promise<void> {
  if (WHAT.includes('import') && !existsSync(CSV)) execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/shopifyCsv.ts', '--variants', String(VARIANTS), '--out', CSV], { stdio: 'inherit' });
  const cluster = await startThrowawayPostgres();
  if (cluster.adminUrl === null) throw new Error(cluster.skipReason);
  const adminUrl = new URL(cluster.adminUrl);
  const port = Number(adminUrl.port);
  const steps: Step[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const tree of run % 2 === 1 ? TREES : [...TREES].reverse()) {
        const name = `bulk_${tree.name.replace(/\W/g, '')}_${run}`;
        const client = new pg.Client({ connectionString: cluster.adminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        await client.query(`CREATE DATABASE ${name}`);
        await client.end();
        const url = new URL(cluster.adminUrl);
        url.pathname = `/${name}`;
        const measure = async (step: string, args: string[]): Promise<void> => {
          process.stderr.write(`\n== ${tree.name}, run ${run}: ${step}\n`);
          const load0 = loadavg()[0] ?? 0;
          const pg0 = clusterCpu(port);
          const r = await admin(tree.dir, [...args, '--database-url', url.toString()]);
          steps.push({ tree: tree.name, run, step, wallS: r.wallS, adminCpuS: r.cpuS, postgresCpuS: clusterCpu(port) - pg0, load: [load0, loadavg()[0] ?? 0], lines: r.out.split('\n').filter((l) => /Seeded|Imported|created|\[/.test(l)).slice(-40) });
        };
        if (WHAT.includes('seed')) await measure(`seed ${VARIANTS} × ${STORES} stores`, ['seed', '--variants', String(VARIANTS), '--stores', String(STORES)]);
        if (WHAT.includes('import')) {
          // Into its own database with the stores only (for the new variants' zero stock), as a first import.
          const importDb = `${name}_import`;
          const c2 = new pg.Client({ connectionString: cluster.adminUrl });
          await c2.connect();
          await c2.query(`DROP DATABASE IF EXISTS ${importDb}`);
          await c2.query(`CREATE DATABASE ${importDb}`);
          await c2.end();
          const iu = new URL(cluster.adminUrl);
          iu.pathname = `/${importDb}`;
          await admin(tree.dir, ['seed', '--variants', '1', '--stores', String(STORES), '--database-url', iu.toString()]);
          // Keep the stores and staff, not the one demo variant (its SKU and barcode are in the file too).
          const c3 = new pg.Client({ connectionString: iu.toString() });
          await c3.connect();
          await c3.query(`DELETE FROM docs WHERE collection IN ('products', 'variants', 'inventory')`);
          await c3.end();
          const load0 = loadavg()[0] ?? 0;
          const pg0 = clusterCpu(port);
          process.stderr.write(`\n== ${tree.name}, run ${run}: import\n`);
          const r = await admin(tree.dir, ['import', CSV, '--database-url', iu.toString()]);
          steps.push({ tree: tree.name, run, step: `import ${VARIANTS} rows, ${STORES} stores`, wallS: r.wallS, adminCpuS: r.cpuS, postgresCpuS: clusterCpu(port) - pg0, load: [load0, loadavg()[0] ?? 0], lines: r.out.split('\n').filter((l) => /\[|Imported|created/.test(l) && !/reading: [1-9]/.test(l)) });
        }
      }
    }
  } finally {
    cluster.stop();
  }
  const r1 = (n: number): string => n.toFixed(1);
  console.log('\n| tree | run | step | wall s | admin CPU s | PostgreSQL CPU s | load |\n| --- | ---: | --- | ---: | ---: | ---: | --- |');
  for (const s of steps) console.log(`| ${s.tree} | ${s.run} | ${s.step} | ${r1(s.wallS)} | ${r1(s.adminCpuS)} | ${r1(s.postgresCpuS)} | ${r1(s.load[0])}→${r1(s.load[1])} |`);
  const out = values.out ?? `test/bench/results/bulk-load-${VARIANTS}.json`;
  writeFileSync(out, JSON.stringify({ variants: VARIANTS, stores: STORES, runs: RUNS, trees: TREES, steps }, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}

await main();
