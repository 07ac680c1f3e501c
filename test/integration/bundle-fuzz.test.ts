/**
 * Property: whatever JSON Connect (or anyone able to invoke the function) sends, the deployed
 * bundle answers a complete STRING_MAP, never throws, and writes no log line over 8 KB. fast-check
 * generates the events: arbitrary JSON, and contact events whose every field may be missing,
 * mistyped, huge or deeply nested, with real sample callers mixed in so lookups run for real.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { LOOKUP_OUTCOMES, RESPONSE_KEYS } from '../../lambdas/src/routing/response';
import { buildLambdas } from '../../scripts/build';
import { startSandbox, type Sandbox } from '../../scripts/sandbox/sandbox';
import { SAMPLE_CALLERS } from '../../scripts/sandbox/sample-data';

interface Invocation {
  response?: Record<string, unknown>;
  threw?: string;
  lines: string[];
}

const MAX_LINE_BYTES = 8 * 1024;
/**
 * Deep nesting travels as a marker and is spliced into the JSON text: building or serialising a
 * 5,000-level object recursively would overflow this process's stack before the handler saw it.
 */
const deepMarker = (depth: number): string => `__deep_${depth}__`;
const toEventJson = (event: unknown): string =>
  JSON.stringify(event).replace(/"__deep_(\d+)__"/g, (_m, d: string) => {
    const depth = Number(d);
    return `${'{"v":'.repeat(depth)}"VOICE"${'}'.repeat(depth)}`;
  });

describe('bundled find-last-agent on arbitrary events', () => {
  let sandbox: Sandbox;
  let worker: ChildProcess;
  let outDir: string;
  const pending: ((m: Invocation) => void)[] = [];
  const invoke = (event: unknown): Promise<Invocation> =>
    new Promise((resolve) => {
      pending.push(resolve);
      worker.send({ json: toEventJson(event) });
    });

  beforeAll(async () => {
    // Its own build directory: bundle.test.ts may be rebuilding dist/ at the same time.
    outDir = mkdtempSync(path.join(os.tmpdir(), 'scv-bundle-fuzz-'));
    const [built] = await buildLambdas(['find-last-agent'], outDir);
    sandbox = await startSandbox();
    worker = fork(
      path.resolve(__dirname, '../fixtures/bundle-invoker.cjs'),
      [path.resolve(built?.file ?? '')],
      {
        env: {
          ...process.env,
          ...sandbox.env,
          LOOKUP_DEADLINE_MS: '1000',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          JSFORCE_LOG_LEVEL: 'DEBUG',
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    worker.on('message', (m: Invocation) => pending.shift()?.(m));
  }, 60_000);

  afterAll(async () => {
    worker?.kill();
    await sandbox?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('answers a full string map, never throws, and keeps every log line under 8 KB', async () => {
    // Prepare
    const json = fc.jsonValue({ maxDepth: 3 });
    const huge = fc.integer({ min: 10_000, max: 300_000 }).map((n) => '9'.repeat(n));
    const deep = fc.integer({ min: 100, max: 20_000 }).map(deepMarker);
    const field = fc.oneof(json, huge, deep, fc.string(), fc.constantFrom('VOICE', 'CHAT', 'TASK', 'EMAIL'));
    // Weighted so that a good share of events are real lookups against the sandbox.
    const address = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SAMPLE_CALLERS.map((c) => c.number)) },
      { weight: 1, arbitrary: fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/) },
      { weight: 1, arbitrary: field },
    );
    const contactData = fc.record(
      {
        Channel: fc.oneof({ weight: 3, arbitrary: fc.constant('VOICE') }, { weight: 1, arbitrary: field }),
        ContactId: fc.oneof(fc.uuid(), field),
        CustomerEndpoint: fc.oneof(
          fc.record(
            {
              Address: address,
              Type: fc.oneof(
                { weight: 3, arbitrary: fc.constant('TELEPHONE_NUMBER') },
                { weight: 1, arbitrary: field },
              ),
            },
            { requiredKeys: ['Address'] },
          ),
          field,
        ),
        InstanceARN: fc.oneof(fc.constant(sandbox.instanceArn), field),
        Attributes: field,
      },
      { requiredKeys: [] },
    );
    // A real caller in an otherwise well-formed event, with only the free-form parts fuzzed: random
    // records rarely survive the handler's checks (about 4 in 150), and these keep lookups running.
    const callerEvent = (number: string, attributes: unknown, parameters: unknown, contactId: string) => ({
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Channel: 'VOICE',
          ContactId: contactId,
          CustomerEndpoint: { Address: number, Type: 'TELEPHONE_NUMBER' },
          InstanceARN: sandbox.instanceArn,
          Attributes: attributes,
        },
        Parameters: parameters,
      },
    });
    const lookupEvent = fc
      .tuple(fc.constantFrom(...SAMPLE_CALLERS.map((c) => c.number)), field, field, fc.uuid())
      .map(([number, attributes, parameters, contactId]) =>
        callerEvent(number, attributes, parameters, contactId),
      );
    const event = fc.oneof(
      { weight: 1, arbitrary: json },
      { weight: 1, arbitrary: lookupEvent },
      {
        weight: 4,
        arbitrary: fc.record(
          {
            Name: fc.oneof(fc.constant('ContactFlowEvent'), field),
            Details: fc.oneof(
              fc.record({ ContactData: fc.oneof(contactData, field), Parameters: field }),
              field,
            ),
          },
          { requiredKeys: [] },
        ),
      },
    );

    // Act / Assess
    const outcomes = new Set<unknown>();
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const { response, threw, lines } = await invoke(e);
        outcomes.add(response?.lookupOutcome);
        expect(threw).toBeUndefined();
        expect(Object.keys(response ?? {}).sort()).toEqual([...RESPONSE_KEYS].sort());
        for (const value of Object.values(response ?? {})) expect(typeof value).toBe('string');
        expect(LOOKUP_OUTCOMES).toContain(response?.lookupOutcome);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      }),
      {
        numRuns: 150,
        // Every sample caller once, whatever the seed draws
        examples: SAMPLE_CALLERS.map((c, i): [unknown] => [
          callerEvent(c.number, {}, {}, `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`),
        ]),
      },
    );
    // The generator reached real lookups, not only early refusals
    expect(
      [...outcomes].filter((o) => o !== 'NO_CALLER_NUMBER' && o !== 'LOOKUP_FAILED').length,
    ).toBeGreaterThan(0);
  }, 120_000);
});
