/**
 * A local Amazon Connect that speaks the REST-JSON protocol of `@aws-sdk/client-connect`, so the
 * unmodified SDK runs against it when pointed there with `AWS_ENDPOINT_URL_CONNECT` or `endpoint`.
 *
 * It is strict on purpose: an unknown instance, bad input, a missing SigV4 header or an exhausted
 * quota produce the status codes, `x-amzn-errortype` headers and bodies Connect produces, so code
 * that passes here handles the real service's failures too.
 */
import {
  startEmulatorServer,
  type BaseFaults,
  type EmulatorRequest,
  type EmulatorResponse,
  type EmulatorServer,
} from '../emulator-server';
import type { ConnectData, ConnectUserState } from '../sample-data';
import { ConnectError, errorResponse, invalidRequest, requestId } from './errors';
import type { StoredContactFlow } from './flows';
import { matchRoute, type ConnectState } from './operations';
import type { OperationQuota } from './quotas';

/** Fault settings of the Connect emulator; also settable over `POST /__sandbox/faults`. */
export interface ConnectFaults extends BaseFaults {
  /** Token-bucket quota for GetCurrentUserData and SearchUsers (requests/second, burst = max(1, 2.5×rate)); beyond it → 429 ThrottlingException. undefined = unlimited. */
  throttleRatePerSecond?: number;
  /** Every request of these operations fails with ThrottlingException (deterministic, for tests). */
  throttleOperations?: string[];
  /** Every request of these operations fails with 500 InternalServiceException. */
  failOperations?: string[];
  /** Per-operation token buckets (`--connect-quotas real`: Connect's defaults, see quotas.ts). */
  quotas?: Record<string, OperationQuota>;
}

/** How to start the emulator. */
export interface ConnectEmulatorOptions {
  /** 0 or absent picks a free port. */
  port?: number;
  /** Served and mutated in place (UpdateContactAttributes, setUserState). */
  data: ConnectData;
  initialFaults?: ConnectFaults;
  /** Told of every agent state change (the agent event stream's source). */
  onAgentChange?: (change: AgentChange) => void;
  /** Extra admin routes under `/__sandbox/` (the agent-event endpoints). */
  admin?: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse> | undefined;
}

/** One agent state change: LOGIN (no previous), STATE_CHANGE, or LOGOUT (no current). */
export interface AgentChange {
  userId: string;
  previous?: ConnectUserState;
  current?: ConnectUserState;
}

/** A running Connect emulator. */
export interface ConnectEmulator extends EmulatorServer<ConnectFaults> {
  data: ConnectData;
  /** Attributes stored per InitialContactId by UpdateContactAttributes. */
  contactAttributes: Map<string, Record<string, string>>;
  /** Flows created by CreateContactFlow, by id (tests read what a deploy left behind). */
  contactFlows: Map<string, StoredContactFlow>;
  /** Lambda ARNs associated by AssociateLambdaFunction. */
  lambdaFunctions: string[];
  /** Change an agent's live state (tests use it to flip availability). */
  setUserState(userId: string, patch: Partial<ConnectUserState>): void;
  /** Logs an agent out: they disappear from GetCurrentUserData, as in Connect. */
  removeUserState(userId: string): void;
}

/** The operations Connect meters with the low per-account quota the brief models. */
const METERED_OPERATIONS = new Set(['GetCurrentUserData', 'SearchUsers']);

/**
 * The SDK signs every request with SigV4; the emulator checks the header's shape (not the
 * signature) so a client without credentials fails here as it would in AWS.
 */
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[^/\s]+\/[^/\s]+\/aws4_request, ?SignedHeaders=[^,\s]+, ?Signature=[0-9a-f]+$/;

/** A token bucket per metered operation: Connect's quotas apply per API, not across APIs. */
class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst = Math.max(1, 2.5 * rate),
  ) {
    this.tokens = this.burst;
    this.last = Date.now();
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function checkAuth(req: EmulatorRequest): ConnectError | undefined {
  const header = req.headers.authorization;
  if (header === undefined || header === '') {
    return new ConnectError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  if (!SIGV4.test(String(header))) {
    return new ConnectError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256). Authorization=${String(header).slice(0, 40)}`,
    );
  }
  if (!req.headers['x-amz-date']) {
    return new ConnectError(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  return undefined;
}

function parseBody(req: EmulatorRequest): Record<string, unknown> {
  if (req.method === 'GET' || req.body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw invalidRequest('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Starts a Connect emulator on 127.0.0.1. Close it with `close()`. */
export async function startConnectEmulator(options: ConnectEmulatorOptions): Promise<ConnectEmulator> {
  const state: ConnectState = {
    data: options.data,
    contactAttributes: new Map(),
    startedAt: new Date(),
    contactFlows: new Map(),
    lambdaFunctions: [],
  };
  const buckets = new Map<string, TokenBucket>();

  const throttled = (operation: string, faults: ConnectFaults): boolean => {
    if (faults.throttleOperations?.includes(operation)) return true;
    const quota = faults.quotas?.[operation];
    if (quota) {
      const key = `quota:${operation}`;
      let bucket = buckets.get(key);
      if (!bucket || bucket.rate !== quota.rate || bucket.burst !== quota.burst) {
        bucket = new TokenBucket(quota.rate, quota.burst);
        buckets.set(key, bucket);
      }
      return !bucket.take();
    }
    const rate = faults.throttleRatePerSecond;
    if (rate === undefined || rate === null || !METERED_OPERATIONS.has(operation)) return false;
    let bucket = buckets.get(operation);
    // Faults can change at runtime (admin endpoint); a new rate starts a fresh, full bucket.
    if (!bucket || bucket.rate !== rate) {
      bucket = new TokenBucket(rate);
      buckets.set(operation, bucket);
    }
    return !bucket.take();
  };

  const handle = (req: EmulatorRequest, faults: ConnectFaults): EmulatorResponse => {
    const authError = checkAuth(req);
    const matched = matchRoute(req.method, req.url.pathname);
    const operation = matched?.route.operation;
    if (authError) return errorResponse(authError, operation);
    if (!matched) {
      return errorResponse(
        new ConnectError(
          'UnknownOperationException',
          `No operation matches ${req.method} ${req.url.pathname}`,
        ),
      );
    }
    const op = matched.route.operation;
    try {
      if (faults.failOperations?.includes(op)) {
        throw new ConnectError(
          'InternalServiceException',
          'Request processing failed due to an internal error',
        );
      }
      if (throttled(op, faults)) throw new ConnectError('ThrottlingException', 'Rate exceeded');
      const result = matched.route.handle(state, {
        params: matched.params,
        query: req.url.searchParams,
        body: parseBody(req),
      });
      return {
        status: 200,
        headers: { 'x-amzn-requestid': requestId() },
        body: result,
        operation: op,
      };
    } catch (e) {
      if (e instanceof ConnectError) return errorResponse(e, op);
      // A sandbox bug still answers in Connect's shape, so clients exercise their 500 handling.
      return errorResponse(
        new ConnectError('InternalServiceException', `sandbox error: ${(e as Error).message}`),
        op,
      );
    }
  };

  const server = await startEmulatorServer<ConnectFaults>({
    port: options.port,
    initialFaults: options.initialFaults,
    handle,
    admin: options.admin,
  });

  const setUserState = (userId: string, patch: Partial<ConnectUserState>): void => {
    if (!state.data.users.some((u) => u.id === userId)) throw new Error(`no Connect user ${userId}`);
    const existing = state.data.userStates.find((s) => s.userId === userId);
    const now = new Date().toISOString();
    if (!existing) {
      // Logging in: start from an agent who is Available with one voice slot.
      const created: ConnectUserState = {
        userId,
        status: 'Available',
        statusStartedAt: now,
        availableVoiceSlots: 1,
        maxVoiceSlots: 1,
        ...patch,
      };
      state.data.userStates.push(created);
      options.onAgentChange?.({ userId, current: structuredClone(created) });
      return;
    }
    const previous = structuredClone(existing);
    const statusChanged = patch.status !== undefined && patch.status !== existing.status;
    Object.assign(existing, patch);
    if (statusChanged && patch.statusStartedAt === undefined) existing.statusStartedAt = now;
    // A status change applies (and so ends) a pending "next status" unless the patch sets one.
    if (statusChanged && !('nextStatus' in patch)) delete existing.nextStatus;
    if (existing.nextStatus === undefined) delete existing.nextStatus;
    existing.userId = userId;
    options.onAgentChange?.({ userId, previous, current: structuredClone(existing) });
  };

  const removeUserState = (userId: string): void => {
    const i = state.data.userStates.findIndex((s) => s.userId === userId);
    if (i >= 0) {
      const [previous] = state.data.userStates.splice(i, 1);
      options.onAgentChange?.({ userId, previous });
    }
  };

  // Spread would evaluate the base server's `faults` getter once; keep it live.
  return Object.assign(server, {
    data: state.data,
    contactAttributes: state.contactAttributes,
    contactFlows: state.contactFlows,
    lambdaFunctions: state.lambdaFunctions,
    setUserState,
    removeUserState,
  });
}
