/**
 * The HTTP layer jsforce runs on in the Lambda: one request per call, aborted with the
 * invocation's signal, nothing logged. Against a plain HTTP server on 127.0.0.1.
 */
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger as JsforceLogger } from 'jsforce/lib/util/logger';
import {
  AbortableTransport,
  runWithSignal,
  sendRequest,
  silenceJsforceLogging,
} from '../../../lambdas/src/salesforce/transport';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base = '';
const seen: Seen[] = [];
/** Requests the server holds open until the client goes away. */
const held = new Set<http.ServerResponse>();
let onHeld: () => void = () => undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (req.url === '/cut') {
        // Headers and half a body, then the connection goes.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"half":');
        setImmediate(() => res.destroy());
        return;
      }
      if (req.url === '/hold') {
        held.add(res);
        res.on('close', () => held.delete(res));
        onHeld();
        return;
      }
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-Answer', 'forty-two');
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'Content-Type': 'application/json' });
      res.write('{"greeting":');
      res.end('"héllo"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
});

const heldRequest = (): Promise<void> => new Promise((r) => (onHeld = r));

describe('sendRequest', () => {
  it('sends one request with its method, headers and body, and reads the whole answer', async () => {
    // Act
    const res = await sendRequest(
      { method: 'POST', url: `${base}/token?x=1`, headers: { 'x-client': 'lambda' }, body: 'a=b' },
      new AbortController().signal,
    );

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"greeting":"héllo"}');
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'x-answer': 'forty-two',
      'set-cookie': 'a=1, b=2',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/token?x=1', body: 'a=b' });
    expect(seen[0]?.headers['x-client']).toBe('lambda');
  });

  it('passes an error status through for jsforce to read', async () => {
    const res = await sendRequest({ method: 'GET', url: `${base}/missing` }, new AbortController().signal);
    expect(res.statusCode).toBe(404);
  });

  it('sends nothing on a signal that is already aborted', async () => {
    // Prepare
    const abort = new AbortController();
    abort.abort(new Error('invocation over'));

    // Act / Assess
    expect(() => sendRequest({ method: 'GET', url: `${base}/x` }, abort.signal)).toThrow('invocation over');
    await new Promise((r) => setImmediate(r));
    expect(seen).toHaveLength(0);
  });

  it('refuses a body that is not a string', async () => {
    await expect(
      sendRequest(
        { method: 'POST', url: `${base}/x`, body: Buffer.from('x') as unknown as string },
        new AbortController().signal,
      ),
    ).rejects.toThrow('only string request bodies are sent by this Lambda');
  });

  it('sends a null body as no body', async () => {
    // Act
    const res = await sendRequest(
      { method: 'GET', url: `${base}/null-body`, body: null as unknown as string },
      new AbortController().signal,
    );

    // Assess
    expect(res.statusCode).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: '/null-body', body: '' });
  });

  it('rejects when the connection goes in the middle of the answer', async () => {
    await expect(
      sendRequest({ method: 'GET', url: `${base}/cut` }, new AbortController().signal),
    ).rejects.toThrow();
  });

  it('leaves no listener of its own on a signal that aborted it', async () => {
    // Prepare
    const abort = new AbortController();
    const arrived = heldRequest();
    const pending = sendRequest({ method: 'GET', url: `${base}/hold` }, abort.signal).catch(() => undefined);
    await arrived;

    // Act
    abort.abort(new Error('over'));
    await pending;
    await new Promise((r) => setImmediate(r));

    // Assess
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('aborts the request itself with the signal’s reason', async () => {
    // Prepare
    const abort = new AbortController();
    const arrived = heldRequest();
    const pending = sendRequest({ method: 'GET', url: `${base}/hold` }, abort.signal);
    await arrived;
    const reason = new Error('the invocation has answered');

    // Act
    abort.abort(reason);

    // Assess: the caller gets the reason, and the server sees the connection go
    await expect(pending).rejects.toBe(reason);
    await new Promise<void>((r) => {
      const check = (): void => (held.size === 0 ? r() : void setImmediate(check));
      check();
    });
    expect(held.size).toBe(0);
  });

  it.each(['http', 'https'])('reports a connection error over %s', async (scheme) => {
    await expect(
      sendRequest({ method: 'GET', url: `${scheme}://127.0.0.1:9/` }, new AbortController().signal),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stops listening on the signal once answered', async () => {
    // Prepare
    const abort = new AbortController();
    const added = jest.spyOn(abort.signal, 'addEventListener');
    const removed = jest.spyOn(abort.signal, 'removeEventListener');

    // Act
    await sendRequest({ method: 'GET', url: `${base}/x` }, abort.signal);

    // Assess: the listener it added is the one it removed (a long-lived signal does not grow)
    const mine = added.mock.calls.filter((c) => c[0] === 'abort').map((c) => c[1]);
    const gone = removed.mock.calls.filter((c) => c[0] === 'abort').map((c) => c[1]);
    expect(mine.length).toBeGreaterThan(0);
    expect(gone).toEqual(expect.arrayContaining([mine[0]]));
  });
});

describe('AbortableTransport', () => {
  it('runs each request on the signal of the invocation that made it', async () => {
    // Prepare
    const transport = new AbortableTransport(60_000);
    const abort = new AbortController();
    const arrived = heldRequest();

    // Act
    const pending = runWithSignal(abort.signal, () =>
      Promise.resolve(transport.httpRequest({ method: 'GET', url: `${base}/hold` })),
    );
    await arrived;
    abort.abort(new Error('ended'));

    // Assess
    await expect(pending).rejects.toThrow('ended');
  });

  it('bounds a request made outside any invocation by its fallback timeout', async () => {
    // Prepare
    const transport = new AbortableTransport(50);

    // Act
    const pending = Promise.resolve(transport.httpRequest({ method: 'GET', url: `${base}/hold` }));

    // Assess
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('answers a request outside any invocation like any other', async () => {
    const res = await new AbortableTransport(60_000).httpRequest({ method: 'GET', url: `${base}/x` });
    expect(res.body).toBe('{"greeting":"héllo"}');
  });
});

describe('silenceJsforceLogging', () => {
  it('keeps jsforce from logging at any level', () => {
    // Prepare
    const write = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    silenceJsforceLogging();
    const logger = new JsforceLogger('test', 'DEBUG');

    // Act
    logger.debug('SELECT Id FROM VoiceCall WHERE FromPhoneNumber = +14155550101');
    logger.error('boom');

    // Assess
    expect([write, info, debug, error].map((s) => s.mock.calls.length)).toEqual([0, 0, 0, 0]);
    jest.restoreAllMocks();
  });
});
