import type { ConnectContactFlowEvent, ContactChannel } from '../../lambdas/src/routing/connect-event';
import { SANDBOX_INSTANCE_ARN, SANDBOX_SYSTEM_NUMBER } from './sample-data';

/**
 * A Connect ContactFlowEvent as an inbound voice flow sends it to a Lambda (tests, the benchmark). `address` and
 * `endpointType` may be anything, to feed the handler what a broken or hostile event would hold.
 */
export function contactEvent(
  address: unknown,
  overrides: {
    channel?: ContactChannel;
    instanceArn?: string;
    endpointType?: string;
    contactId?: string;
  } = {},
): ConnectContactFlowEvent {
  const contactId =
    overrides.contactId ??
    `c0ffee00-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: overrides.channel ?? 'VOICE',
        ContactId: contactId,
        CustomerEndpoint:
          address === undefined
            ? null
            : ({ Address: address, Type: overrides.endpointType ?? 'TELEPHONE_NUMBER' } as {
                Address: string;
                Type: 'TELEPHONE_NUMBER';
              }),
        InitialContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN: overrides.instanceArn ?? SANDBOX_INSTANCE_ARN,
        PreviousContactId: contactId,
        Queue: null,
        SystemEndpoint: { Address: SANDBOX_SYSTEM_NUMBER, Type: 'TELEPHONE_NUMBER' },
      },
      Parameters: {},
    },
  };
}
