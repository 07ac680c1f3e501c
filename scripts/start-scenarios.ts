/**
 * `npm start -- --scenario next-status|chat-offline`: agent presence on the sandbox, step by step.
 * Every agent change goes through the Connect emulator's admin endpoint, so it reaches the table
 * the way production's does: agent event → Kinesis → agent-events Lambda → DynamoDB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  runInboundOnSandbox,
  sandboxPlaceholders,
  sandboxResolvers,
  type FindLastAgentHandler,
} from './flows/sandbox-run';
import { formatEnd, simulate } from './flows/simulate';
import type { Sandbox } from './sandbox/sandbox';
import { queueArn, SAMPLE_QUEUES, sampleAgent } from './sandbox/sample-data';

export const SCENARIOS = ['next-status', 'chat-offline'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const root = path.resolve(__dirname, '..');

async function agentChange(sandbox: Sandbox, userId: string, body: unknown): Promise<void> {
  const res = await fetch(`${sandbox.connectEndpoint}/__sandbox/agents/${userId}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`agent change refused: ${res.status} ${await res.text()}`);
  await sandbox.presence?.settle();
}

async function presenceLine(sandbox: Sandbox, userId: string): Promise<string> {
  const { PresenceReader } = await import('../lambdas/src/presence/presence-reader');
  const reader = new PresenceReader(
    sandbox.presence?.standIns.dynamo as never,
    sandbox.env.PRESENCE_TABLE as string,
  );
  const read = await reader.get(sandbox.instanceId, userId);
  if (!read) return 'no item';
  const i = read.item;
  return `status ${i.statusName} (${i.statusType})${i.nextStatusName ? `, next status ${i.nextStatusName}` : ''}, free slots ${JSON.stringify(i.freeSlotsByChannel)}, chats ${JSON.stringify(i.connectedContactsByChannel.CHAT ?? [])}, from ${i.lastEventType} ${Math.round(read.ageMs / 100) / 10} s ago`;
}

async function callFor(sandbox: Sandbox, handler: FindLastAgentHandler, caller: string): Promise<void> {
  sandbox.clearJournals();
  const run = await runInboundOnSandbox({ sandbox, handler, caller, press: '1' });
  const call = run.lambdaCalls[0];
  const r = call?.response ?? {};
  const log = call?.logs.find((l) => l.message === 'last-agent lookup') ?? {};
  console.log(
    `  find-last-agent: ${r.lookupOutcome} (status ${r.lastAgentStatus}${r.lastAgentNextStatus ? `, next ${r.lastAgentNextStatus}` : ''}; answered by ${String(log.availabilitySource ?? '?')}; Connect requests: ${call?.connectTrips.length ? call.connectTrips.map((t) => t.operation).join(', ') : 'none'})`,
  );
  console.log(`  => ${formatEnd(run.result.end)}`);
}

async function nextStatus(sandbox: Sandbox, handler: FindLastAgentHandler): Promise<void> {
  const carla = sampleAgent('carla').connectUserId as string;
  console.log('1. Carla is Available with no next status (agent event STATE_CHANGE).');
  await agentChange(sandbox, carla, { status: 'Available', nextStatus: null });
  console.log(`  presence: ${await presenceLine(sandbox, carla)}`);
  console.log("  Carla's caller +14155550103 presses 1 to reach her:");
  await callFor(sandbox, handler, '+14155550103');
  console.log('\n2. Carla queues "next status: Offline" while Available (Streams enqueueNextState).');
  console.log('   Connect still counts her as Available in Check staffing; the event stream says otherwise.');
  await agentChange(sandbox, carla, { nextStatus: 'Offline' });
  console.log(`  presence: ${await presenceLine(sandbox, carla)}`);
  await callFor(sandbox, handler, '+14155550103');
}

async function chatOffline(sandbox: Sandbox): Promise<void> {
  const ana = sampleAgent('ana').connectUserId as string;
  const contactId = 'chat-demo-0001';
  const support = SAMPLE_QUEUES.find((q) => q.name === 'Support')?.id as string;
  const marks = (): number =>
    sandbox.connect.journal.filter((e) => e.operation === 'UpdateContactAttributes' && e.status === 200)
      .length;
  sandbox.clearJournals();
  console.log(`1. Ana takes a chat (${contactId}).`);
  await agentChange(sandbox, ana, {
    contacts: [{ contactId, channel: 'CHAT', state: 'CONNECTED', queueId: support }],
  });
  console.log(`  presence: ${await presenceLine(sandbox, ana)}`);
  console.log(
    '\n2. Ana sets Offline during the chat: Connect makes it her next status and keeps the chat with her.',
  );
  await agentChange(sandbox, ana, { nextStatus: 'Offline' });
  console.log(`  presence: ${await presenceLine(sandbox, ana)}`);
  console.log(
    `  agent-events marked the chat: UpdateContactAttributes ${JSON.stringify(sandbox.connect.contactAttributes.get(contactId) ?? {})} (${marks()} request)`,
  );
  console.log('\n3. The event comes again (a redelivery) and a heartbeat follows.');
  const state = sandbox.data.connect.userStates.find((s) => s.userId === ana);
  sandbox.presence?.publisher.publish('STATE_CHANGE', ana, state, state);
  sandbox.presence?.publisher.publish('HEART_BEAT', ana, state, state);
  await sandbox.presence?.settle();
  console.log(`  UpdateContactAttributes requests so far: ${marks()} (the chat is marked once)`);
  console.log(
    '\n4. Ana leaves the chat; its disconnect flow (flows/chat-agent-offline-disconnect.json) runs:',
  );
  const result = await simulate({
    flow: readFileSync(path.join(root, 'flows/chat-agent-offline-disconnect.json'), 'utf8'),
    invokeLambda: async () => ({}),
    contact: {
      channel: 'CHAT',
      contactId,
      initialContactId: contactId,
      attributes: sandbox.connect.contactAttributes.get(contactId) ?? {},
      queueArn: queueArn(support),
    },
    input: [],
    placeholders: sandboxPlaceholders(),
    resolvers: sandboxResolvers,
  });
  for (const s of result.steps)
    console.log(`  ${s.actionId}: ${s.detail}${s.prompt ? ` — "${s.prompt}"` : ''}`);
  console.log(
    `  => ${formatEnd(result.end)}, queue priority ${String(result.routing.queuePriority ?? 'default')}`,
  );
}

export async function runScenario(
  name: Scenario,
  sandbox: Sandbox,
  handler: FindLastAgentHandler,
): Promise<void> {
  if (!sandbox.presence) throw new Error('scenarios need the presence pipeline');
  console.log(`Scenario ${name} on the local sandbox (presence table ${sandbox.env.PRESENCE_TABLE})\n`);
  if (name === 'next-status') await nextStatus(sandbox, handler);
  else await chatOffline(sandbox);
}
