/**
 * The sandbox's sample contact center: one Salesforce org and one Amazon Connect instance that
 * agree with each other, built relative to a clock so "2 days ago" stays 2 days ago.
 *
 * Used by the org emulator, the Connect emulator, `npm start`, the benchmark, the LWC preview and
 * the tests. The callers and their expected outcomes are documented in the README.
 */
import { toId18 } from './ids';
import {
  AGENT_BUSY_FOR_SECONDS,
  routingProfileOf,
  SAMPLE_ROUTING_PROFILES,
  type SampleRoutingProfile,
} from './sample-routing';

export const SANDBOX_REGION = 'us-east-1';
export const SANDBOX_ACCOUNT_ID = '123456789012';
export const SANDBOX_INSTANCE_ID = '5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01';
export const SANDBOX_INSTANCE_ARN = `arn:aws:connect:${SANDBOX_REGION}:${SANDBOX_ACCOUNT_ID}:instance/${SANDBOX_INSTANCE_ID}`;
export const SANDBOX_ORG_ID15 = '00DSB0000000ORG';
export const SANDBOX_ORG_ID = toId18(SANDBOX_ORG_ID15);
export const SANDBOX_CALL_CENTER_ID = toId18('04vSB0000001SCV');
export const SANDBOX_INTEGRATION_USERNAME = 'last-agent-integration@scv-last-agent.sandbox';
export const SANDBOX_INTEGRATION_USER_ID = toId18('005SB0000009INT');
export const SANDBOX_CONSUMER_KEY = '3MVG9sandbox.last.agent.routing.consumer.key';
/** The contact center's own number (Connect SystemEndpoint); outbound calls come from it. */
export const SANDBOX_SYSTEM_NUMBER = '+18005550100';
/** Queue a call lands in when there is no last agent or last queue. */
export const SANDBOX_DEFAULT_QUEUE_NAME = 'BasicQueue';

export type AgentKey = 'ana' | 'ben' | 'carla' | 'dev' | 'eve' | 'fay' | 'gus' | 'hana';

/** One agent: a Salesforce user and (except Dev) an Amazon Connect user. */
export interface SampleAgent {
  key: AgentKey;
  firstName: string;
  lastName: string;
  /** 18-character Salesforce User id. */
  sfUserId: string;
  sfUsername: string;
  /** Connect user id (UUID); absent when the agent has no Connect user. */
  connectUserId?: string;
  connectUsername?: string;
  /** How the Lambda should find the Connect user. */
  mappedBy: 'routing-map' | 'scv-username' | 'none';
  /** Current agent status name in Connect, and a pending "next status" if any. */
  status: 'Available' | 'Offline' | 'Lunch';
  nextStatus?: string;
  availableVoiceSlots: number;
}

const agent = (
  key: AgentKey,
  firstName: string,
  lastName: string,
  id15: string,
  connect: { userId?: string; username?: string; mappedBy: SampleAgent['mappedBy'] },
  status: SampleAgent['status'],
  availableVoiceSlots: number,
  nextStatus?: string,
): SampleAgent => ({
  key,
  firstName,
  lastName,
  sfUserId: toId18(id15),
  sfUsername: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@scv-last-agent.sandbox`,
  connectUserId: connect.userId,
  connectUsername: connect.username,
  mappedBy: connect.mappedBy,
  status,
  nextStatus,
  availableVoiceSlots,
});

export const SAMPLE_AGENTS: readonly SampleAgent[] = [
  agent(
    'ana',
    'Ana',
    'Lopez',
    '005SB0000001ANA',
    { userId: 'a1a1a1a1-0000-4000-8000-00000000a0a1', username: 'ana.lopez', mappedBy: 'routing-map' },
    'Available',
    1,
  ),
  agent(
    'ben',
    'Ben',
    'Okafor',
    '005SB0000002BEN',
    { userId: 'b2b2b2b2-0000-4000-8000-00000000b0b2', username: 'ben.okafor', mappedBy: 'routing-map' },
    'Offline',
    0,
  ),
  agent(
    'carla',
    'Carla',
    'Rossi',
    '005SB0000003CAR',
    { userId: 'c3c3c3c3-0000-4000-8000-00000000c0c3', username: 'carla.rossi', mappedBy: 'routing-map' },
    'Available',
    1,
    'Offline',
  ),
  agent('dev', 'Dev', 'Patel', '005SB0000004DEV', { mappedBy: 'none' }, 'Available', 1),
  agent(
    'eve',
    'Eve',
    'Martin',
    '005SB0000005EVE',
    {
      userId: 'e5e5e5e5-0000-4000-8000-00000000e0e5',
      // SCV's default Connect username convention: <15-char user id>@<15-char org id>.
      username: `005SB0000005EVE@${SANDBOX_ORG_ID15}`,
      mappedBy: 'scv-username',
    },
    'Available',
    1,
  ),
  // Preferred-agent routing (sample-routing.ts): two busy agents and one in a Support-only profile.
  agent(
    'fay',
    'Fay',
    'Nguyen',
    '005SB0000006FAY',
    { userId: 'f6f6f6f6-0000-4000-8000-00000000f0f6', username: 'fay.nguyen', mappedBy: 'routing-map' },
    'Available',
    0,
  ),
  agent(
    'gus',
    'Gus',
    'Berg',
    '005SB0000007GUS',
    { userId: 'a7a7a7a7-0000-4000-8000-00000000a0a7', username: 'gus.berg', mappedBy: 'routing-map' },
    'Available',
    0,
  ),
  agent(
    'hana',
    'Hana',
    'Sato',
    '005SB0000008HAN',
    { userId: 'a8a8a8a8-0000-4000-8000-00000000a0a8', username: 'hana.sato', mappedBy: 'routing-map' },
    'Available',
    1,
  ),
];

export function sampleAgent(key: AgentKey): SampleAgent {
  const found = SAMPLE_AGENTS.find((a) => a.key === key);
  if (!found) throw new Error(`no sample agent ${key}`);
  return found;
}

export function agentArn(connectUserId: string): string {
  return `${SANDBOX_INSTANCE_ARN}/agent/${connectUserId}`;
}

export interface SampleQueue {
  id: string;
  name: string;
  queueType: 'STANDARD' | 'AGENT';
}

export const SAMPLE_QUEUES: readonly SampleQueue[] = [
  { id: '0a000000-0000-4000-8000-0000000000b1', name: SANDBOX_DEFAULT_QUEUE_NAME, queueType: 'STANDARD' },
  { id: '0a000000-0000-4000-8000-0000000000b2', name: 'Support', queueType: 'STANDARD' },
  { id: '0a000000-0000-4000-8000-0000000000b3', name: 'Billing', queueType: 'STANDARD' },
];

export function queueArn(queueId: string): string {
  return `${SANDBOX_INSTANCE_ARN}/queue/${queueId}`;
}

/** A caller of the README's table and the outcome `find-last-agent` must give them. */
export interface SampleCaller {
  number: string;
  story: string;
  outcome: string;
  agent?: AgentKey;
}

export const SAMPLE_CALLERS: readonly SampleCaller[] = [
  {
    number: '+14155550101',
    story: 'Ana answered 2 days ago; Ana is Available',
    outcome: 'AGENT_AVAILABLE',
    agent: 'ana',
  },
  {
    number: '+14155550102',
    story: 'Ben answered yesterday; Ben is Offline',
    outcome: 'AGENT_UNAVAILABLE',
    agent: 'ben',
  },
  {
    number: '+14155550103',
    story: 'Carla answered; Carla is Available with next status Offline',
    outcome: 'AGENT_UNAVAILABLE',
    agent: 'carla',
  },
  {
    number: '+14155550104',
    story: 'Dev answered; Dev has no routing map row and no matching Connect user',
    outcome: 'AGENT_NOT_MAPPED',
  },
  {
    number: '+14155550105',
    story: 'Eve answered; Eve mapped only by the SCV username convention; Available',
    outcome: 'AGENT_AVAILABLE',
    agent: 'eve',
  },
  { number: '+14155550106', story: 'only a call 10 days ago', outcome: 'NO_RECENT_CALL' },
  {
    number: '+14155550107',
    story: 'unanswered call 1 hour ago, Ana answered 3 days ago',
    outcome: 'AGENT_AVAILABLE',
    agent: 'ana',
  },
  {
    number: '+14155550108',
    story: 'Ben answered 3 days ago, Ana called the customer back (outbound) yesterday',
    outcome: 'AGENT_AVAILABLE',
    agent: 'ana',
  },
  {
    number: '+14155550109',
    story: 'stored in the org as "(415) 555-0109"; Ana answered',
    outcome: 'AGENT_AVAILABLE',
    agent: 'ana',
  },
  { number: '+14155550199', story: 'never called', outcome: 'NO_RECENT_CALL' },
  {
    number: '+14155550113',
    story: 'Fay answered yesterday; Fay is busy on a call that ends in 8 s',
    outcome: 'AGENT_UNAVAILABLE',
    agent: 'fay',
  },
  {
    number: '+14155550114',
    story: 'Gus answered yesterday; Gus is busy on a call that ends in 4 min',
    outcome: 'AGENT_UNAVAILABLE',
    agent: 'gus',
  },
  {
    number: '+14155550115',
    story: 'Hana answered in Billing; Hana is Available but her routing profile serves only Support',
    outcome: 'AGENT_AVAILABLE',
    agent: 'hana',
  },
];

/** A Salesforce record as the REST API returns it, before `attributes` are added. */
export type SObjectRecord = Record<string, string | number | boolean | null>;

/** The org's data, by sObject API name. */
export type OrgData = Record<string, SObjectRecord[]>;

/** Connect's view of a user's live state, the source of GetCurrentUserData. */
export interface ConnectUserState {
  userId: string;
  status: string;
  statusStartedAt: string;
  nextStatus?: string;
  availableVoiceSlots: number;
  maxVoiceSlots: number;
  /** Seconds until a busy agent's current call ends (the routing step simulator's clock). */
  busyForSeconds?: number;
  /** Contacts the agent holds (the agent event stream shows them; chat handover reads them). */
  contacts?: ConnectAgentContact[];
}

/** A contact on an agent, as the sandbox models it. */
export interface ConnectAgentContact {
  contactId: string;
  initialContactId?: string;
  channel: 'VOICE' | 'CHAT' | 'TASK';
  state: 'CONNECTING' | 'CONNECTED' | 'CONNECTED_ONHOLD' | 'ENDED';
  queueId?: string;
}

export interface ConnectUser {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  routingProfileId: string;
}

export interface ConnectData {
  instanceId: string;
  instanceArn: string;
  users: ConnectUser[];
  queues: SampleQueue[];
  userStates: ConnectUserState[];
  routingProfiles: SampleRoutingProfile[];
}

export interface SampleData {
  org: OrgData;
  connect: ConnectData;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Salesforce REST datetime format: 2026-11-21T09:30:00.000+0000. */
export function sfDateTime(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

/** Builds the whole sample data set with times relative to `now`. */
export function buildSampleData(now: Date = new Date()): SampleData {
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const ana = sampleAgent('ana');
  const ben = sampleAgent('ben');
  const carla = sampleAgent('carla');
  const dev = sampleAgent('dev');
  const eve = sampleAgent('eve');

  const users: SObjectRecord[] = [
    ...SAMPLE_AGENTS.map((a) => ({
      Id: a.sfUserId,
      Username: a.sfUsername,
      FirstName: a.firstName,
      LastName: a.lastName,
      Name: `${a.firstName} ${a.lastName}`,
      Alias: (a.firstName.slice(0, 1) + a.lastName.slice(0, 4)).toLowerCase(),
      Email: a.sfUsername.replace('.sandbox', '.example.com'),
      FederationIdentifier: a.sfUsername,
      IsActive: true,
      CallCenterId: SANDBOX_CALL_CENTER_ID,
    })),
    {
      Id: SANDBOX_INTEGRATION_USER_ID,
      Username: SANDBOX_INTEGRATION_USERNAME,
      FirstName: 'Last Agent',
      LastName: 'Integration',
      Name: 'Last Agent Integration',
      Alias: 'lasti',
      Email: 'integration@scv-last-agent.example.com',
      FederationIdentifier: null,
      IsActive: true,
      CallCenterId: null,
    },
  ];

  let seq = 0;
  const voiceCalls: SObjectRecord[] = [];
  const call = (c: {
    from: string;
    to?: string;
    type?: 'Inbound' | 'Outbound' | 'Transfer' | 'Callback';
    agent?: SampleAgent;
    at: Date;
    queue?: string | null;
    seconds?: number;
    disposition?: string;
    reason?: string | null;
    reasonStatus?: 'Open' | 'Resolved' | null;
    routedToLastAgent?: boolean;
  }): void => {
    seq += 1;
    const id = toId18(`0LQSB${String(seq).padStart(10, '0')}`);
    const seconds = c.seconds ?? (c.agent ? 240 + seq * 17 : 0);
    const accepted = c.agent ? new Date(c.at.getTime() + 20_000) : null;
    voiceCalls.push({
      Id: id,
      Name: `VC-${String(seq).padStart(6, '0')}`,
      OwnerId: c.agent?.sfUserId ?? SANDBOX_INTEGRATION_USER_ID,
      UserId: c.agent?.sfUserId ?? null,
      FromPhoneNumber: c.from,
      ToPhoneNumber: c.to ?? SANDBOX_SYSTEM_NUMBER,
      CallType: c.type ?? 'Inbound',
      CallDisposition: c.disposition ?? (c.agent ? 'completed' : 'new'),
      CallStartDateTime: sfDateTime(c.at),
      CallEndDateTime:
        c.disposition === 'in-progress' ? null : sfDateTime(new Date(c.at.getTime() + seconds * 1000)),
      CallAcceptDateTime: accepted ? sfDateTime(accepted) : null,
      CallDurationInSeconds: c.disposition === 'in-progress' ? null : seconds,
      QueueName: c.queue === undefined ? 'Support' : c.queue,
      VendorCallKey: `c0ffee00-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      CallCenterId: SANDBOX_CALL_CENTER_ID,
      PreviousCallId: null,
      NextCallId: null,
      RelatedRecordId: null,
      CreatedDate: sfDateTime(c.at),
      LastModifiedDate: sfDateTime(new Date(c.at.getTime() + seconds * 1000)),
      Call_Reason__c: c.reason ?? null,
      Call_Reason_Status__c: c.reasonStatus ?? null,
      Routed_To_Last_Agent__c: c.routedToLastAgent ?? false,
    });
  };

  // +14155550101: a regular with a history; the last answered call (Ana, 2 days ago) decides.
  call({
    from: '+14155550101',
    agent: carla,
    at: ago(25 * DAY),
    queue: 'Billing',
    reason: 'Card declined at checkout',
    reasonStatus: 'Resolved',
  });
  call({
    from: '+14155550101',
    agent: ben,
    at: ago(12 * DAY),
    queue: 'Support',
    reason: 'Router keeps rebooting',
    reasonStatus: 'Resolved',
  });
  call({
    from: '+14155550101',
    agent: ana,
    at: ago(2 * DAY),
    queue: 'Support',
    reason: 'Replacement router not delivered',
    reasonStatus: 'Open',
  });
  // The call ringing right now (not yet accepted, so it never counts as a "last agent" call).
  call({
    from: '+14155550101',
    at: ago(30_000),
    queue: null,
    disposition: 'in-progress',
    routedToLastAgent: true,
  });

  call({
    from: '+14155550102',
    agent: ben,
    at: ago(1 * DAY),
    queue: 'Billing',
    reason: 'Refund for double charge',
    reasonStatus: 'Open',
  });
  call({
    from: '+14155550103',
    agent: carla,
    at: ago(1 * DAY + 3 * HOUR),
    queue: 'Support',
    reason: 'Password reset',
  });
  call({ from: '+14155550104', agent: dev, at: ago(2 * DAY + 5 * HOUR), queue: 'Support' });
  call({
    from: '+14155550105',
    agent: eve,
    at: ago(4 * DAY),
    queue: 'Billing',
    reason: 'Upgrade plan',
    reasonStatus: 'Open',
  });
  call({ from: '+14155550106', agent: ana, at: ago(10 * DAY), queue: 'Support', reason: 'Moving house' });

  call({
    from: '+14155550107',
    agent: ana,
    at: ago(3 * DAY),
    queue: 'Support',
    reason: 'Slow internet in the evening',
    reasonStatus: 'Open',
  });
  call({ from: '+14155550107', at: ago(1 * HOUR), queue: 'Support', disposition: 'completed', seconds: 45 });

  call({ from: '+14155550108', agent: ben, at: ago(3 * DAY), queue: 'Billing', reason: 'Invoice question' });
  call({
    from: SANDBOX_SYSTEM_NUMBER,
    to: '+14155550108',
    type: 'Outbound',
    agent: ana,
    at: ago(1 * DAY),
    queue: null,
    reason: 'Callback about invoice',
    reasonStatus: 'Resolved',
  });

  call({
    from: '(415) 555-0109',
    agent: ana,
    at: ago(2 * DAY + 2 * HOUR),
    queue: 'Support',
    reason: 'Modem lights blinking',
  });

  // Other customers, so queries have something to filter out.
  call({ from: '+442079460123', agent: ben, at: ago(1 * DAY), queue: 'Support' });
  call({ from: '+14155550111', agent: carla, at: ago(5 * HOUR), type: 'Transfer', queue: 'Billing' });
  call({
    from: SANDBOX_SYSTEM_NUMBER,
    to: '+14155550112',
    type: 'Outbound',
    agent: eve,
    at: ago(6 * HOUR),
    queue: null,
  });

  // Preferred-agent routing: two busy agents' callers and one whose agent does not serve Billing.
  const fay = sampleAgent('fay');
  const gus = sampleAgent('gus');
  const hana = sampleAgent('hana');
  call({ from: '+14155550113', agent: fay, at: ago(1 * DAY), queue: 'Support', reason: 'Wi-Fi drops' });
  call({ from: '+14155550114', agent: gus, at: ago(1 * DAY), queue: 'Support', reason: 'New SIM card' });
  call({ from: '+14155550115', agent: hana, at: ago(2 * DAY), queue: 'Billing', reason: 'Late fee' });

  const routingMap: SObjectRecord[] = SAMPLE_AGENTS.filter((a) => a.mappedBy === 'routing-map').map(
    (a, i) => ({
      Id: toId18(`0hnSB000000${String(i + 1).padStart(4, '0')}`),
      CallCenterId: SANDBOX_CALL_CENTER_ID,
      ReferenceRecordId: a.sfUserId,
      ExternalId: agentArn(a.connectUserId as string),
      QuickConnect: null,
      DeveloperName: `${a.firstName}_${a.lastName}`,
      MasterLabel: `${a.firstName} ${a.lastName}`,
    }),
  );

  const groups: SObjectRecord[] = SAMPLE_QUEUES.map((q, i) => ({
    Id: toId18(`00GSB000000${String(i + 1).padStart(4, '0')}`),
    Name: q.name,
    DeveloperName: q.name.replace(/\W/g, '_'),
    Type: 'Queue',
  }));

  const connectUsers: ConnectUser[] = SAMPLE_AGENTS.filter((a) => a.connectUserId).map((a) => ({
    id: a.connectUserId as string,
    username: a.connectUsername as string,
    firstName: a.firstName,
    lastName: a.lastName,
    routingProfileId: routingProfileOf(a.key),
  }));

  // Ben is logged in with status Offline, so Connect still reports him (with no free slots).
  const userStates: ConnectUserState[] = SAMPLE_AGENTS.filter((a) => a.connectUserId).map((a) => ({
    userId: a.connectUserId as string,
    status: a.status,
    statusStartedAt: ago(40 * 60_000).toISOString(),
    nextStatus: a.nextStatus,
    availableVoiceSlots: a.availableVoiceSlots,
    maxVoiceSlots: 1,
    ...(AGENT_BUSY_FOR_SECONDS[a.key] !== undefined ? { busyForSeconds: AGENT_BUSY_FOR_SECONDS[a.key] } : {}),
    // A routable agent with no free voice slot is on a call: the agent event stream shows it as a
    // connected contact, which is how the presence table knows the agent is busy.
    ...(a.status === 'Available' && a.availableVoiceSlots === 0 ? { contacts: [busyCallOf(a.key)] } : {}),
  }));

  return {
    org: {
      Organization: [{ Id: SANDBOX_ORG_ID, Name: 'SCV Last Agent Sandbox' }],
      CallCenter: [
        { Id: SANDBOX_CALL_CENTER_ID, Name: 'SCV Sandbox Contact Center', InternalName: 'scvSandbox' },
      ],
      User: users,
      Group: groups,
      CallCenterRoutingMap: routingMap,
      VoiceCall: voiceCalls,
    },
    connect: {
      instanceId: SANDBOX_INSTANCE_ID,
      instanceArn: SANDBOX_INSTANCE_ARN,
      users: connectUsers,
      queues: [...SAMPLE_QUEUES],
      userStates,
      routingProfiles: SAMPLE_ROUTING_PROFILES.map((p) => ({ ...p })),
    },
  };
}

/** The voice call a busy sample agent is on (a deterministic contact id per agent). */
function busyCallOf(agentKey: string): ConnectAgentContact {
  const hex = Buffer.from(agentKey.padEnd(6, '0')).toString('hex').slice(0, 12).padEnd(12, '0');
  const contactId = `b05ca11b-0000-4000-8000-${hex}`;
  return { contactId, initialContactId: contactId, channel: 'VOICE', state: 'CONNECTED' };
}
