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

type Forwarded = Awaited<ReturnType<typeof forward>>;

const CONDITION_FAILED = /#ConditionalCheckFailedException$/;
/** Writes that may ask for the stored item with their condition failure. */
const ITEM_KEY_OF: Record<string, (input: Record<string, unknown>) => unknown> = {
  PutItem: (input) => ({ pk: (input.Item as Record<string, unknown> | undefined)?.pk }),
  UpdateItem: (input) => input.Key,
  DeleteItem: (input) => input.Key,
};

/**
 * DynamoDB's `ReturnValuesOnConditionCheckFailure: ALL_OLD`, which dynalite ignores: the failure
 * carries the stored item. Read after the failure, which is what DynamoDB returns as long as no
 * other write comes between (the sandbox's tests do not race writes to one item). Key `pk`: the
 * only table the proxy fronts.
 */
async function withOldItem(
  target: URL,
  operation: string | undefined,
  req: { url: URL; headers: http.IncomingHttpHeaders; body: string },
  out: Forwarded,
): Promise<Forwarded> {
  const keyOf = operation ? ITEM_KEY_OF[operation] : undefined;
  if (!keyOf || out.status !== 400) return out;
  const input = JSON.parse(req.body) as Record<string, unknown>;
  const failure = JSON.parse(out.body) as { __type?: string };
  if (input.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD' || !CONDITION_FAILED.test(failure.__type ?? ''))
    return out;
  const get = JSON.stringify({ TableName: input.TableName, Key: keyOf(input), ConsistentRead: true });
  const headers = { ...req.headers, 'x-amz-target': 'DynamoDB_20120810.GetItem' };
  delete headers['content-length'];
  const stored = await forward(target, 'POST', req.url.pathname, headers, get);
  const item = stored.status === 200 ? (JSON.parse(stored.body) as { Item?: unknown }).Item : undefined;
  if (!item) return out;
  const body = JSON.stringify({ ...failure, Item: item });
  const { 'x-amz-crc32': _crc, ...rest } = out.headers;
  return { ...out, headers: rest, body };
}

export function startDynamoProxy(dynaliteUrl: string): Promise<EmulatorServer<BaseFaults>> {
  const target = new URL(dynaliteUrl);
  return startEmulatorServer<BaseFaults>({
    handle: async (req) => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '') || undefined;
      const out = await withOldItem(
        target,
        operation,
        req,
        await forward(target, req.method, req.url.pathname + req.url.search, req.headers, req.body),
      );
      return { status: out.status, headers: out.headers, body: out.body, operation };
    },
  });
}
