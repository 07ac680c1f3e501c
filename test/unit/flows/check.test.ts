import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../../scripts/flows/actions';
import {
  checkFlowDocument,
  checkFlowText,
  exitCodeFor,
  formatProblem,
  serviceProblems,
  type FlowProblem,
} from '../../../scripts/flows/check';
import { runCheck } from '../../../scripts/flows/check-cli';
import { contentProblems, type ContactFlowTypeName } from '../../../scripts/sandbox/connect/flows';
import { allRules } from '../../../scripts/flows/rules';
import { RULES_END, RULES_START, withRules } from '../../../scripts/flows/rules-doc';
import { MUTATIONS, VALID_ROUTING_STEP, act, projectFlow, replace, type Flow } from './mutations';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/flows');
const read = (path: string) => readFileSync(path, 'utf8');
const errors = (problems: FlowProblem[]) => problems.filter((p) => p.severity === 'error');
const warnings = (problems: FlowProblem[]) => problems.filter((p) => p.severity === 'warning');

describe('the flows in flows/', () => {
  const files = readdirSync(join(ROOT, 'flows')).filter((f) => f.endsWith('.json'));

  it.each(files)('%s passes with no problem at all', (file) => {
    // Prepare
    const text = read(join(ROOT, 'flows', file));

    // Act
    const problems = checkFlowText(`flows/${file}`, text);

    // Assess
    expect(problems).toEqual([]);
  });

  it.each(files)('%s carries editor Metadata for every action', (file) => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows', file)));

    // Act
    const positioned = Object.keys(flow.Metadata.ActionMetadata);

    // Assess
    expect(flow.Metadata.entryPointPosition).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(positioned.sort()).toEqual(flow.Actions.map((a: { Identifier: string }) => a.Identifier).sort());
  });

  it.each(files)('%s is accepted by the service rules the emulator applies, as its Metadata type', (file) => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows', file)));

    // Act
    const refused = serviceProblems(flow, flow.Metadata.type, 0);

    // Assess
    expect(refused).toEqual([]);
  });
});

/** Runs the checker on one mutation of a project flow. */
function checkMutation(m: (typeof MUTATIONS)[number]): FlowProblem[] {
  const flow = projectFlow(m.file);
  const text = m.mutate(flow);
  const name = `${m.file}.json`;
  return typeof text === 'string' ? checkFlowText(name, text) : checkFlowText(name, JSON.stringify(flow));
}

describe('every rule fails on a one-change mutation of a project flow', () => {
  it('has a mutation for every rule of the catalogue', () => {
    // Prepare
    const covered = new Set(MUTATIONS.map((m) => m.rule));

    // Act
    const uncovered = [...allRules().keys()].filter((id) => !covered.has(id) && id !== 'unreadable');

    // Assess: `unreadable` is shown by the CLI test below
    expect(uncovered).toEqual([]);
  });

  it.each(MUTATIONS.map((m) => [m.rule, m.change, m] as const))('%s: %s', (rule, _change, m) => {
    // Prepare
    const severity = allRules().get(rule)?.severity;

    // Act
    const problems = checkMutation(m);

    // Assess
    expect(problems).toContainEqual({
      file: `${m.file}.json`,
      ...(m.action !== undefined ? { action: m.action } : {}),
      problem: expect.stringMatching(m.problem),
      severity,
      rule,
    });
    expect(exitCodeFor(problems)).toBe(severity === 'error' ? 1 : 0);
  });
});

describe('the Connect emulator refuses what the registry says the service refuses', () => {
  const serviceRules = MUTATIONS.filter((m) => allRules().get(m.rule)?.serviceRejects);
  /** CreateContactFlow's Type for a flow whose Metadata names it in camelCase. */
  const apiType = (flow: Flow) =>
    String(flow.Metadata.type)
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toUpperCase() as ContactFlowTypeName;

  it.each(serviceRules.map((m) => [m.rule, m.change, m] as const))('%s: %s', (_rule, _change, m) => {
    // Prepare
    const flow = projectFlow(m.file);
    const text = m.mutate(flow);
    const content = typeof text === 'string' ? text : JSON.stringify(flow);

    // Act
    const refused = contentProblems(content, apiType(flow));

    // Assess: text-level refusals carry the emulator's own (Connect's) wording
    expect(refused.length).toBeGreaterThan(0);
    if (typeof text !== 'string' && m.rule !== 'content-size') expect(refused.join(' | ')).toMatch(m.problem);
  });

  it.each(['inbound-last-agent-routing', 'agent-transfer', 'chat-agent-offline-disconnect'] as const)(
    'accepts %s as it is',
    (file) => {
      // Prepare
      const content = JSON.stringify(projectFlow(file));

      // Act
      const refused = contentProblems(content, apiType(projectFlow(file)));

      // Assess
      expect(refused).toEqual([]);
    },
  );
});

describe('real-world constructions', () => {
  it('accepts a console export: unmodeled types and unreachable actions warn, numbers as strings pass', () => {
    // Prepare
    const name = 'exported-console-flow.json';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).map((p) => p.problem)).toEqual(
      expect.arrayContaining([
        'action type UpdateContactData is not modeled by the checker; its parameters were not checked',
        'unreachable from StartAction',
      ]),
    );
  });

  it('checks a DescribeContactFlow wrapper with its ContactFlow.Type', () => {
    // Prepare
    const content = JSON.stringify(projectFlow('agent-transfer'));
    const wrap = (Type: string) => JSON.stringify({ ContactFlow: { Name: 'x', Type, Content: content } });

    // Act
    const asTransfer = checkFlowText('w.json', wrap('AGENT_TRANSFER'));
    const asInbound = checkFlowText('w.json', wrap('CONTACT_FLOW'));

    // Assess
    expect(asTransfer).toEqual([]);
    expect(errors(asInbound).map((p) => [p.action, p.rule])).toEqual([['transfer-to-agent', 'flow-type']]);
  });

  it('MessageParticipantIteratively has no next action by design: not a dead end', () => {
    // Prepare
    const flow = projectFlow('inbound-last-agent-routing');
    replace(
      flow,
      'tell-last-queue',
      'MessageParticipantIteratively',
      { Messages: [{ Text: 'Please hold' }] },
      {
        Errors: [{ NextAction: 'disconnect', ErrorType: 'NoMatchingError' }],
      },
    );

    // Act
    const problems = checkFlowDocument('q.json', flow);

    // Assess
    expect(problems.filter((p) => p.action === 'tell-last-queue')).toEqual([]);
  });

  it('GetParticipantInput as a timed pause (no conditions, every branch to one action) passes', () => {
    // Prepare
    const flow = projectFlow('inbound-last-agent-routing');
    const pause = act(flow, 'offer-last-agent');
    pause.Transitions = {
      NextAction: 'set-default-queue',
      Errors: ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'].map((ErrorType) => ({
        NextAction: 'set-default-queue',
        ErrorType,
      })),
    };

    // Act
    const paused = checkFlowDocument('p.json', flow);
    pause.Transitions.Errors![2]!.NextAction = 'disconnect';
    const errorElsewhere = checkFlowDocument('p.json', flow);
    pause.Transitions.Errors![0]!.NextAction = 'disconnect';
    const menu = checkFlowDocument('p.json', flow);

    // Assess: NoMatchingError may go to an error message; once the timeout goes elsewhere it is a
    // menu again, and a menu needs conditions
    expect(paused.filter((p) => p.action === 'offer-last-agent')).toEqual([]);
    expect(errorElsewhere.filter((p) => p.action === 'offer-last-agent')).toEqual([]);
    expect(errors(menu).map((p) => p.rule)).toContain('GetParticipantInput/dtmf-conditions');
  });

  it("reports other tools' templates once per file and keeps our placeholders strict", () => {
    // Prepare
    const flow = projectFlow('inbound-last-agent-routing');
    act(flow, 'set-default-queue').Parameters.QueueId = '${var.queues["basic"]}';
    act(flow, 'fallback-default-queue').Parameters.QueueId =
      'arn:aws:connect:${AWS::Region}:${AWS::AccountId}:q';
    act(flow, 'set-last-queue').Parameters.QueueId = '${NO_SUCH_PLACEHOLDER}';

    // Act
    const problems = checkFlowDocument('t.json', flow);

    // Assess
    expect(problems.filter((p) => p.rule === 'template-foreign')).toHaveLength(1);
    expect(problems.filter((p) => p.rule === 'hardcoded-arn')).toEqual([]);
    expect(errors(problems).map((p) => p.rule)).toEqual(['placeholder-unknown']);
  });

  it('accepts friendly-name Identifiers with spaces, * and #, string booleans and module Settings', () => {
    // Prepare
    const flow = projectFlow('agent-transfer') as Flow;
    const renamed = 'Set logging * #1';
    act(flow, 'set-logging').Identifier = renamed;
    flow.StartAction = renamed;
    flow.Settings = { InputParameters: [], OutputParameters: [], Transitions: [] };

    // Act
    const problems = checkFlowDocument('m.json', flow);

    // Assess
    expect(problems).toEqual([]);
  });

  it('a valid routing step and routing behaviour pass; only the mutations above fail', () => {
    // Prepare
    const flow = projectFlow('inbound-last-agent-routing');
    replace(
      flow,
      'tell-last-queue',
      'UpdateContactRoutingCriteria',
      { RoutingCriteria: { Steps: [VALID_ROUTING_STEP] } },
      {
        NextAction: 'set-priority',
        Errors: [{ NextAction: 'set-priority', ErrorType: 'NoMatchingError' }],
      },
    );
    flow.Actions.push({
      Identifier: 'set-priority',
      Type: 'UpdateContactRoutingBehavior',
      Parameters: { QueuePriority: '1' },
      Transitions: { NextAction: 'try-create-voice-call' },
    });
    (flow.Metadata.ActionMetadata as Record<string, unknown>)['set-priority'] = {};

    // Act
    const problems = checkFlowDocument('r.json', flow);

    // Assess
    expect(problems.filter((p) => p.action === 'tell-last-queue' || p.action === 'set-priority')).toEqual([]);
  });

  it('the registry refuses the reference-page spelling UpdateRoutingCriteria by name', () => {
    // Prepare / Act
    const spec = ACTIONS.get('UpdateRoutingCriteria');

    // Assess
    expect(spec?.rejectedSpellingOf).toBe('UpdateContactRoutingCriteria');
    expect(ACTIONS.get('UpdateContactRoutingCriteria')?.staticOnly).toEqual([
      'RoutingCriteria.Steps[].Expiry.DurationInSeconds',
    ]);
  });

  it('every file in scripts/flows/actions is in the registry', () => {
    // Prepare
    const files = readdirSync(join(ROOT, 'scripts/flows/actions'))
      .map((f) => f.replace(/\.ts$/, ''))
      .filter((f) => /^[A-Z]/.test(f));

    // Act
    const missing = files.filter((type) => !ACTIONS.has(type));

    // Assess
    expect(missing).toEqual([]);
    expect(files.length).toBe(ACTIONS.size);
  });

  it('an unexpected value anywhere is still one line, never a stack trace', () => {
    // Prepare / Act
    const problems = checkFlowText(
      'a.json',
      '{"Version":"2019-10-30","StartAction":"a","Actions":[null, 3]}',
    );

    // Assess
    expect(problems.map(formatProblem).every((l) => !l.includes('\n'))).toBe(true);
    expect(exitCodeFor(problems)).toBe(1);
  });
});

describe('npm run flows:check', () => {
  it('exits 0 on flows/ and prints a summary', () => {
    // Prepare
    const lines: string[] = [];
    const files = readdirSync(join(ROOT, 'flows'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(ROOT, 'flows', f));

    // Act
    const code = runCheck(files, (l) => lines.push(l));

    // Assess
    expect(code).toBe(0);
    expect(lines).toEqual([`${files.length} flow file(s) checked: 0 error(s), 0 warning(s)`]);
  });

  it('refuses legacy and malformed files with exit 1 and one line each', () => {
    // Prepare
    const lines: string[] = [];
    const files = ['legacy-modules-flow.json', 'malformed-flow.txt'].map((f) => join(FIXTURES, f));

    // Act
    const code = runCheck(files, (l) => lines.push(l));

    // Assess
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/legacy-modules-flow\.json: legacy flow format \(top-level "modules"\)/),
      expect.stringMatching(/malformed-flow\.txt: malformed JSON: /),
      '2 flow file(s) checked: 2 error(s), 0 warning(s)',
    ]);
  });

  it('reports a file it cannot read', () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const code = runCheck([join(FIXTURES, 'no-such-flow.json')], (l) => lines.push(l));

    // Assess
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/no-such-flow\.json: cannot read: /);
  });
});

describe('flows/README.md', () => {
  it('lists every rule of the catalogue, as npm run flows:rules generates it', () => {
    // Prepare
    const readme = read(join(ROOT, 'flows/README.md'));

    // Act
    const regenerated = withRules(readme);

    // Assess: prettier may pad the table, so compare rule ids and sources
    const ids = (text: string) =>
      [
        ...text
          .slice(text.indexOf(RULES_START), text.indexOf(RULES_END))
          .matchAll(/^\| `([^`]+)` \|.*\| ([^|]+?) *\|$/gm),
      ].map((m) => `${m[1]} ${m[2]}`);
    expect(ids(readme)).toEqual(ids(regenerated));
    expect(ids(readme)).toHaveLength(allRules().size);
  });
});
