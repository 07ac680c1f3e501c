/**
 * The inbound last-agent routing flow as a ready-made simulation: loads `flows/`, turns
 * `--press 1|2|none` into caller input, and returns the result. `npm start` and the integration
 * test only have to supply the Lambda invoker, placeholder values and name resolvers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, type SimulateOptions, type SimulationResult } from './simulate';

/** The inbound flow's file, relative to the repository root: the "direct" mode (agent queue). */
export const INBOUND_FLOW_FILE = join('flows', 'inbound-last-agent-routing.json');
/** The recommended inbound flow: a preferred-agent routing step with an expiry ("preferred" mode). */
export const PREFERRED_FLOW_FILE = join('flows', 'inbound-preferred-agent.json');

/** Which inbound flow a run walks. */
export type InboundMode = 'preferred' | 'direct';

export const INBOUND_FLOW_FILES: Readonly<Record<InboundMode, string>> = {
  preferred: PREFERRED_FLOW_FILE,
  direct: INBOUND_FLOW_FILE,
};

/** What the caller does when offered the last agent: a key, or nothing. */
export type Press = '1' | '2' | 'none';

/**
 * Caller input for a `--press` value, the same at every prompt ('none' = each prompt times out).
 * The preferred flow can ask twice (open matter, then the available agent); 1 means yes to both.
 */
export function inputForPress(press: Press): string[] {
  return press === 'none' ? ['timeout', 'timeout'] : [press, press];
}

/** Runs the inbound flow for a caller number. */
export async function runInboundFlow(
  options: Omit<SimulateOptions, 'flow' | 'input' | 'contact'> & {
    caller: string;
    press: Press;
    contact?: SimulateOptions['contact'];
    repoRoot?: string;
    /** Default "direct" (the agent-queue flow). */
    mode?: InboundMode;
  },
): Promise<SimulationResult> {
  const { caller, press, repoRoot, contact, mode, ...rest } = options;
  const flow = readFileSync(join(repoRoot ?? process.cwd(), INBOUND_FLOW_FILES[mode ?? 'direct']), 'utf8');
  return simulate({
    ...rest,
    flow,
    input: inputForPress(press),
    contact: { channel: 'VOICE', ...contact, customerNumber: caller },
  });
}
