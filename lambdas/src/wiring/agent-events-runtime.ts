/**
 * Composition of `agent-events`: the presence table and Connect's contact attributes on SDK
 * clients built once per container.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectContactAttributes } from '../connect/contact-attributes';
import { PresenceTable } from '../presence/presence-table';
import { loadAgentEventsConfig } from '../shared/config';
import type { RecordDeps } from './agent-events-records';

/** Built once per container; a bad configuration is kept as an error and reported per batch. */
export function createAgentEventsDeps(): Omit<RecordDeps, 'metrics'> | Error {
  try {
    const config = loadAgentEventsConfig();
    return {
      table: new PresenceTable(
        new DynamoDBClient({ requestHandler: { requestTimeout: 2000, connectionTimeout: 1000 } }),
        config.presenceTable,
      ),
      // One attempt: a throttled UpdateContactAttributes is retried with its record.
      contacts: new ConnectContactAttributes(
        new ConnectClient({
          maxAttempts: 1,
          requestHandler: { requestTimeout: 2000, connectionTimeout: 1000 },
        }),
      ),
      options: { availableStatusNames: config.availableStatusNames, ttlSeconds: config.presenceTtlSeconds },
    };
  } catch (e) {
    return e as Error;
  }
}
