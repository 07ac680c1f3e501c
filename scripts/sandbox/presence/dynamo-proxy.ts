/**
 * A thin front for dynalite with the emulators' journal, latency and outage faults, so tests and
 * the benchmark count presence reads and pay a DynamoDB-like service time (dynalite answers in
 * well under a millisecond on loopback; DynamoDB in-Region takes a few).
 */
import http from 'node:http';
import { startEmulatorServer, type BaseFaults, type EmulatorServer } from '../emulator-server';

const agent = new http.Agent({ keepAlive: true });

function forward(
  target: URL,
  method: string,
  path: string,
  headers: http.IncomingHttpHeaders,
  body: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...headers, host: target.host },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const keep: Record<string, string> = {};
          for (const k of ['content-type', 'x-amzn-requestid', 'x-amz-crc32']) {
            const v = res.headers[k];
            if (typeof v === 'string') keep[k] = v;
          }
          resolve({
            status: res.statusCode ?? 500,
            headers: keep,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function startDynamoProxy(dynaliteUrl: string): Promise<EmulatorServer<BaseFaults>> {
  const target = new URL(dynaliteUrl);
  return startEmulatorServer<BaseFaults>({
    handle: async (req) => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '') || undefined;
      const out = await forward(target, req.method, req.url.pathname + req.url.search, req.headers, req.body);
      return { status: out.status, headers: out.headers, body: out.body, operation };
    },
  });
}
