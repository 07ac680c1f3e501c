/**
 * The preview's static server and small API, on 127.0.0.1 only. It serves the built page, SLDS,
 * and answers the component's platform calls through the org emulator's REST API over a copy of
 * the sandbox sample org (see org.ts): the Apex method runs the controller's own queries
 * (prior-calls.ts), getRecord/updateRecord are the record GET/PATCH routes (same validation as the
 * sandbox), the status picklist comes from the object describe (generated from the package metadata).
 *
 *   npx tsx scripts/preview/server.ts [port]     (port 0 picks a free one)
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { soqlString } from '../../lambdas/src/salesforce/soql';
import { contactFlowEvent } from '../flows/contact-flow-event';
import type { ContactFlowEvent } from '../flows/simulate';
import { SANDBOX_INSTANCE_ARN, SANDBOX_SYSTEM_NUMBER, type OrgData } from '../sandbox/sample-data';
import { scvTelephonyLambda } from '../sandbox/scv-telephony';
import { SalesforceError } from '../sandbox/org/errors';
import { ApexError, getPriorCalls } from './prior-calls';
import { PREVIEW_DIR } from './build';
import { PreviewOrg } from './org';

const ROOT = resolve(__dirname, '..', '..');
const SLDS_ASSETS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};
/** A Salesforce error as the component sees it from Lightning Data Service. */
function sendSalesforceError(res: ServerResponse, e: unknown): void {
  if (!(e instanceof SalesforceError)) throw e;
  send(res, e.status, { message: e.message, errorCode: e.errorCode });
}

/** getRecord: the org emulator's retrieve, in UI API shape (fields VoiceCall lacks are left out). */
function sendRecord(res: ServerResponse, org: PreviewOrg, id: string, fieldList: string): void {
  try {
    const known = new Set(org.describeFields('VoiceCall').map((f) => f.name));
    const names = fieldList.split(',').filter((n) => known.has(n));
    const row = org.retrieve('VoiceCall', id, names.length ? names : ['Id']);
    const fields: Record<string, { value: unknown; displayValue: null }> = {};
    for (const name of names) fields[name] = { value: row[name] ?? null, displayValue: null };
    send(res, 200, { apiName: 'VoiceCall', id: row.Id, fields });
  } catch (e) {
    sendSalesforceError(res, e);
  }
}

/** updateRecord: the org emulator's PATCH, with its field, type, picklist and length checks. */
function sendRecordUpdate(
  res: ServerResponse,
  org: PreviewOrg,
  id: string,
  fields: Record<string, unknown>,
): void {
  try {
    org.update('VoiceCall', id, fields);
    send(res, 200, { id });
  } catch (e) {
    sendSalesforceError(res, e);
  }
}

/** getPicklistValues: the field's values from the object describe. */
function sendPicklistValues(
  res: ServerResponse,
  org: PreviewOrg,
  objectName: string,
  fieldName: string,
): void {
  try {
    const field = org.describeFields(objectName).find((f) => f.name === fieldName);
    const values = (field?.picklistValues ?? []).map(({ label, value }) => ({
      label,
      value,
      validFor: [],
      attributes: null,
    }));
    send(res, 200, { defaultValue: null, controllerValues: {}, values });
  } catch (e) {
    sendSalesforceError(res, e);
  }
}

/** A running preview server. */
export interface PreviewServer {
  url: string;
  server: Server;
  org: OrgData;
  close(): Promise<void>;
}

/** The fields the page's header shows. */
const CURRENT_CALL_FIELDS = ['Id', 'Name', 'FromPhoneNumber', 'QueueName'];

/**
 * The call ringing now for a caller: their open call (new or in progress), or a new inbound call
 * created the way production creates it: SCV's telephony Lambda (the sandbox's stand-in) asked to
 * `createVoiceCall` for a contact from that number.
 * @param org the preview's org
 * @param caller the caller's number
 * @returns the VoiceCall's header fields, read through the org's REST API
 */
export async function currentCallFor(org: PreviewOrg, caller: string): Promise<Record<string, unknown>> {
  const [ringing] = org.query(
    `SELECT Id FROM VoiceCall WHERE FromPhoneNumber = ${soqlString(caller)} AND CallDisposition IN ('new', 'in-progress') ORDER BY CallStartDateTime DESC LIMIT 1`,
  ).records;
  const id =
    (ringing?.Id as string | undefined) ??
    (await scvTelephonyLambda(org.data)(ringEvent(caller))).voiceCallId;
  return org.retrieve('VoiceCall', String(id), CURRENT_CALL_FIELDS);
}

/** The inbound flow's `createVoiceCall` invocation for a call from `caller` to the sandbox's number. */
function ringEvent(caller: string): ContactFlowEvent {
  return contactFlowEvent(
    {
      contactId: `preview-${caller.replace(/\D/g, '')}`,
      instanceArn: SANDBOX_INSTANCE_ARN,
      customerNumber: caller,
      systemNumber: SANDBOX_SYSTEM_NUMBER,
    },
    { methodName: 'createVoiceCall' },
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function serveFile(res: ServerResponse, base: string, path: string): void {
  const file = normalize(join(base, path));
  if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, { message: `not found: ${path}` });
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const intParam = (value: string | null): number | null =>
  value === null || value === '' ? null : Number(value);

function handle(org: PreviewOrg, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (path === '/api/current-call') {
    currentCallFor(org, url.searchParams.get('caller') ?? '+14155550101').then(
      (call) =>
        send(res, 200, {
          recordId: call.Id,
          name: call.Name,
          fromPhoneNumber: call.FromPhoneNumber,
          queueName: call.QueueName,
        }),
      (e: unknown) => send(res, 400, { message: (e as Error).message }),
    );
    return;
  }
  if (path === '/api/apex/PriorCallContextController/getPriorCalls') {
    try {
      const q = url.searchParams;
      send(
        res,
        200,
        getPriorCalls(org, q.get('voiceCallId'), intParam(q.get('historyDays')), intParam(q.get('maxRows'))),
      );
    } catch (e) {
      send(res, e instanceof ApexError ? 400 : 500, { message: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  const picklist = /^\/api\/picklist\/(\w+)\/(\w+)$/.exec(path);
  if (picklist) {
    sendPicklistValues(res, org, picklist[1] as string, picklist[2] as string);
    return;
  }
  const record = /^\/api\/record\/([A-Za-z0-9]{15,18})$/.exec(path);
  if (record) {
    if (req.method === 'PATCH') {
      readJson(req).then(
        (fields) => sendRecordUpdate(res, org, record[1] as string, fields),
        () => send(res, 400, { message: 'invalid JSON' }),
      );
      return;
    }
    sendRecord(res, org, record[1] as string, url.searchParams.get('fields') ?? '');
    return;
  }
  if (path.startsWith('/assets/')) {
    serveFile(res, SLDS_ASSETS, path.slice('/assets/'.length));
    return;
  }
  serveFile(res, PREVIEW_DIR, path === '/' ? 'index.html' : path.slice(1));
}

/**
 * Starts the preview server on 127.0.0.1 with a fresh sample org.
 * @param port the port (0: any free port)
 * @param now the clock for the sample data
 * @returns the server and its base URL
 */
export function startPreviewServer(port = 0, now: Date = new Date()): Promise<PreviewServer> {
  const org = new PreviewOrg(now);
  const server = createServer((req, res) => {
    try {
      handle(org, req, res);
    } catch (e) {
      send(res, 500, { message: e instanceof Error ? e.message : String(e) });
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolvePromise({
        url: `http://127.0.0.1:${actual}`,
        server,
        org: org.data,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
