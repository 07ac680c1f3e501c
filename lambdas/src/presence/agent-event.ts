/**
 * Decoding of Amazon Connect agent event stream records. Pure and defensive: real records carry
 * the string "null" where a value is missing, spell `NextAgentStatus.EnqueueTimestamp` with and
 * without a "d", omit `PreviousAgentSnapshot` on LOGIN/LOGOUT and grow new fields over time. A
 * record that cannot be understood is reported as malformed (skipped, never retried), never thrown.
 */

/** Event types Connect publishes to the agent event stream. */
export const AGENT_EVENT_TYPES = ['STATE_CHANGE', 'HEART_BEAT', 'LOGIN', 'LOGOUT'] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

/** A contact in an agent snapshot. */
export interface SnapshotContact {
  contactId: string;
  initialContactId?: string;
  channel: string;
  state: string;
  queueArn?: string;
}

/** A queue the agent's routing profile takes inbound contacts from. */
export interface InboundQueue {
  arn: string;
  /** Queue id (last ARN segment): what routing decisions compare. */
  id: string;
  name?: string;
  /** Channels the queue serves in this routing profile; empty when the record does not say. */
  channels: string[];
}

/** The agent's routing profile as the snapshot carries it. */
export interface SnapshotRoutingProfile {
  arn?: string;
  name?: string;
  inboundQueues: InboundQueue[];
  /** Maximum slots per channel (VOICE, CHAT, TASK...), when the record carries concurrency. */
  maxSlotsByChannel: Record<string, number>;
}

/** What one snapshot says about the agent. */
export interface AgentSnapshot {
  statusName?: string;
  statusArn?: string;
  /** Connect's status type when the record carries it (newer records); otherwise undefined. */
  statusType?: string;
  statusStartedAt?: string;
  nextStatusName?: string;
  nextStatusEnqueuedAt?: string;
  username?: string;
  routingProfile?: SnapshotRoutingProfile;
  contacts: SnapshotContact[];
}

/** A decoded agent event. */
export interface AgentEvent {
  eventId: string;
  eventType: AgentEventType;
  /** Epoch milliseconds. */
  eventAt: number;
  agentArn: string;
  instanceArn: string;
  instanceId: string;
  /** Connect user id (last segment of the agent ARN). */
  connectUserId: string;
  current?: AgentSnapshot;
  previous?: AgentSnapshot;
}

export type DecodeResult = { ok: true; event: AgentEvent } | { ok: false; reason: string };

type Obj = Record<string, unknown>;

/** Records are produced by other systems: nothing beyond this size is parsed. */
const MAX_RECORD_BYTES = 1_000_000;
const AGENT_ARN =
  /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([A-Za-z0-9-]{1,100})\/agent\/([A-Za-z0-9-]{1,256})$/;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string value, with Connect's "null" (and empty) treated as absent. */
function str(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' || t.toLowerCase() === 'null' ? undefined : t;
}

/** An object value, with the string "null" treated as absent. */
function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isoTime(v: unknown): string | undefined {
  const s = str(v);
  // Stryker disable next-line ConditionalExpression: Date.parse of an absent value is NaN too; the guard only saves the call
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function decodeRoutingProfile(v: unknown): SnapshotRoutingProfile | undefined {
  const rp = obj(v);
  if (!rp) return undefined;
  const inboundQueues: InboundQueue[] = [];
  for (const q of list(rp.InboundQueues)) {
    const qo = obj(q);
    const arn = str(qo?.ARN);
    if (!qo || !arn) continue;
    inboundQueues.push({
      arn,
      id: lastSegment(arn),
      name: str(qo.Name),
      channels: list(qo.Channels)
        .map(str)
        .filter((c): c is string => c !== undefined),
    });
  }
  const maxSlotsByChannel: Record<string, number> = {};
  for (const c of list(rp.Concurrency)) {
    const co = obj(c);
    const channel = str(co?.Channel);
    const max = Number(co?.MaximumSlots);
    if (channel && Number.isInteger(max) && max >= 0) maxSlotsByChannel[channel.toUpperCase()] = max;
  }
  return { arn: str(rp.ARN), name: str(rp.Name), inboundQueues, maxSlotsByChannel };
}

function decodeSnapshot(v: unknown): AgentSnapshot | undefined {
  const s = obj(v);
  if (!s) return undefined;
  const status = obj(s.AgentStatus);
  const next = obj(s.NextAgentStatus);
  const config = obj(s.Configuration);
  const contacts: SnapshotContact[] = [];
  for (const c of list(s.Contacts)) {
    const co = obj(c);
    const contactId = str(co?.ContactId);
    if (!co || !contactId) continue;
    contacts.push({
      contactId,
      initialContactId: str(co.InitialContactId),
      channel: (str(co.Channel) ?? 'UNKNOWN').toUpperCase(),
      state: (str(co.State) ?? 'UNKNOWN').toUpperCase(),
      queueArn: str(obj(co.Queue)?.ARN),
    });
  }
  return {
    statusName: str(status?.Name),
    statusArn: str(status?.ARN),
    statusType: str(status?.Type),
    statusStartedAt: isoTime(status?.StartTimestamp),
    nextStatusName: str(next?.Name),
    nextStatusEnqueuedAt: isoTime(next?.EnqueuedTimestamp) ?? isoTime(next?.EnqueueTimestamp),
    username: str(config?.Username),
    routingProfile: decodeRoutingProfile(config?.RoutingProfile),
    contacts,
  };
}

/** Decodes one record's data (the bytes of the base64-decoded Kinesis record). */
export function decodeAgentEvent(data: Uint8Array): DecodeResult {
  const size = data.byteLength;
  if (size === 0) return { ok: false, reason: 'empty record' };
  if (size > MAX_RECORD_BYTES) return { ok: false, reason: `record of ${size} bytes is too large` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObj(parsed)) return { ok: false, reason: 'not a JSON object' };
  const eventType = str(parsed.EventType)?.toUpperCase();
  if (!eventType || !(AGENT_EVENT_TYPES as readonly string[]).includes(eventType))
    return { ok: false, reason: `unknown EventType ${String(parsed.EventType).slice(0, 40)}` };
  const eventId = str(parsed.EventId);
  if (!eventId) return { ok: false, reason: 'no EventId' };
  // Stryker disable next-line StringLiteral: any text that is not a date parses to NaN like ''
  const eventAt = Date.parse(str(parsed.EventTimestamp) ?? '');
  if (Number.isNaN(eventAt)) return { ok: false, reason: 'no valid EventTimestamp' };
  const agentArn = str(parsed.AgentARN);
  const arnParts = agentArn ? AGENT_ARN.exec(agentArn) : null;
  if (!agentArn || !arnParts) return { ok: false, reason: 'no valid AgentARN' };
  const instanceId = arnParts[1] as string;
  const instanceArn = agentArn.slice(0, agentArn.indexOf('/agent/'));
  const current = decodeSnapshot(parsed.CurrentAgentSnapshot);
  if (!current && (eventType === 'STATE_CHANGE' || eventType === 'HEART_BEAT'))
    return { ok: false, reason: `${eventType} without CurrentAgentSnapshot` };
  return {
    ok: true,
    event: {
      eventId,
      eventType: eventType as AgentEventType,
      eventAt,
      agentArn,
      instanceArn,
      instanceId,
      connectUserId: arnParts[2] as string,
      current,
      previous: decodeSnapshot(parsed.PreviousAgentSnapshot),
    },
  };
}
