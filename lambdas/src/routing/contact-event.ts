/**
 * What the lookup needs from Connect's ContactFlowEvent, read defensively: flows send VOICE, CHAT,
 * TASK and EMAIL contacts, and any field may be missing, of the wrong type, huge or deeply nested
 * (the event is caller- and flow-controlled). `readContactEvent` validates it once, before anything
 * from it reaches a log record or a query: every field it returns is a bounded string.
 */
import type { InstanceRef } from './types';

/** Channels Connect sends; anything else is logged as `OTHER`, never verbatim. */
export const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number] | 'OTHER';

/**
 * Channels that get a lookup. Only voice: the answer is about voice (the last answered VoiceCall,
 * the agent's free voice slot, a voice queue). An SMS chat has a phone endpoint too, but routing a
 * chat by a voice call's agent and voice capacity would be wrong, so it answers NO_CALLER_NUMBER.
 * A contact without a Channel is taken as voice (test events and very old flows omit it).
 */
export const LOOKUP_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['VOICE']);

/** The event's fields, validated: each is a string of bounded length, "" when absent or unusable. */
export interface ContactEventFacts {
  /** Connect contact ids are UUIDs; anything else (wrong type, odd characters, too long) is "". */
  contactId: string;
  channel: Channel;
  /** The customer's phone number as Connect gives it, if the endpoint is a phone number (≤ 64 chars). */
  customerAddress?: string;
  /** The event's InstanceARN when it is one (≤ 256 chars). */
  instanceArn?: string;
}

const CONTACT_ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_ADDRESS_CHARS = 64;
const MAX_ARN_CHARS = 256;
const INSTANCE_ARN = /^arn:(aws[a-z-]*):connect:([a-z0-9-]+):(\d{12}):instance\/([A-Za-z0-9-]+)$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the event without recursing into it: only fixed paths are read, each type-checked. */
export function readContactEvent(event: unknown): ContactEventFacts {
  const details = isRecord(event) ? event.Details : undefined;
  const data = isRecord(details) ? details.ContactData : undefined;
  const contact = isRecord(data) ? data : {};
  const rawId = contact.ContactId;
  const rawChannel = contact.Channel;
  const channel: Channel =
    rawChannel === undefined || rawChannel === null
      ? 'VOICE'
      : (CHANNELS as readonly unknown[]).includes(rawChannel)
        ? (rawChannel as Channel)
        : 'OTHER';
  const endpoint = contact.CustomerEndpoint;
  let customerAddress: string | undefined;
  if (isRecord(endpoint) && typeof endpoint.Address === 'string') {
    const type = endpoint.Type;
    const isPhone = type === undefined || type === null || type === 'TELEPHONE_NUMBER';
    if (isPhone && endpoint.Address.length <= MAX_ADDRESS_CHARS) customerAddress = endpoint.Address;
  }
  const arn = contact.InstanceARN;
  return {
    contactId: typeof rawId === 'string' && CONTACT_ID.test(rawId) ? rawId : '',
    channel,
    customerAddress,
    instanceArn: typeof arn === 'string' && arn.length <= MAX_ARN_CHARS ? arn : undefined,
  };
}

/** The parts of an instance ARN, for checking it against the Lambda's own region and account. */
export interface InstanceArnParts extends InstanceRef {
  partition: string;
  region: string;
  accountId: string;
}

export function parseInstanceArn(arn: string | undefined): InstanceArnParts | undefined {
  const m = arn ? INSTANCE_ARN.exec(arn) : null;
  if (!m) return undefined;
  return {
    partition: m[1] as string,
    region: m[2] as string,
    accountId: m[3] as string,
    instanceId: m[4] as string,
    instanceArn: arn as string,
  };
}

/** The instance from the event, or from configuration when the event has none. */
export function instanceOf(
  facts: ContactEventFacts,
  configuredInstanceId?: string,
): InstanceArnParts | InstanceRef | undefined {
  const parsed = parseInstanceArn(facts.instanceArn);
  if (parsed) return parsed;
  if (configuredInstanceId) return { instanceId: configuredInstanceId, instanceArn: '' };
  return undefined;
}

/**
 * Why this Lambda cannot serve the event's instance, if it cannot: its Connect client (and IAM
 * role) belong to one region and account, and a lookup against another instance would fail late
 * (ResourceNotFound, AccessDenied) or read the wrong one. The account is compared when Lambda
 * gives it (the function ARN in the context).
 */
export function instanceMismatch(
  instance: InstanceRef | InstanceArnParts,
  own: { region?: string; functionArn?: string },
): string | undefined {
  if (!('region' in instance)) return undefined;
  const [, , , region, account] = (own.functionArn ?? '').split(':');
  const ownRegion = region || own.region;
  if (ownRegion && instance.region !== ownRegion)
    return `the contact's instance is in ${instance.region}; this Lambda serves ${ownRegion}: deploy find-last-agent in the instance's region`;
  if (account && /^\d{12}$/.test(account) && instance.accountId !== account)
    return `the contact's instance is in account ${instance.accountId}; this Lambda runs in ${account}: deploy find-last-agent in the instance's account`;
  return undefined;
}

/** The invocation's parameters (LambdaInvocationAttributes), read defensively. */
export function parametersOf(event: unknown): Record<string, unknown> | undefined {
  const details = (event as { Details?: { Parameters?: unknown } } | null | undefined)?.Details;
  const parameters = details?.Parameters;
  return parameters && typeof parameters === 'object' ? (parameters as Record<string, unknown>) : undefined;
}

/**
 * The contact's instance when this Lambda can serve it (the event's, else the configured one),
 * or why it cannot. `functionArn` is the Lambda's own, from its invocation context.
 */
export function servedInstance(
  facts: ContactEventFacts,
  own: { connectInstanceId?: string; awsRegion?: string },
  functionArn?: string,
): { instance: InstanceRef; error?: undefined } | { instance?: undefined; error: string } {
  const instance = instanceOf(facts, own.connectInstanceId);
  if (!instance) return { error: 'no Connect instance in the event and CONNECT_INSTANCE_ID unset' };
  const mismatch = instanceMismatch(instance, { region: own.awsRegion, functionArn });
  return mismatch ? { error: mismatch } : { instance };
}
