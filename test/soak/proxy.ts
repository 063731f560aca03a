/**
 * The soak's fault proxy: a TCP proxy on loopback between one device and the catalog server. Each device talks
 * to its own proxy, so a fault hits one device (or all of them, when the soak says so). Faults are made at the
 * connection level, as a shop's network makes them:
 *
 * - delay: every chunk in either direction waits `ms` before it is forwarded (a slow or congested link);
 * - cut: every open connection is dropped and new ones are closed as soon as they arrive, until heal();
 * - reset: every open connection is reset (TCP RST) — mid-request, mid-response or mid-stream.
 *
 * It knows nothing about HTTP: a push whose response is cut after the server committed it is just bytes lost.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyStats {
  connections: number;
  resets: number;
  cuts: number;
  delays: number;
}

export class FaultProxy {
  readonly stats: ProxyStats = { connections: 0, resets: 0, cuts: 0, delays: 0 };
  private server: Server | null = null;
  private readonly open = new Set<{ client: Socket; upstream: Socket }>();
  private delayMs = 0;
  private down = false;
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  /** Cut (until heal()): a device behind it cannot reach the server. */
  get isDown(): boolean {
    return this.down;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    this.stats.connections++;
    client.setNoDelay(true);
    const upstream = connect({ port: this.targetPort, host: this.targetHost });
    upstream.setNoDelay(true);
    const pair = { client, upstream };
    this.open.add(pair);
    const end = (): void => {
      this.open.delete(pair);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /** Forwards from → to, through the current delay; order is kept (one queue per direction). */
  private pipe(from: Socket, to: Socket): void {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      const wait = this.delayMs;
      if (wait === 0) {
        chain = chain.then(() => {
          if (!to.destroyed) to.write(chunk);
        });
        return;
      }
      from.pause();
      chain = chain
        .then(() => new Promise<void>((r) => setTimeout(r, wait)))
        .then(() => {
          if (!to.destroyed) to.write(chunk);
          from.resume();
        });
    });
    from.on('end', () => {
      chain = chain.then(() => {
        if (!to.destroyed) to.end();
      });
    });
  }

  delay(ms: number): void {
    this.stats.delays++;
    this.delayMs = ms;
  }

  /** Resets every open connection now (the peers see ECONNRESET). */
  reset(): void {
    this.stats.resets++;
    for (const { client, upstream } of this.open) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.open.clear();
  }

  /** Drops the link: open connections are reset, new ones refused until heal(). */
  cut(): void {
    this.stats.cuts++;
    this.down = true;
    for (const { client, upstream } of this.open) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.open.clear();
  }

  heal(): void {
    this.down = false;
    this.delayMs = 0;
  }

  async close(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
