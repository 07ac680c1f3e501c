/**
 * The preview's org: the sandbox's sample data behind the org emulator's REST API, called
 * in-process. The preview reads, queries and updates records only through it, so the component
 * sees the emulator's answers and errors (the same SOQL checks, field checks, picklists and
 * lengths as the sandbox).
 */
import { SalesforceError, type RestErrorBody } from '../sandbox/org/errors';
import { OrgRestApi } from '../sandbox/org/rest-api';
import { buildSchema, type SchemaOptions } from '../sandbox/org/schema';
import type { QueryRecord } from '../sandbox/org/soql';
import { buildSampleData, type OrgData } from '../sandbox/sample-data';

const BASE = '/services/data/v62.0';

/** A REST query result. */
export interface QueryResult {
  totalSize: number;
  records: QueryRecord[];
}

/** One field of an object describe. */
export interface DescribeField {
  name: string;
  picklistValues: { value: string; label: string }[];
}

/** The sample org behind the emulator's REST API. */
export class PreviewOrg {
  /** The live records (read by tests; the preview itself goes through the REST API). */
  public readonly data: OrgData;
  private readonly api: OrgRestApi;

  /**
   * @param now the clock the sample data is built around
   * @param schema what the integration user sees (default: everything, package fields included)
   */
  public constructor(now: Date, schema: SchemaOptions = {}) {
    this.data = buildSampleData(now).org;
    this.api = new OrgRestApi({ data: this.data, schema: buildSchema(schema), now: () => new Date() });
  }

  /** GET /query; the controller's queries return at most 50 rows, one batch. */
  public query(soql: string): QueryResult {
    return this.call('GET', `${BASE}/query?q=${encodeURIComponent(soql)}`) as QueryResult;
  }

  /** GET /sobjects/<object>/<id>?fields=... */
  public retrieve(object: string, id: string, fields: string[]): Record<string, unknown> {
    const path = `${BASE}/sobjects/${object}/${encodeURIComponent(id)}?fields=${fields.join(',')}`;
    return this.call('GET', path) as Record<string, unknown>;
  }

  /** POST /sobjects/<object>: the new record's id. */
  public create(object: string, fields: Record<string, unknown>): string {
    return (this.call('POST', `${BASE}/sobjects/${object}`, JSON.stringify(fields)) as { id: string }).id;
  }

  /** PATCH /sobjects/<object>/<id>. */
  public update(object: string, id: string, fields: Record<string, unknown>): void {
    this.call('PATCH', `${BASE}/sobjects/${object}/${encodeURIComponent(id)}`, JSON.stringify(fields));
  }

  /** GET /sobjects/<object>/describe: the fields. */
  public describeFields(object: string): DescribeField[] {
    return (this.call('GET', `${BASE}/sobjects/${object}/describe`) as { fields: DescribeField[] }).fields;
  }

  /** One call; an error answer is thrown as the SalesforceError it carries. */
  private call(method: string, path: string, body?: string): unknown {
    const out = this.api.call(method, path, body);
    if (out.status < 400) return out.body;
    const [error] = out.body as RestErrorBody[];
    throw new SalesforceError(error?.errorCode ?? 'NOT_FOUND', error?.message ?? '', out.status);
  }
}
