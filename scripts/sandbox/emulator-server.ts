/**
 * What the local org emulator and the Connect emulator share: a loopback HTTP server with a request
 * journal, injectable latency and outages, and an admin API under `/__sandbox/` so tests and the
 * benchmark can count round trips and inject faults from another process.
 *
 *   GET    /__sandbox/journal   → { requests: JournalEntry[] }
 *   DELETE /__sandbox/journal   → clears it
 *   GET    /__sandbox/faults    → current fault settings
 *   POST   /__sandbox/faults    → merges a JSON object into the fault settings
 *   DELETE /__sandbox/faults    → clears all faults
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the emulator received. `/__sandbox/` requests are never journaled. */
export interface JournalEntry {
  /** When the response went out (or the connection was reset). */
  at: string;
  /** When the request arrived; with `at`, shows which requests overlapped. */
  receivedAt: string;
  method: string;
  path: string;
  status: number;
  /** Emulator-specific label, e.g. the SOQL object or the Connect operation. */
  operation?: string;
}

/** Faults every emulator understands; emulators add their own keys. */
export interface BaseFaults {
  /**
   * How long the service takes to answer, measured from the request's arrival: the emulator's own
   * processing happens inside this time, as a real service's does inside its response time.
   */
  latencyMs?: number;
  /** The service is down: connections are reset without an answer. */
  down?: boolean;
  /** The service hangs: requests are accepted and never answered. */
  hang?: boolean;
}

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Label for the journal. */
  operation?: string;
}

export type EmulatorHandler<F extends BaseFaults> = (
  req: EmulatorRequest,
  faults: F,
) => EmulatorResponse | Promise<EmulatorResponse>;

export interface EmulatorServer<F extends BaseFaults> {
  url: string;
  port: number;
  faults: F;
  journal: JournalEntry[];
  setFaults(patch: Partial<F>): void;
  clearFaults(): void;
  clearJournal(): void;
  close(): Promise<void>;
}

/**
 * Waits until a `performance.now()` instant. Timers alone fire up to a millisecond late, which
 * would be charged to the client in a benchmark; the last millisecond is polled instead.
 */
export async function sleepUntil(deadline: number): Promise<void> {
  const coarse = deadline - performance.now() - 1;
  if (coarse > 0) await new Promise((r) => setTimeout(r, coarse));
  while (performance.now() < deadline) await new Promise((r) => setImmediate(r));
}

/** Keeps the journal bounded so a long soak cannot grow memory without limit. */
const JOURNAL_LIMIT = 50_000;

export async function startEmulatorServer<F extends BaseFaults>(options: {
  port?: number;
  initialFaults?: F;
  handle: EmulatorHandler<F>;
  /** Emulator-specific admin routes under `/__sandbox/`; undefined = not one of them. */
  admin?: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse> | undefined;
}): Promise<EmulatorServer<F>> {
  const journal: JournalEntry[] = [];
  let faults = { ...(options.initialFaults ?? {}) } as F;
  const hanging = new Set<http.ServerResponse>();

  const record = (entry: JournalEntry): void => {
    if (journal.length >= JOURNAL_LIMIT) journal.splice(0, journal.length - JOURNAL_LIMIT + 1);
    journal.push(entry);
  };

  const send = (res: http.ServerResponse, out: EmulatorResponse): void => {
    const isJson = out.body !== undefined && typeof out.body !== 'string';
    const payload = out.body === undefined ? '' : isJson ? JSON.stringify(out.body) : String(out.body);
    res.writeHead(out.status, {
      ...(isJson ? { 'content-type': 'application/json;charset=UTF-8' } : {}),
      ...out.headers,
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  };

  const admin = (req: EmulatorRequest): EmulatorResponse => {
    const what = req.url.pathname.replace(/^\/__sandbox\//, '');
    if (what === 'journal' && req.method === 'GET') return { status: 200, body: { requests: journal } };
    if (what === 'journal' && req.method === 'DELETE') {
      journal.length = 0;
      return { status: 204 };
    }
    if (what === 'faults' && req.method === 'GET') return { status: 200, body: faults };
    if (what === 'faults' && req.method === 'DELETE') {
      faults = {} as F;
      return { status: 200, body: faults };
    }
    if (what === 'faults' && req.method === 'POST') {
      try {
        const patch = JSON.parse(req.body || '{}') as Partial<F>;
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
          throw new Error('not an object');
        faults = { ...faults, ...patch };
        return { status: 200, body: faults };
      } catch (e) {
        return { status: 400, body: { message: `faults must be a JSON object: ${(e as Error).message}` } };
      }
    }
    return {
      status: 404,
      body: { message: `unknown sandbox admin route ${req.method} ${req.url.pathname}` },
    };
  };

  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    const receivedAt = new Date().toISOString();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const request: EmulatorRequest = {
          method: req.method ?? 'GET',
          url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        if (url.pathname.startsWith('/__sandbox/')) {
          const own = await options.admin?.(request);
          return send(res, own ?? admin(request));
        }

        const current = faults;
        if (current.down) {
          record({
            at: new Date().toISOString(),
            receivedAt,
            method: request.method,
            path: url.pathname + url.search,
            status: 0,
            operation: 'down',
          });
          req.socket.destroy();
          return;
        }
        if (current.hang) {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        let out: EmulatorResponse;
        try {
          out = await options.handle(request, current);
        } catch (e) {
          out = {
            status: 500,
            body: [{ message: `sandbox error: ${(e as Error).message}`, errorCode: 'UNKNOWN_EXCEPTION' }],
          };
        }
        if (current.latencyMs && current.latencyMs > 0) await sleepUntil(arrived + current.latencyMs);
        record({
          at: new Date().toISOString(),
          receivedAt,
          method: request.method,
          path: url.pathname + url.search,
          status: out.status,
          operation: out.operation,
        });
        if (!res.destroyed) send(res, out);
      })();
    });
  });
  // Keep-alive sockets would hold `close()` open; the SDKs reconnect cheaply on loopback.
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get faults() {
      return faults;
    },
    journal,
    setFaults(patch) {
      faults = { ...faults, ...patch };
    },
    clearFaults() {
      faults = {} as F;
    },
    clearJournal() {
      journal.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
