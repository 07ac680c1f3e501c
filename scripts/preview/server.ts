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
import {
  SANDBOX_CALL_CENTER_ID,
  SANDBOX_SYSTEM_NUMBER,
  sfDateTime,
  type OrgData,
} from '../sandbox/sample-data';
import { toId18 } from '../sandbox/ids';
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

/**
 * The call ringing now for a sample caller: the sample's in-progress call, or a new inbound call.
 * @param org the in-memory org (a new call is added to it)
 * @param caller the caller's number
 * @returns the VoiceCall row
 */
export function currentCallFor(org: OrgData, caller: string): Record<string, unknown> {
  const calls = org.VoiceCall ?? (org.VoiceCall = []);
  const ringing = calls.find((c) => c.FromPhoneNumber === caller && c.CallDisposition === 'in-progress');
  if (ringing) return ringing;
  const digits = caller.replace(/\D/g, '').slice(-9).padStart(9, '0');
  const id = toId18(`0LQPV0${digits}`);
  const existing = calls.find((c) => c.Id === id);
  if (existing) return existing;
  const now = sfDateTime(new Date());
  const row = {
    Id: id,
    Name: `VC-${digits.slice(-6)}`,
    OwnerId: null,
    UserId: null,
    FromPhoneNumber: caller,
    ToPhoneNumber: SANDBOX_SYSTEM_NUMBER,
    CallType: 'Inbound',
    CallDisposition: 'in-progress',
    CallStartDateTime: now,
    CallEndDateTime: null,
    CallAcceptDateTime: null,
    CallDurationInSeconds: null,
    QueueName: null,
    VendorCallKey: `preview-${digits}`,
    CallCenterId: SANDBOX_CALL_CENTER_ID,
    PreviousCallId: null,
    NextCallId: null,
    RelatedRecordId: null,
    CreatedDate: now,
    LastModifiedDate: now,
    Call_Reason__c: null,
    Call_Reason_Status__c: null,
    Routed_To_Last_Agent__c: false,
  };
  calls.push(row);
  return row;
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
    const call = currentCallFor(org.data, url.searchParams.get('caller') ?? '+14155550101');
    send(res, 200, {
      recordId: call.Id,
      name: call.Name,
      fromPhoneNumber: call.FromPhoneNumber,
      queueName: call.QueueName,
    });
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
