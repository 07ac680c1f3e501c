/**
 * Readable traces of a simulated contact, kept apart from the simulator so tests can assert on
 * the structured steps and `npm start` can print the same run for a human.
 */
import { formatEnd, type SimulationResult, type TraceStep } from './simulate';

/** One line (plus indented detail lines) per step, then where the call went. */
export function formatTrace(result: SimulationResult): string {
  const lines: string[] = [];
  const width = Math.max(...result.steps.map((s) => s.actionId.length), 10);
  for (const s of result.steps) lines.push(...formatStep(s, width));
  lines.push(formatEndLine(result));
  return lines.join('\n');
}

/** The last line of a run: `=> <where the call went> (<how>)`. */
export function formatEndLine(result: SimulationResult): string {
  return `=> ${formatEnd(result.end)}${endNote(result)}`;
}

function formatStep(s: TraceStep, width: number): string[] {
  const head = `${String(s.step).padStart(3)}. ${s.actionId.padEnd(width)}  ${s.type}: ${s.detail}`;
  const out = [head];
  const indent = ' '.repeat(7);
  if (s.lambda) {
    const l = s.lambda;
    const tries = l.attempts > 1 ? `, ${l.attempts} attempts` : '';
    if (l.response) {
      const shown = Object.entries(l.response)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      out.push(`${indent}returned (${l.elapsedMs} ms${tries}): ${shown || '(all empty)'}`);
    } else {
      out.push(`${indent}error after ${l.elapsedMs} ms${tries}: ${l.error ?? 'unknown'}`);
    }
  }
  if (s.prompt !== undefined) out.push(`${indent}says: "${s.prompt}"`);
  if (s.branch !== 'end') out.push(`${indent}-> ${s.branch}${s.next !== undefined ? ` -> ${s.next}` : ''}`);
  return out;
}

function endNote(result: SimulationResult): string {
  const end = result.end;
  if (end.kind === 'agent' && end.via === 'routing-step') {
    return ` (preferred-agent routing step: took the call after ${end.afterSeconds ?? 0} s in queue)`;
  }
  if (end.kind === 'agent') return end.via === 'agent-queue' ? ' (agent queue)' : ' (direct transfer)';
  if (end.kind === 'queue' && end.routingOutcome) return ` (${end.routingOutcome})`;
  if (end.kind === 'disconnected' && end.reason) return ` (${end.reason})`;
  return '';
}
