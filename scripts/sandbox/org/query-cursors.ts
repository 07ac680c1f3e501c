/**
 * /query and /query/<locator>: runs SOQL through the evaluator and pages results larger than the
 * batch size through server-side cursors, as Salesforce does (nextRecordsUrl, INVALID_QUERY_LOCATOR).
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../emulator-server';
import { toId18 } from '../ids';
import type { OrgData } from '../sample-data';
import { SalesforceError } from './errors';
import type { Schema } from './schema';
import { evaluateSoql, type QueryRecord } from './soql';

const DEFAULT_BATCH_SIZE = 2000;
const MAX_CURSORS = 10_000;
/** Salesforce keeps an idle query cursor for about 15 minutes. */
const CURSOR_TTL_MS = 15 * 60_000;

interface Cursor {
  sObject: string;
  records: QueryRecord[];
  batchSize: number;
  touchedAt: number;
}

/** Queries over one org's data, with the cursors of unfinished result sets. */
export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  public constructor(
    private readonly data: OrgData,
    private readonly schema: Schema,
    private readonly now: () => Date,
  ) {}

  /** GET /query?q=…. */
  public run(req: EmulatorRequest, version: string): EmulatorResponse {
    const soql = req.url.searchParams.get('q');
    if (soql === null || soql.trim() === '') {
      throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified');
    }
    const result = evaluateSoql(soql, this.data, {
      schema: this.schema,
      now: this.now(),
      apiVersion: version,
    });
    const operation = `query ${result.sObject}`;
    const batchSize = batchSizeOf(req);
    if (result.records.length <= batchSize) {
      return {
        status: 200,
        operation,
        body: { totalSize: result.totalSize, done: true, records: result.records },
      };
    }
    const cursor: Cursor = {
      sObject: result.sObject,
      records: result.records,
      batchSize,
      touchedAt: Date.now(),
    };
    return { status: 200, operation, body: this.page(version, this.store(cursor), cursor, 0) };
  }

  /** GET /query/<cursor>-<position>. */
  public continue(locator: string, version: string): EmulatorResponse {
    const m = /^([A-Za-z0-9]{15,18})-(\d+)$/.exec(locator);
    const cursor = m ? this.cursors.get(m[1] as string) : undefined;
    if (!m || !cursor || Number(m[2]) > cursor.records.length) {
      throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return {
      status: 200,
      operation: `query ${cursor.sObject}`,
      body: this.page(version, m[1] as string, cursor, Number(m[2])),
    };
  }

  private store(cursor: Cursor): string {
    const nowMs = Date.now();
    for (const [key, c] of this.cursors) {
      if (this.cursors.size < MAX_CURSORS && nowMs - c.touchedAt < CURSOR_TTL_MS) break;
      this.cursors.delete(key);
    }
    const id = toId18(`01g${randomBytes(12).toString('hex').slice(0, 12).toUpperCase()}`);
    this.cursors.set(id, cursor);
    return id;
  }

  private page(version: string, cursorId: string, cursor: Cursor, position: number): Record<string, unknown> {
    const records = cursor.records.slice(position, position + cursor.batchSize);
    const next = position + records.length;
    const done = next >= cursor.records.length;
    // Re-inserting keeps the map ordered by last use, for eviction.
    this.cursors.delete(cursorId);
    if (!done) {
      cursor.touchedAt = Date.now();
      this.cursors.set(cursorId, cursor);
    }
    return {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursorId}-${next}` }),
      records,
    };
  }
}

/** The batch size a client asked for in Sforce-Query-Options, within Salesforce's bounds. */
function batchSizeOf(req: EmulatorRequest): number {
  const requested = /batchSize\s*=\s*(\d+)/i.exec(String(req.headers['sforce-query-options'] ?? ''));
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(1, requested ? Number(requested[1]) : DEFAULT_BATCH_SIZE));
}
