/**
 * `npm start`: the product end to end on the local sandbox. Starts the org and Connect emulators,
 * walks the inbound flow for a sample caller with the real `find-last-agent` handler (and a
 * stand-in for SCV's telephony Lambda), and prints what the Lambda found (call, agent, mapping,
 * status, decision, time, round trips), the VoiceCall SCV created, and where the call went.
 *
 *   npm start -- --caller +14155550102 --press 2
 */
import { parseArgs } from 'node:util';
import {
  runInboundOnSandbox,
  type FindLastAgentHandler,
  type LambdaCall,
  type SandboxFlowRun,
} from './flows/sandbox-run';
import type { Press } from './flows/inbound';
import { formatEnd } from './flows/simulate';
import { formatTrace } from './flows/trace';
import { startSandbox } from './sandbox/sandbox';
import { SAMPLE_CALLERS } from './sandbox/sample-data';
import { runScenario, SCENARIOS, type Scenario } from './start-scenarios';

const USAGE = `usage: npm start -- [--caller <number>] [--press 1|2|none] [--no-trace] [--scenario next-status|chat-offline]
  --caller   the calling number (default +14155550101); sample callers:
${SAMPLE_CALLERS.map((c) => `               ${c.number}  ${c.story}`).join('\n')}
  --press    what the caller does when offered their last agent: 1 yes, 2 no, none (timeout); default 1
  --no-trace leave out the step-by-step flow trace
  --scenario next-status: Carla queues "next status: Offline" and her caller goes to the queue
             chat-offline: an agent with a chat goes Offline; the chat is marked once and goes back to its queue`;

function fail(message: string): never {
  console.error(`npm start: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { caller: string; press: Press; trace: boolean; scenario?: Scenario } {
  let values: { caller?: string; press?: string; 'no-trace'?: boolean; help?: boolean; scenario?: string };
  try {
    ({ values } = parseArgs({
      options: {
        caller: { type: 'string' },
        press: { type: 'string' },
        'no-trace': { type: 'boolean' },
        scenario: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const press = values.press ?? '1';
  if (press !== '1' && press !== '2' && press !== 'none') fail(`--press must be 1, 2 or none (got ${press})`);
  const scenario = values.scenario;
  if (scenario !== undefined && !(SCENARIOS as readonly string[]).includes(scenario))
    fail(`--scenario must be ${SCENARIOS.join(' or ')} (got ${scenario})`);
  return {
    caller: values.caller ?? '+14155550101',
    press,
    trace: !values['no-trace'],
    scenario: scenario as Scenario | undefined,
  };
}

const ms = (n: number): string => `${Math.round(n)} ms`;

function ago(iso: string): string {
  const hours = (Date.now() - Date.parse(iso)) / 3_600_000;
  if (Number.isNaN(hours)) return '';
  if (hours < 1) return `${Math.round(hours * 60)} min ago`;
  if (hours < 36) return `${Math.round(hours)} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** The readable account of one find-last-agent invocation. */
function describeLookup(call: LambdaCall, cold: boolean): string[] {
  const r = call.response ?? {};
  const log = call.logs.find((l) => l.message === 'last-agent lookup') ?? {};
  const trips = (entries: LambdaCall['orgTrips']) =>
    entries.length === 0 ? 'none' : entries.map((e) => `${e.operation ?? e.path} (${e.status})`).join(', ');
  const lines = [
    `find-last-agent: ${cold ? 'cold start' : 'warm'}, ${ms(call.ms)}, ${call.orgTrips.length} Salesforce + ${call.connectTrips.length} Connect round trips`,
    `  Salesforce   ${trips(call.orgTrips)}`,
    `  Connect      ${trips(call.connectTrips)}`,
  ];
  if (call.error) return [...lines, `  Error        ${call.error}`];
  if (r.lastVoiceCallId) {
    const reason = r.lastCallReason ? `, reason "${r.lastCallReason}"` : '';
    lines.push(
      `  Last call    ${r.lastVoiceCallId}, ${ago(r.lastCallAt ?? '')}, queue ${r.lastQueueName || '(none recorded)'}${reason}`,
    );
  } else {
    lines.push('  Last call    none answered in the lookback window');
  }
  if (r.lastAgentFound === 'true') {
    const via =
      log.mappedBy === 'scv-username' ? "SCV's username convention (SearchUsers)" : 'CallCenterRoutingMap';
    lines.push(`  Agent        ${r.lastAgentFirstName} → Connect user ${r.lastAgentId}, mapped by ${via}`);
    const next = r.lastAgentNextStatus ? `, next status ${r.lastAgentNextStatus}` : '';
    const status =
      r.lastAgentAvailable === 'unknown' ? 'unknown (Connect did not answer)' : `${r.lastAgentStatus}${next}`;
    lines.push(`  Status       ${status}${log.availability ? ` [${String(log.availability)}]` : ''}`);
  } else if (r.lookupOutcome === 'AGENT_NOT_MAPPED') {
    lines.push(
      '  Agent        the Salesforce user has no Connect agent (no routing map row, no SCV username match)',
    );
  }
  lines.push(`  Decision     ${r.lookupOutcome}${r.lastQueueArn ? `, last queue ${r.lastQueueName}` : ''}`);
  const compact = JSON.stringify(log);
  if (compact !== '{}') lines.push(`  Lambda log   ${compact}`);
  return lines;
}

/** One line on the VoiceCall SCV's createVoiceCall made (or why there is none). */
function describeVoiceCall(run: SandboxFlowRun): string {
  const vc = run.voiceCall;
  if (vc) {
    return `SCV createVoiceCall: VoiceCall ${String(vc.Id)}, Routed_To_Last_Agent__c = ${String(vc.Routed_To_Last_Agent__c)}\n`;
  }
  const failed = run.telephonyCalls.find((c) => c.error !== undefined);
  return `SCV createVoiceCall: no VoiceCall${failed ? ` (${failed.error})` : ''}\n`;
}

async function main(): Promise<void> {
  const { caller, press, trace, scenario } = parse();
  const sandbox = await startSandbox();
  try {
    Object.assign(process.env, sandbox.env, { POWERTOOLS_LOG_LEVEL: 'INFO' });
    const { handler } = (await import('../lambdas/src/handlers/find-last-agent')) as unknown as {
      handler: FindLastAgentHandler;
    };
    if (scenario) {
      await runScenario(scenario, sandbox, handler);
      return;
    }
    const sample = SAMPLE_CALLERS.find((c) => c.number === caller);
    console.log(
      `scv-last-agent on the local sandbox (org ${sandbox.sfLoginUrl}, Connect ${sandbox.connectEndpoint})`,
    );
    console.log(`Caller ${caller}${sample ? `: ${sample.story}` : ' (not one of the sample callers)'}`);
    console.log(
      `Caller's choice when offered the last agent: ${press === 'none' ? 'no input (timeout)' : `presses ${press}`}\n`,
    );

    const run = await runInboundOnSandbox({ sandbox, handler, caller, press });
    const { result, lambdaCalls } = run;
    lambdaCalls.forEach((call, i) => console.log(`${describeLookup(call, i === 0).join('\n')}\n`));
    // Before the trace: the last line of output stays where the call went.
    console.log(describeVoiceCall(run));
    if (trace) {
      console.log('Inbound flow (flows/inbound-last-agent-routing.json):');
      console.log(formatTrace(result));
    } else {
      console.log(`=> ${formatEnd(result.end)}`);
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((e: unknown) => {
  console.error(`npm start failed: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
