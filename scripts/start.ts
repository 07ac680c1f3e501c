/**
 * `npm start`: the product end to end on the local sandbox. Starts the org and Connect emulators,
 * walks the inbound flow for a sample caller with the real `find-last-agent` handler (and a
 * stand-in for SCV's telephony Lambda), and prints what the Lambda found (call, agent, mapping,
 * status, decision, time, round trips), the VoiceCall SCV created, and where the call went.
 *
 *   npm start -- --caller +14155550102 --press 2
 *   npm start -- --mode direct --caller +14155550101
 */
import { parseArgs } from 'node:util';
import {
  runInboundOnSandbox,
  type FindLastAgentHandler,
  type LambdaCall,
  type SandboxFlowRun,
} from './flows/sandbox-run';
import { INBOUND_FLOW_FILES, type InboundMode, type Press } from './flows/inbound';
import { formatEndLine, formatTrace } from './flows/trace';
import { startSandbox } from './sandbox/sandbox';
import { SAMPLE_CALLERS } from './sandbox/sample-data';

const USAGE = `usage: npm start -- [--mode preferred|direct] [--caller <number>] [--press 1|2|none] [--no-trace]
  --mode     preferred (default): flows/inbound-preferred-agent.json, a routing step that prefers the
             last agent for a few seconds, then anyone in the queue;
             direct: flows/inbound-last-agent-routing.json, the last agent's own agent queue
  --caller   the calling number (default +14155550101); sample callers:
${SAMPLE_CALLERS.map((c) => `               ${c.number}  ${c.story}`).join('\n')}
  --press    what the caller does at every prompt (open matter? the available last agent?):
             1 yes, 2 no, none (timeout); default 1
  --no-trace leave out the step-by-step flow trace`;

function fail(message: string): never {
  console.error(`npm start: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { caller: string; press: Press; trace: boolean; mode: InboundMode } {
  let values: { caller?: string; press?: string; mode?: string; 'no-trace'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        caller: { type: 'string' },
        press: { type: 'string' },
        mode: { type: 'string' },
        'no-trace': { type: 'boolean' },
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
  const mode = values.mode ?? 'preferred';
  if (mode !== 'preferred' && mode !== 'direct') fail(`--mode must be preferred or direct (got ${mode})`);
  return { caller: values.caller ?? '+14155550101', press, trace: !values['no-trace'], mode };
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
  lines.push(`  Preferred    ${describePreference(r)}`);
  if (r.openMatter === 'true')
    lines.push("  Open matter  the last call's reason is still Open (Call_Reason_Status__c)");
  const compact = JSON.stringify(log);
  if (compact !== '{}') lines.push(`  Lambda log   ${compact}`);
  return lines;
}

/** Why the last agent is or is not worth a preferred-agent routing step. */
function describePreference(r: Record<string, string>): string {
  if (r.preferredQueueArn) {
    const busy = r.lastAgentAvailable === 'true' ? 'free now' : 'routable but busy';
    return `yes: ${r.lastAgentFirstName} is ${busy} and serves ${r.lastQueueName}`;
  }
  if (r.lastAgentRoutable === 'true' && r.lastAgentServesQueue === 'false')
    return `no: ${r.lastAgentFirstName}'s routing profile does not serve ${r.lastQueueName}`;
  if (r.lastAgentRoutable === 'true' && r.lastAgentServesQueue === 'unknown')
    return "no: Connect did not say which queues the agent's routing profile serves";
  if (r.lastAgentRoutable === 'true') return 'no: no last queue to prefer the agent in';
  if (r.lastAgentFound === 'true')
    return 'no: the agent is not routable (offline, next status pending or unknown)';
  return 'no: no last agent in Connect';
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
  const { caller, press, trace, mode } = parse();
  const sandbox = await startSandbox();
  try {
    Object.assign(process.env, sandbox.env, { POWERTOOLS_LOG_LEVEL: 'INFO' });
    const { handler } = (await import('../lambdas/src/handlers/find-last-agent')) as unknown as {
      handler: FindLastAgentHandler;
    };
    const sample = SAMPLE_CALLERS.find((c) => c.number === caller);
    console.log(
      `scv-last-agent on the local sandbox (org ${sandbox.sfLoginUrl}, Connect ${sandbox.connectEndpoint})`,
    );
    console.log(`Caller ${caller}${sample ? `: ${sample.story}` : ' (not one of the sample callers)'}`);
    console.log(`Mode ${mode}: ${INBOUND_FLOW_FILES[mode]}`);
    console.log(
      `Caller's choice at each prompt: ${press === 'none' ? 'no input (timeout)' : `presses ${press}`}\n`,
    );

    const run = await runInboundOnSandbox({ sandbox, handler, caller, press, mode });
    const { result, lambdaCalls } = run;
    lambdaCalls.forEach((call, i) => console.log(`${describeLookup(call, i === 0).join('\n')}\n`));
    // Before the trace: the last line of output stays where the call went.
    console.log(describeVoiceCall(run));
    if (trace) {
      console.log(`Inbound flow (${INBOUND_FLOW_FILES[mode]}):`);
      console.log(formatTrace(result));
    } else {
      console.log(formatEndLine(result));
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((e: unknown) => {
  console.error(`npm start failed: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
