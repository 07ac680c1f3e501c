/**
 * The org's REST API under /services/data/vNN.N, past authentication: each call charged to the
 * daily allocation, answered by the route table, errors in Salesforce's shape. The HTTP emulator
 * serves it behind OAuth; the LWC preview calls it in-process, so both read, query and update
 * records through the same code.
 */
import type { EmulatorRequest, EmulatorResponse } from '../emulator-server';
import type { OrgData } from '../sample-data';
import { SalesforceError } from './errors';
import { ApiLimits, type LimitFaults } from './limits';
import { QueryCursors } from './query-cursors';
import { Records } from './records';
import { notFound, restError } from './responses';
import { routeRest } from './router';
import type { Schema } from './schema';

/** What the REST API works on. */
export interface OrgRestOptions {
  /** The org's records; updates are applied in place. */
  data: OrgData;
  schema: Schema;
  /** Clock for SOQL date literals and LastModifiedDate. */
  now: () => Date;
}

const DATA_PATH = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/;

/** One org's REST API. */
export class OrgRestApi {
  private readonly limits = new ApiLimits();
  private readonly queries: QueryCursors;
  private readonly records: Records;

  public constructor(private readonly options: OrgRestOptions) {
    this.queries = new QueryCursors(options.data, options.schema, options.now);
    this.records = new Records(options.data, options.now);
  }

  /**
   * Answers one authenticated call.
   * @param version the API version of the path (`62.0`)
   * @param segments the path after /services/data/vNN.N, split on `/`
   * @param faults the live faults (the daily allocation is counted down in them)
   */
  public handle(
    req: EmulatorRequest,
    version: string,
    segments: string[],
    faults: LimitFaults,
  ): EmulatorResponse {
    const refused = this.limits.charge(faults);
    if (refused) return refused;
    const headers = this.limits.headers(faults);
    const { schema } = this.options;
    const { queries, records, limits } = this;
    try {
      const out = routeRest(req, version, segments, { schema, queries, records, limits, faults });
      return { ...out, headers: { ...headers, ...out.headers } };
    } catch (e) {
      if (e instanceof SalesforceError) return restError(e, segments[0] ?? 'rest', headers);
      throw e;
    }
  }

  /**
   * An in-process call by path, for callers inside this process (the LWC preview).
   * @param method the HTTP method
   * @param path e.g. `/services/data/v62.0/query?q=...`
   * @param body the JSON text of a PATCH
   */
  public call(method: string, path: string, body = ''): EmulatorResponse {
    const url = new URL(path, 'http://127.0.0.1');
    const m = DATA_PATH.exec(url.pathname);
    if (!m) return restError(notFound(), 'not found');
    const segments = (m[2] ?? '').split('/').filter(Boolean);
    return this.handle({ method, url, headers: {}, body }, m[1] as string, segments, {});
  }
}
