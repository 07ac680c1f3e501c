/**
 * One agent event through the presence pipeline: the agent's item (conditional on the event
 * timestamp), then the chat handover. A stale event (older than what is stored) changes nothing;
 * a redelivered one still completes a handover its first delivery could not finish.
 */
import type { AgentEvent } from './agent-event';
import {
  chatsToHandOver,
  handOverChats,
  type ContactAttributesPort,
  type HandoverResult,
} from './chat-handover';
import { presenceFromEvent, type PresenceOptions } from './presence-item';
import type { PresenceTable, WriteOutcome } from './presence-table';

export interface ProcessDeps {
  table: PresenceTable;
  contacts: ContactAttributesPort;
  options: PresenceOptions;
  now: () => number;
  signal?: AbortSignal;
}

export interface ProcessResult {
  write: WriteOutcome;
  handover: HandoverResult;
}

export async function processAgentEvent(event: AgentEvent, deps: ProcessDeps): Promise<ProcessResult> {
  const write = await deps.table.apply(presenceFromEvent(event, deps.options), deps.signal);
  const chats = write === 'stale' ? [] : chatsToHandOver(event);
  const handover =
    // Stryker disable next-line ConditionalExpression: handOverChats of no chats returns these zeros too; this only skips the call
    chats.length === 0 ? { marked: 0, alreadyDone: 0, gone: 0 } : await handOverChats(event, chats, deps);
  return { write, handover };
}
