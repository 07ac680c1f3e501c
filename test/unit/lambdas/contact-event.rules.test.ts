/**
 * The contact-flow event as the lookup reads it: which fields count, what is refused, and which
 * Connect instance a contact belongs to. The event is caller- and flow-controlled, so the rules
 * are also checked over arbitrary input (fast-check).
 */
import fc from 'fast-check';
import {
  CHANNELS,
  instanceMismatch,
  instanceOf,
  LOOKUP_CHANNELS,
  parametersOf,
  parseInstanceArn,
  readContactEvent,
} from '../../../lambdas/src/routing/contact-event';

const ARN = 'arn:aws:connect:us-east-1:123456789012:instance/5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01';
const CONTACT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const event = (contactData: Record<string, unknown> | null | undefined): unknown => ({
  Name: 'ContactFlowEvent',
  Details: { ContactData: contactData, Parameters: {} },
});

describe('readContactEvent', () => {
  it('reads a voice contact: id, channel, phone number and instance', () => {
    // Act
    const facts = readContactEvent(
      event({
        ContactId: CONTACT_ID,
        Channel: 'VOICE',
        InstanceARN: ARN,
        CustomerEndpoint: { Address: '+14155550101', Type: 'TELEPHONE_NUMBER' },
      }),
    );

    // Assess
    expect(facts).toEqual({
      contactId: CONTACT_ID,
      channel: 'VOICE',
      customerAddress: '+14155550101',
      instanceArn: ARN,
    });
  });

  it.each([
    ['missing', undefined, 'VOICE'],
    ['null', null, 'VOICE'],
    ['CHAT', 'CHAT', 'CHAT'],
    ['TASK', 'TASK', 'TASK'],
    ['EMAIL', 'EMAIL', 'EMAIL'],
    ['lower-case voice', 'voice', 'OTHER'],
    ['unknown', 'SMS', 'OTHER'],
    ['not a string', 7, 'OTHER'],
  ])('takes a %s Channel as %s', (_what, channel, expected) => {
    expect(readContactEvent(event({ ContactId: CONTACT_ID, Channel: channel })).channel).toBe(expected);
  });

  it('looks up voice contacts only', () => {
    expect([...LOOKUP_CHANNELS]).toEqual(['VOICE']);
    expect(CHANNELS).toEqual(['VOICE', 'CHAT', 'TASK', 'EMAIL']);
  });

  it.each([
    ['a number without a type', { Address: '+14155550101' }, '+14155550101'],
    ['a number with a null type', { Address: '+14155550101', Type: null }, '+14155550101'],
    ['a 64-character address', { Address: '1'.repeat(64) }, '1'.repeat(64)],
    ['a 65-character address', { Address: '1'.repeat(65) }, undefined],
    ['a chat endpoint', { Address: 'customer@example.com', Type: 'EMAIL_ADDRESS' }, undefined],
    ['an address that is not a string', { Address: 14155550101 }, undefined],
    ['a null address', { Address: null }, undefined],
    ['an endpoint that is an array', ['+14155550101'], undefined],
    ['an endpoint that is a string', '+14155550101', undefined],
    ['no endpoint', null, undefined],
  ])('reads the customer address from %s', (_what, endpoint, expected) => {
    expect(readContactEvent(event({ CustomerEndpoint: endpoint })).customerAddress).toBe(expected);
  });

  it.each([
    [CONTACT_ID, CONTACT_ID],
    ['a'.repeat(64), 'a'.repeat(64)],
    ['a'.repeat(65), ''],
    ['', ''],
    ['id with spaces', ''],
    ['id"); DROP', ''],
    [42, ''],
  ])('takes ContactId %p as %p', (id, expected) => {
    expect(readContactEvent(event({ ContactId: id })).contactId).toBe(expected);
  });

  it.each([
    [ARN, ARN],
    ['x'.repeat(256), 'x'.repeat(256)],
    ['x'.repeat(257), undefined],
    [12, undefined],
  ])('keeps InstanceARN %p only as a bounded string', (arn, expected) => {
    expect(readContactEvent(event({ InstanceARN: arn })).instanceArn).toBe(expected);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'event'],
    ['an array', [event({ ContactId: CONTACT_ID })]],
    ['Details as an array', { Details: [{ ContactData: { ContactId: CONTACT_ID } }] }],
    ['ContactData as an array', { Details: { ContactData: [{ ContactId: CONTACT_ID }] } }],
    ['ContactData null', event(null)],
  ])('reads %s as an empty voice contact', (_what, input) => {
    expect(readContactEvent(input)).toEqual({
      contactId: '',
      channel: 'VOICE',
      customerAddress: undefined,
      instanceArn: undefined,
    });
  });

  it('returns only bounded strings, whatever the event holds', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.record(
          {
            ContactId: fc.anything(),
            Channel: fc.anything(),
            InstanceARN: fc.anything(),
            CustomerEndpoint: fc.oneof(
              fc.anything(),
              fc.record({ Address: fc.anything(), Type: fc.anything() }, { requiredKeys: [] }),
            ),
          },
          { requiredKeys: [] },
        ),
        (junk, contactData) => {
          for (const input of [junk, event(contactData)]) {
            const facts = readContactEvent(input);
            expect(facts.contactId).toMatch(/^[A-Za-z0-9-]{0,64}$/);
            expect([...CHANNELS, 'OTHER']).toContain(facts.channel);
            if (facts.customerAddress !== undefined)
              expect(facts.customerAddress.length).toBeLessThanOrEqual(64);
            if (facts.instanceArn !== undefined) expect(facts.instanceArn.length).toBeLessThanOrEqual(256);
          }
        },
      ),
    );
  });
});

describe('parseInstanceArn', () => {
  it('splits an instance ARN into partition, region, account and instance id', () => {
    expect(parseInstanceArn(ARN)).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      instanceId: '5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01',
      instanceArn: ARN,
    });
  });

  it('reads the GovCloud and China partitions', () => {
    expect(parseInstanceArn('arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/i-1')).toMatchObject({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      instanceId: 'i-1',
    });
    expect(parseInstanceArn('arn:aws-cn:connect:cn-north-1:123456789012:instance/i-1')?.partition).toBe(
      'aws-cn',
    );
  });

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['an agent ARN', `${ARN}/agent/a-1`],
    ['a queue ARN', `${ARN}/queue/q-1`],
    ['another service', 'arn:aws:lambda:us-east-1:123456789012:instance/i-1'],
    ['another partition name', 'arn:azure:connect:us-east-1:123456789012:instance/i-1'],
    ['an upper-case region', 'arn:aws:connect:US-EAST-1:123456789012:instance/i-1'],
    ['an empty region', 'arn:aws:connect::123456789012:instance/i-1'],
    ['an 11-digit account', 'arn:aws:connect:us-east-1:12345678901:instance/i-1'],
    ['a 13-digit account', 'arn:aws:connect:us-east-1:1234567890123:instance/i-1'],
    ['a non-numeric account', 'arn:aws:connect:us-east-1:12345678901x:instance/i-1'],
    ['an empty instance id', 'arn:aws:connect:us-east-1:123456789012:instance/'],
    ['an instance id with a slash', 'arn:aws:connect:us-east-1:123456789012:instance/i/1'],
    ['an instance id with an underscore', 'arn:aws:connect:us-east-1:123456789012:instance/i_1'],
    ['a prefix before the ARN', `x${ARN}`],
    ['a suffix after the ARN', `${ARN} `],
  ])('refuses %s', (_what, arn) => {
    expect(parseInstanceArn(arn)).toBeUndefined();
  });
});

describe('instanceOf', () => {
  it("takes the event's instance over the configured one", () => {
    const facts = readContactEvent(event({ InstanceARN: ARN }));
    expect(instanceOf(facts, 'configured-id')).toMatchObject({
      instanceId: '5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01',
      instanceArn: ARN,
    });
  });

  it('falls back to the configured instance when the event has none (or an unusable one)', () => {
    expect(instanceOf(readContactEvent(event({})), 'configured-id')).toEqual({
      instanceId: 'configured-id',
      instanceArn: '',
    });
    expect(instanceOf(readContactEvent(event({ InstanceARN: 'not-an-arn' })), 'configured-id')).toEqual({
      instanceId: 'configured-id',
      instanceArn: '',
    });
  });

  it('knows no instance when neither the event nor the configuration names one', () => {
    expect(instanceOf(readContactEvent(event({})))).toBeUndefined();
    expect(instanceOf(readContactEvent(event({})), '')).toBeUndefined();
  });
});

describe('instanceMismatch: which instances this Lambda can serve', () => {
  const instance = parseInstanceArn(ARN);
  const fn = (region: string, account: string) =>
    `arn:aws:lambda:${region}:${account}:function:find-last-agent`;

  it('reads region and account from its own function ARN before the configured region', () => {
    // Act / Assess
    expect(
      instanceMismatch(instance!, { region: 'eu-west-2', functionArn: fn('us-east-1', '123456789012') }),
    ).toBeUndefined();
    expect(
      instanceMismatch(instance!, { region: 'us-east-1', functionArn: fn('eu-west-2', '123456789012') }),
    ).toMatch(/this Lambda serves eu-west-2/);
  });

  it.each(['abc', '1234567890123', 'x21098765432', '21098765432x', ''])(
    'compares only a 12-digit account (%j is none)',
    (account) => {
      // Act / Assess
      expect(instanceMismatch(instance!, { functionArn: fn('us-east-1', account) })).toBeUndefined();
    },
  );

  it('refuses another 12-digit account', () => {
    expect(instanceMismatch(instance!, { functionArn: fn('us-east-1', '210987654321') })).toMatch(
      /account 123456789012; this Lambda runs in 210987654321/,
    );
  });
});

describe('parametersOf: the invocation parameters, read defensively', () => {
  it.each([null, undefined, 'text', 42, true])('reads %j as no parameters', (parameters) => {
    expect(parametersOf({ Details: { Parameters: parameters } })).toBeUndefined();
  });

  it('reads an object as the parameters', () => {
    expect(parametersOf({ Details: { Parameters: { preferredAgentSeconds: '20' } } })).toEqual({
      preferredAgentSeconds: '20',
    });
  });
});
