/**
 * The agent event decoder on the edges real records show: partial snapshots, "null" and empty
 * strings, entries of the wrong type inside lists, padded values, and the exact reason a record
 * is skipped (what the malformed-record log line says).
 */
import fc from 'fast-check';
import { decodeAgentEvent, type AgentEvent } from '../../../lambdas/src/presence/agent-event';

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/i-1';
const AGENT = `${INSTANCE}/agent/a-1`;

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AgentARN: AGENT,
    EventId: 'ev-1',
    EventTimestamp: '2026-12-01T10:00:00.000Z',
    EventType: 'STATE_CHANGE',
    CurrentAgentSnapshot: { AgentStatus: { Name: 'Available' }, Contacts: [] },
    ...overrides,
  };
}

/** A plain Uint8Array (not a Buffer), as any byte source may hand it over. */
const bytes = (text: string): Uint8Array => new Uint8Array(new TextEncoder().encode(text));
const decode = (o: unknown) => decodeAgentEvent(bytes(JSON.stringify(o)));

function decoded(o: unknown): AgentEvent {
  const r = decode(o);
  if (!r.ok) throw new Error(`expected a decoded event, got: ${r.reason}`);
  return r.event;
}

/** A snapshot that says nothing. */
const NOTHING = {
  statusName: undefined,
  statusArn: undefined,
  statusType: undefined,
  statusStartedAt: undefined,
  nextStatusName: undefined,
  nextStatusEnqueuedAt: undefined,
  username: undefined,
  routingProfile: undefined,
  contacts: [],
};

const snapshot = (s: Record<string, unknown>) => decoded(record({ CurrentAgentSnapshot: s })).current;

describe('decodeAgentEvent: what it keeps', () => {
  it('decodes plain bytes and derives the instance and agent from the agent ARN', () => {
    // Act
    const event = decoded(record({ EventType: ' state_change ' }));

    // Assess
    expect(event).toMatchObject({
      eventType: 'STATE_CHANGE',
      agentArn: AGENT,
      instanceArn: INSTANCE,
      instanceId: 'i-1',
      connectUserId: 'a-1',
    });
  });

  it('accepts a GovCloud ARN', () => {
    // Act
    const event = decoded(
      record({ AgentARN: 'arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/i-9/agent/a-9' }),
    );

    // Assess
    expect(event.instanceArn).toBe('arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/i-9');
  });

  it('trims values and treats empty, blank and any-case "null" strings as absent', () => {
    // Act
    const current = snapshot({
      AgentStatus: { Name: '  Available  ', ARN: '', Type: 'NULL', StartTimestamp: '  ' },
      Configuration: { Username: ' ' },
      Contacts: [],
    });

    // Assess
    expect(current).toEqual({ ...NOTHING, statusName: 'Available' });
  });

  it('keeps the status ARN, type and start time (normalised to ISO), and prefers EnqueuedTimestamp', () => {
    // Act
    const current = snapshot({
      AgentStatus: {
        Name: 'Offline',
        ARN: `${INSTANCE}/agent-state/off`,
        Type: 'OFFLINE',
        StartTimestamp: '2026-12-01T09:59:00Z',
      },
      NextAgentStatus: {
        Name: 'Offline',
        EnqueuedTimestamp: '2026-12-01T10:00:02Z',
        EnqueueTimestamp: '2026-12-01T10:00:01Z',
      },
      Configuration: { Username: 'ana' },
      Contacts: [],
    });

    // Assess
    expect(current).toMatchObject({
      statusArn: `${INSTANCE}/agent-state/off`,
      statusType: 'OFFLINE',
      statusStartedAt: '2026-12-01T09:59:00.000Z',
      nextStatusEnqueuedAt: '2026-12-01T10:00:02.000Z',
      username: 'ana',
    });
  });

  it('drops a start time that is not a date', () => {
    // Act / Assess
    expect(
      snapshot({ AgentStatus: { Name: 'Available', StartTimestamp: 'soon' } })?.statusStartedAt,
    ).toBeUndefined();
  });

  it('decodes a snapshot with no status, configuration or contacts', () => {
    // Act / Assess
    expect(snapshot({})).toEqual(NOTHING);
  });

  it('keeps only contacts with an id, upper-cases channel and state, and says UNKNOWN when missing', () => {
    // Act
    const current = snapshot({
      Contacts: [
        null,
        'c-0',
        { ContactId: 'null', Channel: 'CHAT' },
        {
          ContactId: 'c-1',
          InitialContactId: 'i-c-1',
          Channel: 'chat',
          State: 'connected',
          Queue: { ARN: 'q' },
        },
        { ContactId: 'c-2' },
      ],
    });

    // Assess
    expect(current?.contacts).toEqual([
      { contactId: 'c-1', initialContactId: 'i-c-1', channel: 'CHAT', state: 'CONNECTED', queueArn: 'q' },
      {
        contactId: 'c-2',
        initialContactId: undefined,
        channel: 'UNKNOWN',
        state: 'UNKNOWN',
        queueArn: undefined,
      },
    ]);
  });

  it('keeps only queues with an ARN and only the channels that are named', () => {
    // Act
    const rp = snapshot({
      Configuration: {
        RoutingProfile: {
          ARN: `${INSTANCE}/routing-profile/rp-1`,
          Name: 'Basic',
          InboundQueues: [
            null,
            'q',
            { ARN: 'null', Name: 'No ARN' },
            { ARN: `${INSTANCE}/queue/q-1`, Name: 'Billing', Channels: ['VOICE', 'null', 7, ' CHAT '] },
            { ARN: `${INSTANCE}/queue/q-2` },
          ],
        },
      },
    })?.routingProfile;

    // Assess
    expect(rp).toEqual({
      arn: `${INSTANCE}/routing-profile/rp-1`,
      name: 'Basic',
      inboundQueues: [
        { arn: `${INSTANCE}/queue/q-1`, id: 'q-1', name: 'Billing', channels: ['VOICE', 'CHAT'] },
        { arn: `${INSTANCE}/queue/q-2`, id: 'q-2', name: undefined, channels: [] },
      ],
      maxSlotsByChannel: {},
    });
  });

  it('keeps concurrency entries with a channel and a whole, non-negative slot count (0 included)', () => {
    // Act
    const rp = snapshot({
      Configuration: {
        RoutingProfile: {
          Concurrency: [
            null,
            { MaximumSlots: 2 },
            { Channel: 'voice', MaximumSlots: 1 },
            { Channel: 'CHAT', MaximumSlots: 0 },
            { Channel: 'TASK', MaximumSlots: 1.5 },
            { Channel: 'EMAIL', MaximumSlots: -1 },
            { Channel: 'SMS', MaximumSlots: 'many' },
          ],
        },
      },
    })?.routingProfile;

    // Assess
    expect(rp).toEqual({
      arn: undefined,
      name: undefined,
      inboundQueues: [],
      maxSlotsByChannel: { VOICE: 1, CHAT: 0 },
    });
  });

  it('accepts LOGIN without any snapshot', () => {
    // Act
    const event = decoded(record({ EventType: 'LOGIN', CurrentAgentSnapshot: undefined }));

    // Assess
    expect(event.current).toBeUndefined();
    expect(event.previous).toBeUndefined();
  });

  it('takes a record of exactly the size limit', () => {
    // Prepare: valid JSON padded with spaces to 1,000,000 bytes
    const text = JSON.stringify(record());
    const data = bytes(text + ' '.repeat(1_000_000 - text.length));

    // Act
    const r = decodeAgentEvent(data);

    // Assess
    expect(data.byteLength).toBe(1_000_000);
    expect(r.ok).toBe(true);
  });
});

describe('decodeAgentEvent: why it skips a record', () => {
  it.each([
    ['nothing', bytes(''), 'empty record'],
    ['one byte over the limit', new Uint8Array(1_000_001), 'record of 1000001 bytes is too large'],
    ['broken JSON', bytes('{"EventType":'), 'not JSON'],
    ['JSON null', bytes('null'), 'not a JSON object'],
    ['a JSON array', bytes('[{"EventType":"LOGIN"}]'), 'not a JSON object'],
    ['a JSON string', bytes('"STATE_CHANGE"'), 'not a JSON object'],
    ['no EventType', bytes(JSON.stringify(record({ EventType: undefined }))), 'unknown EventType undefined'],
    [
      'a long unknown EventType (cut to 40 characters)',
      bytes(JSON.stringify(record({ EventType: 'X'.repeat(60) }))),
      `unknown EventType ${'X'.repeat(40)}`,
    ],
    ['no EventId', bytes(JSON.stringify(record({ EventId: '' }))), 'no EventId'],
    [
      'no EventTimestamp',
      bytes(JSON.stringify(record({ EventTimestamp: undefined }))),
      'no valid EventTimestamp',
    ],
    ['no AgentARN', bytes(JSON.stringify(record({ AgentARN: 'null' }))), 'no valid AgentARN'],
    [
      'a STATE_CHANGE without snapshot',
      bytes(JSON.stringify(record({ CurrentAgentSnapshot: [] }))),
      'STATE_CHANGE without CurrentAgentSnapshot',
    ],
    [
      'a HEART_BEAT without snapshot',
      bytes(JSON.stringify(record({ EventType: 'HEART_BEAT', CurrentAgentSnapshot: 'null' }))),
      'HEART_BEAT without CurrentAgentSnapshot',
    ],
  ])('%s', (_label, data, reason) => {
    // Act
    const r = decodeAgentEvent(data);

    // Assess
    expect(r).toEqual({ ok: false, reason });
  });

  it.each([
    ['text before the ARN', `x${AGENT}`],
    ['text after the ARN', `${AGENT}/x`],
    ['another service', AGENT.replace(':connect:', ':lambda:')],
    ['an 11-digit account', AGENT.replace('123456789012', '12345678901')],
    ['no region', AGENT.replace('us-east-1', '')],
    ['a queue instead of an agent', `${INSTANCE}/queue/a-1`],
    ['an empty agent id', `${INSTANCE}/agent/`],
    ['an instance id too long', AGENT.replace('i-1', 'i'.repeat(101))],
    ['an agent id with a slash', `${INSTANCE}/agent/a/1`],
  ])('rejects an agent ARN with %s', (_label, arn) => {
    // Act / Assess
    expect(decode(record({ AgentARN: arn }))).toEqual({ ok: false, reason: 'no valid AgentARN' });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        // Act
        const r = decodeAgentEvent(data);

        // Assess
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });

  it('never throws on any JSON value in any field', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (snap, status, contacts) => {
        // Prepare
        const r0 = record({
          CurrentAgentSnapshot: { AgentStatus: status, Contacts: contacts, Configuration: snap },
        });

        // Act
        const r = decode(r0);

        // Assess
        expect(r.ok).toBe(true);
      }),
    );
  });
});
