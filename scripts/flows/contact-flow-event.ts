/**
 * The event Connect sends a Lambda that a flow invokes, built in one place for everything here that
 * plays Connect: the flow simulator's InvokeLambdaFunction, the LWC preview's ringing call and the
 * tests of the SCV telephony stand-in.
 */
import type { ContactFlowEvent } from './simulation-types';

type ContactData = ContactFlowEvent['Details']['ContactData'];

/** What the event says about the contact; what is left out is an inbound voice contact's default. */
export interface ContactFacts {
  contactId: string;
  instanceArn: string;
  /** The caller's number (`CustomerEndpoint.Address`); null when the contact has none. */
  customerNumber: string | null;
  /** The number dialled (`SystemEndpoint.Address`); null when the contact has none. */
  systemNumber: string | null;
  attributes?: Record<string, string>;
  channel?: ContactData['Channel'];
  initiationMethod?: ContactData['InitiationMethod'];
  initialContactId?: string;
  previousContactId?: string;
  queue?: ContactData['Queue'];
}

/** The ContactFlowEvent for a contact at a flow's InvokeLambdaFunction, with the block's parameters. */
export function contactFlowEvent(
  contact: ContactFacts,
  parameters: Record<string, string>,
): ContactFlowEvent {
  const endpoint = (address: string | null): ContactData['CustomerEndpoint'] =>
    address === null ? null : { Address: address, Type: 'TELEPHONE_NUMBER' };
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: { ...contact.attributes },
        Channel: contact.channel ?? 'VOICE',
        ContactId: contact.contactId,
        CustomerEndpoint: endpoint(contact.customerNumber),
        InitialContactId: contact.initialContactId ?? contact.contactId,
        InitiationMethod: contact.initiationMethod ?? 'INBOUND',
        InstanceARN: contact.instanceArn,
        PreviousContactId: contact.previousContactId ?? contact.contactId,
        Queue: contact.queue ?? null,
        SystemEndpoint: endpoint(contact.systemNumber),
      },
      Parameters: parameters,
    },
  };
}
