/**
 * CallCenterRoutingMap: which Connect agent ARN belongs to which Salesforce user. Read whole and
 * cached for a TTL, so a warm lookup never queries it; the map changes when admins edit users.
 */
import { SharedFlights, type Budget } from '../shared/budget';
import { TtlCache } from '../shared/ttl-cache';
import { buildRoutingMapQuery } from './soql';
import type { SalesforceSession } from './session';

interface RoutingMapRow {
  ReferenceRecordId: string | null;
  ExternalId: string | null;
}

/** Agent ARN: arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE_ID/agent/USER_ID */
const AGENT_ARN = /^arn:aws[\w-]*:connect:[\w-]+:\d{12}:instance\/([\w-]+)\/agent\/([\w-]+)$/;

export interface AgentArnParts {
  instanceId: string;
  connectUserId: string;
}

export function parseAgentArn(arn: string): AgentArnParts | undefined {
  const m = AGENT_ARN.exec(arn.trim());
  return m ? { instanceId: m[1] as string, connectUserId: m[2] as string } : undefined;
}

/** Salesforce ids compare on their case-sensitive 15-character prefix. */
export const id15 = (id: string): string => id.slice(0, 15);

/**
 * How long an unreadable map (INVALID_TYPE: the integration user lacks Manage Call Centers) is
 * remembered as empty, so every call does not repeat a query that cannot succeed.
 */
const FAILED_READ_TTL_MS = 60_000;
/** Errors that mean "this user may not read the map", as opposed to a passing outage. */
const NO_ACCESS_CODES = new Set(['INVALID_TYPE', 'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY']);
/** A read older than this is not joined; the next caller reads afresh. */
const READ_MAX_AGE_MS = 10_000;

export class RoutingMapRepository {
  private readonly cache: TtlCache<'map', Map<string, string>>;
  private readonly reads = new SharedFlights<'map', Map<string, string>>(READ_MAX_AGE_MS);
  /** Why the last read failed, while the empty map stands in for it; for the logs. */
  public lastReadError: string | undefined;

  public constructor(
    private readonly session: SalesforceSession,
    private readonly ttlMs: number,
    private readonly callCenterId?: string,
  ) {
    this.cache = new TtlCache(ttlMs, 1);
  }

  /**
   * Loads the map if it is not cached; concurrent callers of one invocation share one query, which
   * ends with that invocation. Resolves to an empty map when the map cannot be read (users then
   * resolve through SCV's username convention); rejects only when `budget` runs out.
   */
  public load(budget: Budget): Promise<Map<string, string>> {
    const cached = this.cache.get('map');
    if (cached) return Promise.resolve(cached);
    return this.reads.run('map', budget.root, budget, (owner) =>
      this.session
        .query<RoutingMapRow>(buildRoutingMapQuery(this.callCenterId), owner)
        .then((rows) => {
          const map = new Map<string, string>();
          for (const row of rows) {
            if (row.ReferenceRecordId && row.ExternalId && parseAgentArn(row.ExternalId))
              map.set(id15(row.ReferenceRecordId), row.ExternalId.trim());
          }
          this.cache.set('map', map);
          this.lastReadError = undefined;
          return map;
        })
        .catch((e: unknown) => {
          const err = e as { errorCode?: string; name?: string; message?: string };
          this.lastReadError = `${err.errorCode ?? err.name ?? 'ERROR'}: ${err.message ?? String(e)}`;
          const empty = new Map<string, string>();
          // A timeout or network error says nothing about the map: this call goes without it, the
          // next one reads again.
          if (err.errorCode && NO_ACCESS_CODES.has(err.errorCode))
            this.cache.set('map', empty, Math.min(this.ttlMs, FAILED_READ_TTL_MS));
          return empty;
        }),
    );
  }

  /** The agent ARN mapped to this user, if any. */
  public async agentArnFor(agentUserId: string, budget: Budget): Promise<string | undefined> {
    return (await this.load(budget)).get(id15(agentUserId));
  }
}
