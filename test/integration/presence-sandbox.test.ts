/**
 * Presence end to end on the sandbox: the Connect emulator's admin endpoint changes an agent, the
 * event goes through Kinesis, the poller and the bundled agent-events Lambda into the table, and
 * find-last-agent answers from the table with no Connect request.
 */
import { contactEvent, lambdaContext } from '../fixtures/contact-event';
import { coldFindLastAgent, type FindLastAgent } from '../fixtures/find-last-agent-handler';
import { useSandbox } from '../fixtures/sandbox-suite';
import { sampleAgent } from '../../scripts/sandbox/sample-data';

describe('presence on the sandbox', () => {
  const suite = useSandbox({ presence: true });
  let handler: FindLastAgent;
  const admin = (userId: string, body: unknown, method = 'POST') =>
    fetch(`${suite.sb.connectEndpoint}/__sandbox/agents/${userId}`, { method, body: JSON.stringify(body) });

  beforeAll(() => {
    handler = coldFindLastAgent();
  });

  beforeEach(() => suite.sb.clearJournals());

  it('seeds the sample agents and keeps Carla (next status Offline) unavailable with 0 Connect requests', async () => {
    // Act
    const res = await handler(contactEvent('+14155550103'), lambdaContext());

    // Assess
    expect(res.lookupOutcome).toBe('AGENT_UNAVAILABLE');
    expect(res.lastAgentNextStatus).toBe('Offline');
    expect(suite.sb.connect.journal.filter((e) => e.operation === 'GetCurrentUserData')).toHaveLength(0);
  });

  it('turns Ben Available from one agent event, with 0 Connect requests', async () => {
    // Prepare
    const ben = sampleAgent('ben').connectUserId as string;
    expect((await handler(contactEvent('+14155550102'), lambdaContext())).lookupOutcome).toBe(
      'AGENT_UNAVAILABLE',
    );

    // Act
    expect((await admin(ben, { status: 'Available', availableVoiceSlots: 1 })).status).toBe(200);
    await suite.sb.presence?.settle();
    suite.sb.clearJournals();
    const res = await handler(contactEvent('+14155550102'), lambdaContext());

    // Assess
    expect(res.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(suite.sb.connect.journal).toHaveLength(0);
  });

  it("marks an agent's chat once when they queue Offline", async () => {
    // Prepare
    const eve = sampleAgent('eve').connectUserId as string;
    await admin(eve, { contacts: [{ contactId: 'chat-eve-1', channel: 'CHAT', state: 'CONNECTED' }] });

    // Act
    await admin(eve, { nextStatus: 'Offline' });
    await admin(eve, { nextStatus: 'Offline' });
    await suite.sb.presence?.settle();

    // Assess
    expect(suite.sb.connect.contactAttributes.get('chat-eve-1')).toMatchObject({
      agentGoingOffline: 'true',
      agentGoingOfflineAgentId: eve,
    });
    expect(suite.sb.connect.journal.filter((e) => e.operation === 'UpdateContactAttributes')).toHaveLength(1);
  });

  it('rejects an admin change it cannot apply', async () => {
    // Act
    const res = await admin(sampleAgent('ana').connectUserId as string, { contacts: [{ channel: 'FAX' }] });

    // Assess
    expect(res.status).toBe(400);
  });
});
