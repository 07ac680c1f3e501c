/**
 * jsforce's HTTP layer, replaced so that every Salesforce request belongs to the invocation that
 * made it. jsforce's own transport makes its own AbortController (no caller signal), retries with
 * back-off and logs request URLs (with the SOQL, so with raw phone numbers) at DEBUG; none of that
 * suits a caller waiting on the line. This one sends exactly one HTTP request per call, aborted by
 * the signal of the invocation it runs in, and logs nothing.
 *
 * jsforce gives no way to pass a signal through `conn.query`, so the signal travels in an
 * `AsyncLocalStorage` that `SalesforceSession` sets around each call (`runWithSignal`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { Transport } from 'jsforce/lib/transport';
import type { HttpRequest, HttpResponse } from 'jsforce/lib/types';
import { Logger as JsforceLogger } from 'jsforce/lib/util/logger';
import { StreamPromise } from 'jsforce/lib/util/promise';

const invocationSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` so that every Salesforce request it makes is aborted with `signal`. */
export function runWithSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return invocationSignal.run(signal, fn);
}

/**
 * jsforce's logger, pinned off for good: its level comes from `JSFORCE_LOG_LEVEL` and, at DEBUG,
 * it prints SOQL (raw phone numbers) and bodies. No environment setting may turn that on here.
 */
export function silenceJsforceLogging(): void {
  JsforceLogger.prototype.log = function silenced(): void {};
}
silenceJsforceLogging();

/** Sends one HTTP request for jsforce and the token grant; `sendRequest` on the wire. */
export type SendRequest = (req: HttpRequest, signal: AbortSignal) => Promise<HttpResponse>;

/** One request: a single attempt, aborted with the signal, body read whole. */
export function sendRequest(req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  signal.throwIfAborted();
  if (req.body !== undefined && req.body !== null && typeof req.body !== 'string')
    return Promise.reject(new TypeError('only string request bodies are sent by this Lambda'));
  const url = new URL(req.url);
  // node:http rather than fetch: a fifth of the CPU per request, which a busy container feels.
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<HttpResponse>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle =
      <T>(fn: (v: T) => void) =>
      (v: T) => {
        signal.removeEventListener('abort', onAbort);
        fn(v);
      };
    const request = transport.request(url, { method: req.method, headers: req.headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', settle(reject));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined)
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        settle(resolve)({
          statusCode: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.on('error', settle(reject));
    request.end(req.body ?? undefined);
  });
}

/**
 * The transport `SalesforceSession` installs on its connection. Outside `runWithSignal` (never on
 * the lookup's path) a request is still bounded, by `fallbackTimeoutMs`.
 */
export class AbortableTransport extends Transport {
  public constructor(
    private readonly fallbackTimeoutMs: number,
    private readonly send: SendRequest = sendRequest,
  ) {
    super();
  }

  public override httpRequest(req: HttpRequest): StreamPromise<HttpResponse> {
    return StreamPromise.create(() => {
      const signal = invocationSignal.getStore() ?? AbortSignal.timeout(this.fallbackTimeoutMs);
      // jsforce pipes its lazy stream through this one; the body is read from the promise.
      return { stream: new PassThrough(), promise: this.send(req, signal) };
    });
  }
}
