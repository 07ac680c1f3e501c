/** Reading a request journal for how the requests of one invocation were sequenced. */
import type { JournalEntry } from '../sandbox/emulator-server';

/**
 * How many round trips deep a set of requests was: requests that arrived while an earlier one was
 * still open ran concurrently with it and share its level. Three sequential requests are 3 deep;
 * a token grant followed by two concurrent queries is 2 deep.
 */
export function roundTripDepth(entries: readonly Pick<JournalEntry, 'receivedAt' | 'at'>[]): number {
  const sorted = [...entries].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  let depth = 0;
  let levelEnds = '';
  for (const e of sorted) {
    if (depth === 0 || e.receivedAt >= levelEnds) {
      depth += 1;
      levelEnds = e.at;
    } else if (e.at > levelEnds) levelEnds = e.at;
  }
  return depth;
}
