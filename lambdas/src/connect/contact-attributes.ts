/**
 * UpdateContactAttributes for the chat handover. Throttling and service errors propagate (the
 * record is retried); a contact Connect no longer knows is `ContactGoneError` (never retried).
 */
import { UpdateContactAttributesCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { ContactGoneError, type ContactAttributesPort } from '../presence/chat-handover';

const CONTACT_GONE = new Set([
  'ResourceNotFoundException',
  'InvalidParameterException',
  'InvalidRequestException',
]);

export class ConnectContactAttributes implements ContactAttributesPort {
  /** Round trips made, for logs and the benchmark. */
  public requests = 0;

  public constructor(private readonly client: ConnectClient) {}

  public async update(
    input: { instanceId: string; initialContactId: string; attributes: Record<string, string> },
    signal?: AbortSignal,
  ): Promise<void> {
    this.requests += 1;
    try {
      await this.client.send(
        new UpdateContactAttributesCommand({
          InstanceId: input.instanceId,
          InitialContactId: input.initialContactId,
          Attributes: input.attributes,
        }),
        { abortSignal: signal },
      );
    } catch (e) {
      const name = String((e as Error)?.name);
      if (CONTACT_GONE.has(name))
        throw new ContactGoneError(`${name}: ${(e as Error).message}`, { cause: e });
      throw e;
    }
  }
}
