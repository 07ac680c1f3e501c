/**
 * The inbound last-agent routing flow as a ready-made simulation: loads `flows/`, turns
 * `--press 1|2|none` into caller input, and returns the result. `npm start` and the integration
 * test only have to supply the Lambda invoker, placeholder values and name resolvers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, type SimulateOptions, type SimulationResult } from './simulate';

/** The inbound flow's file, relative to the repository root. */
export const INBOUND_FLOW_FILE = join('flows', 'inbound-last-agent-routing.json');

/** What the caller does when offered the last agent: a key, or nothing. */
export type Press = '1' | '2' | 'none';

/** Caller input for a `--press` value ('none' = let the prompt time out). */
export function inputForPress(press: Press): string[] {
  return press === 'none' ? ['timeout'] : [press];
}

/** Runs the inbound flow for a caller number. */
export async function runInboundFlow(
  options: Omit<SimulateOptions, 'flow' | 'input' | 'contact'> & {
    caller: string;
    press: Press;
    contact?: SimulateOptions['contact'];
    repoRoot?: string;
  },
): Promise<SimulationResult> {
  const { caller, press, repoRoot, contact, ...rest } = options;
  const flow = readFileSync(join(repoRoot ?? process.cwd(), INBOUND_FLOW_FILE), 'utf8');
  return simulate({
    ...rest,
    flow,
    input: inputForPress(press),
    contact: { channel: 'VOICE', ...contact, customerNumber: caller },
  });
}
