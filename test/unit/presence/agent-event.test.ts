import { decodeAgentEvent } from '../../../lambdas/src/presence/agent-event';

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01';
const AGENT = `${INSTANCE}/agent/b2b2b2b2-0000-4000-8000-00000000b0b2`;

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AWSAccountId: '123456789012',
    AgentARN: AGENT,
    EventId: 'ev-1',
    EventTimestamp: '2026-12-01T10:00:00.000Z',
    EventType: 'STATE_CHANGE',
    InstanceARN: INSTANCE,
    Version: '2019-05-25',
    CurrentAgentSnapshot: {
      AgentStatus: {
        ARN: `${INSTANCE}/agent-state/x`,
        Name: 'Available',
        StartTimestamp: '2026-12-01T09:59:00.000Z',
      },
      NextAgentStatus: null,
      Configuration: {
        Username: 'ben.okafor',
        AgentHierarchyGroups: null,
        RoutingProfile: {
          ARN: `${INSTANCE}/routing-profile/rp`,
          Name: 'Basic',
          InboundQueues: [{ ARN: `${INSTANCE}/queue/q-1`, Name: 'Billing', Channels: ['VOICE', 'CHAT'] }],
          Concurrency: [
            { Channel: 'VOICE', MaximumSlots: 1 },
            { Channel: 'CHAT', MaximumSlots: 3 },
          ],
        },
      },
      Contacts: [],
    },
    PreviousAgentSnapshot: null,
    ...overrides,
  };
}

const decode = (o: unknown) => decodeAgentEvent(Buffer.from(JSON.stringify(o)));

describe('decodeAgentEvent', () => {
  it('decodes a state change with routing profile queues and concurrency', () => {
    // Act
    const r = decode(record());

    // Assess
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toMatchObject({
      eventId: 'ev-1',
      eventType: 'STATE_CHANGE',
      eventAt: Date.parse('2026-12-01T10:00:00.000Z'),
      instanceId: '5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01',
      connectUserId: 'b2b2b2b2-0000-4000-8000-00000000b0b2',
    });
    expect(r.event.current?.statusName).toBe('Available');
    expect(r.event.current?.routingProfile?.inboundQueues).toEqual([
      { arn: `${INSTANCE}/queue/q-1`, id: 'q-1', name: 'Billing', channels: ['VOICE', 'CHAT'] },
    ]);
    expect(r.event.current?.routingProfile?.maxSlotsByChannel).toEqual({ VOICE: 1, CHAT: 3 });
  });

  it.each([
    ['EnqueuedTimestamp', { EnqueuedTimestamp: '2026-12-01T10:00:01.000Z' }],
    ['EnqueueTimestamp', { EnqueueTimestamp: '2026-12-01T10:00:01.000Z' }],
  ])('reads the next status with %s', (_label, stamp) => {
    // Prepare
    const r0 = record();
    (r0.CurrentAgentSnapshot as Record<string, unknown>).NextAgentStatus = {
      ARN: 'x',
      Name: 'Offline',
      ...stamp,
    };

    // Act
    const r = decode(r0);

    // Assess
    expect(r.ok && r.event.current?.nextStatusName).toBe('Offline');
    expect(r.ok && r.event.current?.nextStatusEnqueuedAt).toBe('2026-12-01T10:00:01.000Z');
  });

  it('treats the string "null" as absent wherever Connect writes it', () => {
    // Prepare
    const r0 = record();
    const snap = r0.CurrentAgentSnapshot as Record<string, unknown>;
    snap.NextAgentStatus = 'null';
    (snap.Configuration as Record<string, unknown>).AgentHierarchyGroups = 'null';
    (snap.Configuration as Record<string, unknown>).Username = 'null';
    snap.Contacts = 'null';

    // Act
    const r = decode(r0);

    // Assess
    expect(r.ok).toBe(true);
    expect(r.ok && r.event.current?.nextStatusName).toBeUndefined();
    expect(r.ok && r.event.current?.username).toBeUndefined();
    expect(r.ok && r.event.current?.contacts).toEqual([]);
  });

  it('accepts LOGIN and LOGOUT without a previous snapshot', () => {
    // Act
    const login = decode(record({ EventType: 'LOGIN', PreviousAgentSnapshot: undefined }));
    const logout = decode(
      record({ EventType: 'LOGOUT', PreviousAgentSnapshot: undefined, CurrentAgentSnapshot: undefined }),
    );

    // Assess
    expect(login.ok && login.event.previous).toBeUndefined();
    expect(logout.ok && logout.event.eventType).toBe('LOGOUT');
  });

  it('ignores fields it does not know', () => {
    // Act
    const r = decode(record({ SomethingNew: { nested: [1, 2] } }));

    // Assess
    expect(r.ok).toBe(true);
  });

  it.each([
    ['garbage', Buffer.from('not json {')],
    ['an empty record', Buffer.from('')],
    ['a JSON array', Buffer.from('[]')],
    ['an unknown event type', Buffer.from(JSON.stringify(record({ EventType: 'COFFEE' })))],
    ['no event id', Buffer.from(JSON.stringify(record({ EventId: 'null' })))],
    ['a bad timestamp', Buffer.from(JSON.stringify(record({ EventTimestamp: 'yesterday' })))],
    ['an agent ARN of nothing', Buffer.from(JSON.stringify(record({ AgentARN: 'arn:aws:connect:x' })))],
    [
      'a state change without a snapshot',
      Buffer.from(JSON.stringify(record({ CurrentAgentSnapshot: 'null' }))),
    ],
  ])('reports %s as malformed instead of throwing', (_label, data) => {
    // Act
    const r = decodeAgentEvent(data);

    // Assess
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/\w/);
  });
});
