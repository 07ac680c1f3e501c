/**
 * UpdateContactAttributes for the chat handover (aws-sdk-client-mock): the request, and which
 * Connect errors mean the contact is gone (never retried) versus a failure to retry.
 */
import { ConnectClient, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectContactAttributes } from '../../../lambdas/src/connect/contact-attributes';
import { ContactGoneError } from '../../../lambdas/src/presence/chat-handover';

const connect = mockClient(ConnectClient);
const INPUT = { instanceId: 'i-1', initialContactId: 'c-1', attributes: { agentGoingOffline: 'true' } };
const named = (name: string) => Object.assign(new Error(`${name} happened`), { name });

function setup() {
  return {
    port: new ConnectContactAttributes(new ConnectClient({ region: 'us-east-1' })),
    signal: new AbortController().signal,
  };
}

beforeEach(() => connect.reset());

describe('ConnectContactAttributes', () => {
  it('sends the attributes for the initial contact, on the invocation signal, and counts the call', async () => {
    // Prepare
    connect.on(UpdateContactAttributesCommand).resolves({});
    const { port, signal } = setup();

    // Act
    await port.update(INPUT, signal);

    // Assess
    expect(connect).toReceiveCommandWith(UpdateContactAttributesCommand, {
      InstanceId: 'i-1',
      InitialContactId: 'c-1',
      Attributes: { agentGoingOffline: 'true' },
    });
    expect((connect.calls()[0]?.args as unknown[])[1]).toEqual({ abortSignal: signal });
    expect(port.requests).toBe(1);
  });

  it.each(['ResourceNotFoundException', 'InvalidParameterException', 'InvalidRequestException'])(
    '%s means the contact is gone',
    async (name) => {
      // Prepare
      const cause = named(name);
      connect.on(UpdateContactAttributesCommand).rejects(cause);
      const { port } = setup();

      // Act
      const error = await port.update(INPUT).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ContactGoneError);
      expect(error).toMatchObject({ message: `${name}: ${name} happened`, cause });
    },
  );

  it.each(['ThrottlingException', 'InternalServiceException', 'AbortError'])(
    '%s is passed on as it is, to be retried',
    async (name) => {
      // Prepare
      const cause = named(name);
      connect.on(UpdateContactAttributesCommand).rejects(cause);
      const { port } = setup();

      // Act / Assess
      await expect(port.update(INPUT)).rejects.toBe(cause);
    },
  );

  it('passes on a rejection that is not an Error', async () => {
    // Prepare
    connect.on(UpdateContactAttributesCommand).callsFake(() => Promise.reject(undefined));
    const { port } = setup();

    // Act / Assess
    await expect(port.update(INPUT)).rejects.toBeUndefined();
  });
});
