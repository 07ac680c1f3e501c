/**
 * The Amazon Connect operations the emulator answers, as pure functions over the sandbox data.
 * Member names, paths and value formats follow the SDK's own schema (client-connect 3.x), so the
 * unmodified SDK serializes into and deserializes out of them.
 */
import { createHash } from 'node:crypto';

import type { ConnectData, ConnectUser, ConnectUserState, SampleQueue } from '../sample-data';
import { ALL_QUEUES_PROFILE_ID } from '../sample-routing';
import { invalidParameter, invalidRequest, notFound } from './errors';
import {
  associateLambdaFunction,
  createContactFlow,
  describeContactFlow,
  listContactFlows,
  listLambdaFunctions,
  updateContactFlowContent,
  type StoredContactFlow,
} from './flows';
import {
  epochSeconds,
  maxResults,
  optionalString,
  page,
  regionOf,
  resolveInstance,
  stringList,
} from './params';
import {
  listRoutingProfileQueues,
  profileIdOf,
  queueIdsServedBy,
  routingProfileRefOf,
} from './routing-profiles';

export { resolveInstance } from './params';

/** Mutable state one emulator serves. */
export interface ConnectState {
  data: ConnectData;
  contactAttributes: Map<string, Record<string, string>>;
  /** Reported as every user's and queue's `LastModifiedTime`. */
  startedAt: Date;
  /** Flows created over the API, by id. */
  contactFlows: Map<string, StoredContactFlow>;
  /** Lambda ARNs associated with the instance, in association order (as ListLambdaFunctions pages them). */
  lambdaFunctions: string[];
}

/** What a handler gets once the route matched: decoded path labels, query, parsed JSON body. */
export interface OperationInput {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export type OperationHandler = (state: ConnectState, input: OperationInput) => unknown;

/** The routing profile most sandbox agents work in; it serves every standard queue. */
export const SANDBOX_ROUTING_PROFILE_ID = ALL_QUEUES_PROFILE_ID;
/** The one security profile every sandbox user holds. */
export const SANDBOX_SECURITY_PROFILE_ID = '0d000000-0000-4000-8000-0000000000e1';

const CONTACT_STATES = new Set([
  'INCOMING',
  'PENDING',
  'CONNECTING',
  'CONNECTED',
  'CONNECTED_ONHOLD',
  'MISSED',
  'ERROR',
  'ENDED',
  'REJECTED',
]);
const QUEUE_TYPES = new Set(['STANDARD', 'AGENT']);
const SEARCHABLE_FIELDS = new Set([
  'Username',
  'FirstName',
  'LastName',
  'RoutingProfileId',
  'SecurityProfileId',
  'ResourceId',
]);
const COMPARISON_TYPES = new Set(['EXACT', 'CONTAINS', 'STARTS_WITH']);
/** Documented: "up to 32,768 UTF-8 bytes across all attributes for a contact". */
const ATTRIBUTES_MAX_BYTES = 32_768;
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;

// ---------------------------------------------------------------------------------------------
// Shared helpers

function userArn(state: ConnectState, userId: string): string {
  return `${state.data.instanceArn}/agent/${userId}`;
}

/** Agent status ids are UUIDs in Connect; derive a stable one from the status name. */
function statusId(name: string): string {
  const h = createHash('sha1').update(`agent-state:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// GetCurrentUserData

/** Accepts a user id or an agent ARN of this instance; ARNs of another instance are rejected. */
function agentIdFrom(state: ConnectState, idOrArn: string): string {
  if (!idOrArn.startsWith('arn:')) {
    if (idOrArn.length === 0 || idOrArn.length > 256) throw invalidParameter(`Invalid agent id: ${idOrArn}`);
    return idOrArn;
  }
  const prefix = `${state.data.instanceArn}/agent/`;
  if (!idOrArn.startsWith(prefix) || idOrArn.length === prefix.length) {
    throw invalidParameter(`Invalid agent ARN: ${idOrArn}`);
  }
  return idOrArn.slice(prefix.length);
}

function queueIdFrom(state: ConnectState, idOrArn: string): string {
  if (!idOrArn.startsWith('arn:')) return idOrArn;
  const prefix = `${state.data.instanceArn}/queue/`;
  if (!idOrArn.startsWith(prefix)) throw invalidParameter(`Invalid queue ARN: ${idOrArn}`);
  return idOrArn.slice(prefix.length);
}

function userData(state: ConnectState, s: ConnectUserState): Record<string, unknown> {
  const voiceMax = s.maxVoiceSlots;
  return {
    User: { Id: s.userId, Arn: userArn(state, s.userId) },
    RoutingProfile: routingProfileRefOf(state, s.userId),
    Status: {
      StatusStartTimestamp: epochSeconds(s.statusStartedAt),
      StatusArn: `${state.data.instanceArn}/agent-state/${statusId(s.status)}`,
      StatusName: s.status,
    },
    AvailableSlotsByChannel: { VOICE: s.availableVoiceSlots, CHAT: 0, TASK: 0 },
    MaxSlotsByChannel: { VOICE: voiceMax, CHAT: 0, TASK: 0 },
    // A busy agent's call occupies the voice slot that is not free.
    ActiveSlotsByChannel: { VOICE: Math.max(0, voiceMax - s.availableVoiceSlots), CHAT: 0, TASK: 0 },
    Contacts: [],
    ...(s.nextStatus ? { NextStatus: s.nextStatus } : {}),
  };
}

const getCurrentUserData: OperationHandler = (state, { params, body }) => {
  resolveInstance(state, params.InstanceId);
  const filters = body.Filters;
  if (filters === undefined || filters === null) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'filters' failed to satisfy constraint: Member must not be null",
    );
  }
  if (typeof filters !== 'object' || Array.isArray(filters))
    throw invalidRequest('Filters must be an object');
  const f = filters as Record<string, unknown>;
  const agents = stringList(f.Agents, 'Filters.Agents', 100);
  const queues = stringList(f.Queues, 'Filters.Queues', 100);
  const profiles = stringList(f.RoutingProfiles, 'Filters.RoutingProfiles', 100);
  const groups = stringList(f.UserHierarchyGroups, 'Filters.UserHierarchyGroups', 1);
  const given = [agents, queues, profiles, groups].filter((x) => x !== undefined && x.length > 0).length;
  // Documented: "A maximum of one filter can be passed from queues, routing profiles, agents, and
  // user hierarchy groups"; with none there is nothing to scope the data to.
  if (given !== 1) {
    throw invalidRequest(
      'Exactly one of Agents, Queues, RoutingProfiles or UserHierarchyGroups must be provided in Filters',
    );
  }
  let contactStates: string[] | undefined;
  if (f.ContactFilter !== undefined && f.ContactFilter !== null) {
    contactStates = stringList(
      (f.ContactFilter as Record<string, unknown>).ContactStates,
      'Filters.ContactFilter.ContactStates',
      9,
    );
    const bad = contactStates?.find((s) => !CONTACT_STATES.has(s));
    if (bad !== undefined) throw invalidParameter(`Invalid contact state: ${bad}`);
  }
  const limit = maxResults(body.MaxResults, 'maxResults', 100, 100);

  const known = new Set(state.data.users.map((u) => u.id));
  let states = state.data.userStates.filter((s) => known.has(s.userId));
  if (agents) {
    const wanted = new Set(agents.map((a) => agentIdFrom(state, a)));
    states = states.filter((s) => wanted.has(s.userId));
  } else if (queues) {
    const ids = queues.map((q) => queueIdFrom(state, q));
    if (ids.some((id) => id.startsWith('agent/'))) {
      throw invalidParameter('Agent queues are not supported by the metrics APIs');
    }
    // An agent is reported for a queue their routing profile serves.
    states = states.filter((s) => {
      const served = queueIdsServedBy(state, profileIdOf(state, s.userId));
      return ids.some((id) => served.includes(id));
    });
  } else if (profiles) {
    const ids = profiles.map((p) => p.replace(/^arn:.*\/routing-profile\//, ''));
    states = states.filter((s) => ids.includes(profileIdOf(state, s.userId)));
  } else {
    // The sandbox has no hierarchy groups.
    states = [];
  }
  // Contacts are never modeled, so no user has a contact in any requested state.
  if (contactStates && contactStates.length > 0) states = [];

  const { items, NextToken } = page('GetCurrentUserData', states, body.NextToken, limit);
  return {
    UserDataList: items.map((s) => userData(state, s)),
    ApproximateTotalCount: states.length,
    ...(NextToken ? { NextToken } : {}),
  };
};

// ---------------------------------------------------------------------------------------------
// Users

function userFields(state: ConnectState, u: ConnectUser): Record<string, unknown> {
  return {
    Id: u.id,
    Arn: userArn(state, u.id),
    Username: u.username,
    IdentityInfo: { FirstName: u.firstName, LastName: u.lastName },
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 },
    RoutingProfileId: u.routingProfileId,
    SecurityProfileIds: [SANDBOX_SECURITY_PROFILE_ID],
  };
}

function fieldValue(u: ConnectUser, field: string): string[] {
  switch (field) {
    case 'Username':
      return [u.username];
    case 'FirstName':
      return [u.firstName];
    case 'LastName':
      return [u.lastName];
    case 'RoutingProfileId':
      return [u.routingProfileId];
    case 'SecurityProfileId':
      return [SANDBOX_SECURITY_PROFILE_ID];
    default:
      return [u.id];
  }
}

type UserPredicate = (u: ConnectUser) => boolean;

/** Compiles SearchCriteria into a predicate, rejecting what Connect rejects. */
function compileCriteria(criteria: unknown, depth = 0): UserPredicate {
  if (typeof criteria !== 'object' || criteria === null || Array.isArray(criteria)) {
    throw invalidRequest('SearchCriteria must be an object');
  }
  if (depth > 5) throw invalidParameter('SearchCriteria is nested too deeply');
  const c = criteria as Record<string, unknown>;
  const parts: UserPredicate[] = [];
  const list = (member: 'AndConditions' | 'OrConditions'): UserPredicate[] | undefined => {
    const raw = c[member];
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) throw invalidRequest(`${member} must be a list`);
    return raw.map((x) => compileCriteria(x, depth + 1));
  };
  const and = list('AndConditions');
  if (and) parts.push((u) => and.every((p) => p(u)));
  const or = list('OrConditions');
  if (or) parts.push((u) => or.some((p) => p(u)));
  if (c.StringCondition !== undefined && c.StringCondition !== null)
    parts.push(compileString(c.StringCondition));
  if (c.HierarchyGroupCondition !== undefined && c.HierarchyGroupCondition !== null) {
    // The sandbox has no hierarchy groups, so nobody is in one.
    parts.push(() => false);
  }
  if (c.ListCondition !== undefined && c.ListCondition !== null) {
    throw invalidParameter('ListCondition is not supported by the sandbox');
  }
  if (parts.length === 0) throw invalidParameter('SearchCriteria must contain at least one condition');
  return (u) => parts.every((p) => p(u));
}

function compileString(raw: unknown): UserPredicate {
  if (typeof raw !== 'object' || raw === null) throw invalidRequest('StringCondition must be an object');
  const { FieldName, Value, ComparisonType } = raw as Record<string, unknown>;
  if (typeof FieldName !== 'string' || !SEARCHABLE_FIELDS.has(FieldName)) {
    throw invalidParameter(`Invalid FieldName in StringCondition: ${String(FieldName)}`);
  }
  if (typeof Value !== 'string') throw invalidParameter('StringCondition.Value is required');
  if (typeof ComparisonType !== 'string' || !COMPARISON_TYPES.has(ComparisonType)) {
    throw invalidParameter(`Invalid ComparisonType in StringCondition: ${String(ComparisonType)}`);
  }
  // Documented: "contains" queries need 2 to 25 characters.
  if (ComparisonType === 'CONTAINS' && (Value.length < 2 || Value.length > 25)) {
    throw invalidParameter('CONTAINS queries require a value of 2 to 25 characters');
  }
  const wanted = Value.toLowerCase();
  return (u) =>
    fieldValue(u, FieldName).some((actual) => {
      const v = actual.toLowerCase();
      if (ComparisonType === 'EXACT') return v === wanted;
      if (ComparisonType === 'STARTS_WITH') return v.startsWith(wanted);
      return v.includes(wanted);
    });
}

const searchUsers: OperationHandler = (state, { body }) => {
  resolveInstance(state, body.InstanceId);
  const limit = maxResults(body.MaxResults, 'maxResults', 100, 100);
  if (body.SearchFilter !== undefined && body.SearchFilter !== null) {
    // Tag and hierarchy filters would need data the sandbox does not keep; failing loudly beats
    // silently returning everybody.
    throw invalidParameter('SearchFilter is not supported by the sandbox');
  }
  const predicate =
    body.SearchCriteria === undefined || body.SearchCriteria === null
      ? (): boolean => true
      : compileCriteria(body.SearchCriteria);
  const matched = state.data.users.filter(predicate);
  const { items, NextToken } = page('SearchUsers', matched, body.NextToken, limit);
  return {
    Users: items.map((u) => userFields(state, u)),
    ApproximateTotalCount: matched.length,
    ...(NextToken ? { NextToken } : {}),
  };
};

const describeUser: OperationHandler = (state, { params }) => {
  resolveInstance(state, params.InstanceId);
  const user = state.data.users.find((u) => u.id === params.UserId);
  if (!user) throw notFound(`User not found for userId: ${params.UserId}`);
  return {
    User: {
      ...userFields(state, user),
      Tags: {},
      LastModifiedTime: epochSeconds(state.startedAt),
      LastModifiedRegion: regionOf(state),
    },
  };
};

const listUsers: OperationHandler = (state, { params, query }) => {
  resolveInstance(state, params.InstanceId);
  const limit = maxResults(query.get('maxResults') ?? undefined, 'maxResults', 1000, 100);
  const { items, NextToken } = page(
    'ListUsers',
    state.data.users,
    query.get('nextToken') ?? undefined,
    limit,
  );
  return {
    UserSummaryList: items.map((u) => ({
      Id: u.id,
      Arn: userArn(state, u.id),
      Username: u.username,
      LastModifiedTime: epochSeconds(state.startedAt),
      LastModifiedRegion: regionOf(state),
    })),
    ...(NextToken ? { NextToken } : {}),
  };
};

// ---------------------------------------------------------------------------------------------
// Queues

const listQueues: OperationHandler = (state, { params, query }) => {
  resolveInstance(state, params.InstanceId);
  const types = query.getAll('queueTypes');
  if (types.length > 2) {
    throw invalidParameter(
      "1 validation error detected: Value at 'queueTypes' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  }
  const bad = types.find((t) => !QUEUE_TYPES.has(t));
  if (bad !== undefined) {
    throw invalidParameter(
      `1 validation error detected: Value '[${bad}]' at 'queueTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [AGENT, STANDARD]]`,
    );
  }
  const limit = maxResults(query.get('maxResults') ?? undefined, 'maxResults', 1000, 100);
  const wants = (t: SampleQueue['queueType']): boolean => types.length === 0 || types.includes(t);
  const modified = epochSeconds(state.startedAt);
  const region = regionOf(state);
  const summaries: Record<string, unknown>[] = [];
  for (const q of state.data.queues) {
    if (!wants(q.queueType)) continue;
    const arn =
      q.queueType === 'AGENT'
        ? `${state.data.instanceArn}/queue/agent/${q.id}`
        : `${state.data.instanceArn}/queue/${q.id}`;
    summaries.push({
      Id: q.id,
      Arn: arn,
      ...(q.queueType === 'AGENT' ? {} : { Name: q.name }),
      QueueType: q.queueType,
      LastModifiedTime: modified,
      LastModifiedRegion: region,
    });
  }
  if (wants('AGENT')) {
    // Every Connect user has an agent queue whose id is the user id; real Connect lists it
    // without a Name.
    const listed = new Set(summaries.map((s) => s.Id));
    for (const u of state.data.users) {
      if (listed.has(u.id)) continue;
      summaries.push({
        Id: u.id,
        Arn: `${state.data.instanceArn}/queue/agent/${u.id}`,
        QueueType: 'AGENT',
        LastModifiedTime: modified,
        LastModifiedRegion: region,
      });
    }
  }
  const { items, NextToken } = page('ListQueues', summaries, query.get('nextToken') ?? undefined, limit);
  return { QueueSummaryList: items, ...(NextToken ? { NextToken } : {}) };
};

// ---------------------------------------------------------------------------------------------
// Contact attributes

function utf8Bytes(attrs: Record<string, string>): number {
  let total = 0;
  for (const [k, v] of Object.entries(attrs)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  return total;
}

const updateContactAttributes: OperationHandler = (state, { body }) => {
  const contactId = optionalString(body, 'InitialContactId', 256);
  if (!contactId) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'initialContactId' failed to satisfy constraint: Member must not be null",
    );
  }
  resolveInstance(state, body.InstanceId);
  const attrs = body.Attributes;
  if (attrs === undefined || attrs === null) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null",
    );
  }
  if (typeof attrs !== 'object' || Array.isArray(attrs))
    throw invalidRequest('Attributes must be a map of strings');
  const incoming: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs as Record<string, unknown>)) {
    if (!ATTRIBUTE_KEY.test(key)) {
      throw invalidParameter(
        `Invalid attribute key "${key}": keys can include only alphanumeric, dash, and underscore characters`,
      );
    }
    if (typeof value !== 'string') throw invalidRequest(`Attribute "${key}" must be a string`);
    incoming[key] = value;
  }
  const merged = { ...(state.contactAttributes.get(contactId) ?? {}), ...incoming };
  const bytes = utf8Bytes(merged);
  if (bytes > ATTRIBUTES_MAX_BYTES) {
    throw invalidParameter(
      `The attributes of contact ${contactId} would total ${bytes} UTF-8 bytes; the limit is ${ATTRIBUTES_MAX_BYTES}`,
    );
  }
  state.contactAttributes.set(contactId, merged);
  return {};
};

// ---------------------------------------------------------------------------------------------
// Routing

interface Route {
  operation: string;
  method: string;
  /** Path segments; `{Name}` captures one (URL-decoded) segment. */
  segments: string[];
  handle: OperationHandler;
}

const route = (operation: string, method: string, path: string, handle: OperationHandler): Route => ({
  operation,
  method,
  segments: path.split('/').filter(Boolean),
  handle,
});

/** REST paths exactly as the SDK's operation schemas declare them. */
export const ROUTES: readonly Route[] = [
  route('GetCurrentUserData', 'POST', '/metrics/userdata/{InstanceId}', getCurrentUserData),
  route('SearchUsers', 'POST', '/search-users', searchUsers),
  route('DescribeUser', 'GET', '/users/{InstanceId}/{UserId}', describeUser),
  route('ListUsers', 'GET', '/users-summary/{InstanceId}', listUsers),
  route('ListQueues', 'GET', '/queues-summary/{InstanceId}', listQueues),
  route(
    'ListRoutingProfileQueues',
    'GET',
    '/routing-profiles/{InstanceId}/{RoutingProfileId}/queues',
    listRoutingProfileQueues,
  ),
  route('UpdateContactAttributes', 'POST', '/contact/attributes', updateContactAttributes),
  route('CreateContactFlow', 'PUT', '/contact-flows/{InstanceId}', createContactFlow),
  route(
    'UpdateContactFlowContent',
    'POST',
    '/contact-flows/{InstanceId}/{ContactFlowId}/content',
    updateContactFlowContent,
  ),
  route('DescribeContactFlow', 'GET', '/contact-flows/{InstanceId}/{ContactFlowId}', describeContactFlow),
  route('ListContactFlows', 'GET', '/contact-flows-summary/{InstanceId}', listContactFlows),
  route('AssociateLambdaFunction', 'PUT', '/instance/{InstanceId}/lambda-function', associateLambdaFunction),
  route('ListLambdaFunctions', 'GET', '/instance/{InstanceId}/lambda-functions', listLambdaFunctions),
];

/** Finds the operation for a request, or undefined when Connect would not know the route. */
export function matchRoute(
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | undefined {
  const parts = pathname.split('/').filter(Boolean);
  for (const r of ROUTES) {
    if (r.method !== method || r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    r.segments.forEach((seg, i) => {
      const actual = parts[i] as string;
      if (seg.startsWith('{')) {
        try {
          params[seg.slice(1, -1)] = decodeURIComponent(actual);
        } catch {
          ok = false;
        }
      } else if (seg !== actual) ok = false;
    });
    if (ok) return { route: r, params };
  }
  return undefined;
}
