/**
 * What the lookup needs from Connect's ContactFlowEvent, read defensively: flows send VOICE, CHAT,
 * TASK and EMAIL contacts, and `CustomerEndpoint` or `InstanceARN` may be missing or odd.
 */
import type { InstanceRef } from './types';

/** The subset of Connect's event the Lambdas read (Connect may add fields at any time). */
export interface ContactFlowEventLike {
  Name?: string;
  Details?: {
    ContactData?: {
      Channel?: string;
      ContactId?: string;
      InitialContactId?: string;
      InstanceARN?: string;
      CustomerEndpoint?: { Address?: string | null; Type?: string | null } | null;
      Attributes?: Record<string, string> | null;
    } | null;
    Parameters?: Record<string, string> | null;
  } | null;
}

const INSTANCE_ARN = /^arn:aws[\w-]*:connect:[\w-]+:\d{12}:instance\/([\w-]+)$/;

/** The instance from the event, or from configuration when the event has none. */
export function instanceOf(
  event: ContactFlowEventLike,
  configuredInstanceId?: string,
): InstanceRef | undefined {
  const arn = event?.Details?.ContactData?.InstanceARN;
  const m = typeof arn === 'string' ? INSTANCE_ARN.exec(arn) : null;
  if (m) return { instanceId: m[1] as string, instanceArn: arn as string };
  if (configuredInstanceId) return { instanceId: configuredInstanceId, instanceArn: '' };
  return undefined;
}

/** The customer's phone number as Connect gives it; undefined for contacts without one. */
export function customerAddressOf(event: ContactFlowEventLike): string | undefined {
  const endpoint = event?.Details?.ContactData?.CustomerEndpoint;
  if (!endpoint || typeof endpoint !== 'object') return undefined;
  if (endpoint.Type && endpoint.Type !== 'TELEPHONE_NUMBER') return undefined;
  return typeof endpoint.Address === 'string' ? endpoint.Address : undefined;
}

export function contactIdOf(event: ContactFlowEventLike): string {
  const id = event?.Details?.ContactData?.ContactId;
  return typeof id === 'string' ? id : '';
}
