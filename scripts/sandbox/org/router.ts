/**
 * The REST routes under /services/data/vNN.N: a route table from path shape to handler. Errors are
 * thrown as SalesforceError and turned into responses by the caller.
 */
import type { EmulatorRequest, EmulatorResponse } from '../emulator-server';
import { describeGlobal, describeObject } from './describe';
import { SalesforceError } from './errors';
import type { ApiLimits, LimitFaults } from './limits';
import type { QueryCursors } from './query-cursors';
import type { Records } from './records';
import { notFound, onlyGet } from './responses';
import { findObject, type Schema } from './schema';

/** What the routes work on. */
export interface RestContext {
  schema: Schema;
  queries: QueryCursors;
  records: Records;
  limits: ApiLimits;
  faults: LimitFaults;
}

/** One request as the routes see it: the method, the API version and the path after it. */
interface RestCall {
  req: EmulatorRequest;
  method: string;
  version: string;
  resource: string;
  tail: string[];
}

type Route = (call: RestCall, ctx: RestContext) => EmulatorResponse | undefined;

const resources: Route = ({ method, version, resource }) => {
  if (resource !== '') return undefined;
  onlyGet(method);
  const base = `/services/data/v${version}`;
  return {
    status: 200,
    operation: 'resources',
    body: {
      limits: `${base}/limits`,
      query: `${base}/query`,
      sobjects: `${base}/sobjects`,
    },
  };
};

const limits: Route = ({ method, resource, tail }, ctx) => {
  if (resource !== 'limits' || tail.length > 0) return undefined;
  onlyGet(method);
  return { status: 200, operation: 'limits', body: ctx.limits.body(ctx.faults) };
};

const query: Route = ({ req, method, version, resource, tail }, ctx) => {
  if (resource !== 'query' || tail.length > 1) return undefined;
  onlyGet(method);
  return tail.length === 0 ? ctx.queries.run(req, version) : ctx.queries.continue(tail[0] as string, version);
};

const sobjects: Route = ({ req, method, version, resource, tail }, ctx) => {
  if (resource !== 'sobjects' || tail.length > 2) return undefined;
  if (tail.length === 0) {
    onlyGet(method);
    return { status: 200, operation: 'describeGlobal', body: describeGlobal(ctx.schema, version) };
  }
  const object = findObject(ctx.schema, tail[0] as string);
  if (!object) throw notFound();
  if (tail.length === 1 || tail[1] === 'describe') {
    onlyGet(method);
    const describe = describeObject(object, version);
    const body = tail.length === 1 ? { objectDescribe: describe, recentItems: [] } : describe;
    return { status: 200, operation: `describe ${object.name}`, body };
  }
  const id = decodeURIComponent(tail[1] as string);
  if (method === 'GET' || method === 'HEAD')
    return ctx.records.retrieve(object, id, version, req.url.searchParams.get('fields'));
  if (method === 'PATCH') return ctx.records.update(object, id, req.body);
  throw new SalesforceError(
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,PATCH`,
    405,
  );
};

const ROUTES: readonly Route[] = [resources, limits, query, sobjects];

/** Answers one REST call, or throws NOT_FOUND for a path no route serves. */
export function routeRest(
  req: EmulatorRequest,
  version: string,
  segments: string[],
  ctx: RestContext,
): EmulatorResponse {
  const [resource = '', ...tail] = segments;
  const call: RestCall = { req, method: req.method.toUpperCase(), version, resource, tail };
  for (const route of ROUTES) {
    const out = route(call, ctx);
    if (out) return out;
  }
  throw notFound();
}
