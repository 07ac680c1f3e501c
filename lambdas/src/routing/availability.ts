/**
 * Whether an agent can take a voice call now. Connect's "Check staffing" counts an agent with a
 * pending "Next status: Offline" as available; only GetCurrentUserData's NextStatus shows it, so
 * the pending status is decisive here.
 */
import type { AgentState } from './types';

export interface AvailabilityVerdict {
  available: boolean;
  /** Short reason for logs and traces. */
  reason:
    'available' | 'not-logged-in' | 'status-not-routable' | 'next-status-pending' | 'no-free-voice-slot';
}

export function judgeAvailability(
  state: AgentState,
  availableStatusNames: readonly string[],
): AvailabilityVerdict {
  if (!state.loggedIn) return { available: false, reason: 'not-logged-in' };
  // An agent without a status name matches no configured name, not even an empty one.
  const status = state.statusName?.toLowerCase();
  const routable = availableStatusNames.some((n) => n.toLowerCase() === status);
  if (!routable) return { available: false, reason: 'status-not-routable' };
  if (state.nextStatus) return { available: false, reason: 'next-status-pending' };
  if ((state.availableVoiceSlots ?? 0) < 1) return { available: false, reason: 'no-free-voice-slot' };
  return { available: true, reason: 'available' };
}

/**
 * Whether the agent is worth a preferred-agent routing step: logged in, in a routable status and
 * with nothing pending. A busy agent (no free voice slot) is: the step waits for their current
 * contact to end, and its expiry bounds the wait.
 */
export function isRoutable(verdict: AvailabilityVerdict): boolean {
  return verdict.available || verdict.reason === 'no-free-voice-slot';
}
