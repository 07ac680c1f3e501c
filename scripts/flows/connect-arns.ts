/**
 * The agent's personal queue: Connect gives every agent one whose id is the user id
 * (`.../instance/ID/agent/USER` → `.../instance/ID/queue/agent/USER`).
 */
export function agentQueueArn(agentArn: string): string {
  return agentArn.replace(/\/agent\/([^/]+)$/, '/queue/agent/$1');
}
