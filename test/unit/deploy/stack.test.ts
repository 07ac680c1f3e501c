/**
 * Template assertions on the CDK stack, offline. The main synth (with cdk-nag) runs once per
 * suite; variants use Template.fromStack on small apps without the plugin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { App, Validations, aws_lambda as lambda } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';

import { LOOKUP_OUTCOMES } from '../../../lambdas/src/routing/response';
import { synthesize, type SynthResult } from '../../../scripts/deploy/app';
import { readDeployConfig, type DeployConfig } from '../../../scripts/deploy/config';
import { flowKeys, FlowDeployError, loadFlowFiles } from '../../../scripts/deploy/flows';
import { ALARM_THRESHOLDS } from '../../../scripts/deploy/observability';
import { ScvLastAgentStack, type LambdaCode } from '../../../scripts/deploy/stack';

const EXAMPLE = path.resolve(__dirname, '../../../scripts/deploy/deploy-config.example.json');
const code = (): LambdaCode => ({
  findLastAgent: lambda.Code.fromInline('exports.handler = async () => ({});'),
  agentEvents: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
});
const exampleConfig = (): DeployConfig => readDeployConfig(EXAMPLE, flowKeys());

type Statement = { Action: string | string[]; Resource: unknown; Sid?: string };

/** A variant of the example config synthesized without cdk-nag. */
function variant(change: (c: DeployConfig) => void, acknowledgeFindings = true): Template {
  const config = exampleConfig();
  change(config);
  const app = new App();
  const stack = new ScvLastAgentStack(app, config.stackName, {
    env: { region: config.region },
    config,
    code: code(),
    flows: loadFlowFiles(config.flows.deploy),
    acknowledgeFindings,
  });
  return Template.fromStack(stack);
}

function statementsOf(template: Template, roleLogicalIdPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
}

describe('ScvLastAgentStack (example config)', () => {
  let outdir: string;
  let result: SynthResult;
  let template: Template;
  let json: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

  beforeAll(() => {
    // Prepare
    outdir = mkdtempSync(path.join(tmpdir(), 'scv-synth-'));
    // Act
    result = synthesize(exampleConfig(), code(), outdir);
    json = JSON.parse(readFileSync(result.templateFile, 'utf8')) as typeof json;
    template = Template.fromJSON(json);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('passes cdk-nag AwsSolutions with every finding acknowledged for a reason', () => {
    expect(result.errors).toEqual([]);
    expect(result.stack.acknowledged.length).toBeGreaterThan(0);
    for (const a of result.stack.acknowledged) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('holds the whole AWS side', () => {
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.resourceCountIs('AWS::Connect::IntegrationAssociation', 1);
    template.resourceCountIs('AWS::Connect::InstanceStorageConfig', 1);
    template.resourceCountIs('AWS::Connect::ContactFlow', flowKeys().length);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  it('runs both Lambdas on nodejs22.x with the find-last-agent timeout inside the flow limit', () => {
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: 60 });
    // find-last-agent starts at init.mjs, which awaits the bundle's pre-warm during init.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'init.handler',
      Timeout: 8,
      Environment: {
        Variables: Match.objectLike({
          SF_LOGIN_URL: 'https://login.salesforce.com',
          CONNECT_INSTANCE_ID: '11111111-2222-4333-8444-555555555555',
          SF_PRIVATE_KEY_SECRET_ID: { Ref: 'SalesforcePrivateKey' },
          PRESENCE_TABLE: Match.anyValue(),
          POWERTOOLS_METRICS_NAMESPACE: 'ScvLastAgent',
        }),
      },
    });
  });

  it('creates the presence table on demand, with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('maps the stream with partial batch responses, bisect, bounded retries and age, and an SQS on-failure destination', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AgentEventsFailures'), 'Arn'] } },
      },
    });
  });

  it('streams the instance agent events to the stream and associates the Lambda with the instance', () => {
    template.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'AGENT_EVENTS',
      StorageType: 'KINESIS_STREAM',
      KinesisStreamConfig: {
        StreamArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AgentEventStream'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FindLastAgent'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'connect.amazonaws.com',
      Action: 'lambda:InvokeFunction',
      SourceArn: Match.anyValue(),
    });
  });

  it('gives no IAM statement a * resource and scopes Connect to the one instance', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
    expect(statements.length).toBeGreaterThan(5);
    for (const s of statements) {
      expect([s.Resource].flat()).not.toContain('*');
      const actions = [s.Action].flat();
      expect(actions.some((a) => a.endsWith('*'))).toBe(false);
    }
    const connectResources = JSON.stringify(
      statements
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('connect:')))
        .map((s) => s.Resource),
    );
    expect(connectResources).toContain('instance/11111111-2222-4333-8444-555555555555');
    expect(connectResources.match(/instance\/[^/"]+/g)?.every((m) => m.endsWith('555555555555'))).toBe(true);
  });

  it('lets find-last-agent read only the secret and the table, and agent-events write only the table and contact attributes', () => {
    const find = statementsOf(template, 'FindLastAgentRole');
    expect(find.find((s) => s.Sid === 'SalesforcePrivateKey')).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: { Ref: 'SalesforcePrivateKey' },
    });
    expect(find.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:'))).toEqual([
      'dynamodb:GetItem',
    ]);
    const events = statementsOf(template, 'AgentEventsRole');
    expect(events.flatMap((s) => [s.Action].flat())).toEqual(
      expect.arrayContaining([
        'kinesis:GetRecords',
        'dynamodb:PutItem',
        'connect:UpdateContactAttributes',
        'sqs:SendMessage',
      ]),
    );
    expect(events.flatMap((s) => [s.Action].flat()).some((a) => a.startsWith('secretsmanager:'))).toBe(false);
  });

  it('deploys each flow with its placeholders filled from stack values', () => {
    const flows = Object.values(json.Resources).filter((r) => r.Type === 'AWS::Connect::ContactFlow');
    const inbound = flows.find((f) => f.Properties.Name === 'SCV Inbound Last-Agent Routing');
    expect(inbound?.Properties.Type).toBe('CONTACT_FLOW');
    const content = JSON.stringify(inbound?.Properties.Content);
    expect(content).not.toMatch(/\$\{[A-Z_]+\}/);
    // The Lambda ARN is the stack's own function, joined in by CloudFormation.
    expect(content).toMatch(/Fn::GetAtt.*FindLastAgent[0-9A-F]+.*Arn/);
    expect(content).toContain('queue/66666666-7777-4888-8999-000000000000');
    expect(content).toContain('function:InvokeTelephonyIntegrationApiFunction');
    expect(flows.find((f) => f.Properties.Name === 'SCV Agent Transfer')?.Properties.Type).toBe(
      'AGENT_TRANSFER',
    );
    const preferred = JSON.stringify(flows.find((f) => f.Properties.Name === 'SCV Inbound Preferred Agent'));
    expect(preferred).not.toMatch(/\$\{[A-Z_]+\}/);
    expect(preferred).toMatch(/FindLastAgent[0-9A-F]+/);
  });

  it('alarms on lookup failures, timeouts, iterator age and a non-empty on-failure queue', () => {
    for (const outcome of ['LOOKUP_FAILED', 'LOOKUP_TIMED_OUT']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'LookupOutcome',
        Namespace: 'ScvLastAgent',
        Dimensions: Match.arrayWith([{ Name: 'Outcome', Value: outcome }]),
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Threshold: ALARM_THRESHOLDS.iteratorAgeMs,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('draws the hit rate from every lookup outcome and latency against the 8 s flow limit', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]);
    for (const outcome of LOOKUP_OUTCOMES) expect(body).toContain(outcome);
    expect(body).toContain('100 * FILL(');
    expect(body).toContain('flow limit 8 s');
    expect(body).toContain('LookupLatencyMs');
    expect(body).toContain('ConnectThrottles');
    expect(body).toContain('IteratorAge');
  });
});

describe('ScvLastAgentStack variants', () => {
  it('reports exactly the findings it acknowledges when the acknowledgements are left off', () => {
    // Prepare
    const config = exampleConfig();
    const outdir = mkdtempSync(path.join(tmpdir(), 'scv-nag-'));
    try {
      // Act: synthesize with cdk-nag but no acknowledgements
      const app = new App({ outdir });
      const stack = new ScvLastAgentStack(app, config.stackName, {
        env: { region: config.region },
        config,
        code: code(),
        flows: loadFlowFiles(config.flows.deploy),
        acknowledgeFindings: false,
      });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).toThrow(/AwsSolutions/);
      const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: { violations: { ruleName: string }[] }[];
      };
      // Assess: every acknowledgement answers a real finding, and nothing else is found
      const found = new Set(report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName)));
      expect(found).toEqual(new Set(stack.acknowledged.map((a) => a.id)));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  describe('with an existing stream, an existing secret and provisioned concurrency', () => {
    let template: Template;
    beforeAll(() => {
      template = variant((c) => {
        c.presence.existingStreamArn = 'arn:aws:kinesis:eu-west-2:123456789012:stream/agent-events';
        c.presence.connectAgentEvents = false;
        c.findLastAgent.provisionedConcurrency = 2;
        c.salesforce.privateKeySecretArn =
          'arn:aws:secretsmanager:eu-west-2:123456789012:secret:sf-key-AbCdEf';
      });
    });

    it('reads the existing stream without creating a stream or a storage config', () => {
      template.resourceCountIs('AWS::Kinesis::Stream', 0);
      template.resourceCountIs('AWS::Connect::InstanceStorageConfig', 0);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: 'arn:aws:kinesis:eu-west-2:123456789012:stream/agent-events',
      });
    });

    it('points the association at the live alias and reads the existing secret', () => {
      template.hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
      });
      template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
        IntegrationArn: { Ref: Match.stringLikeRegexp('^FindLastAgentLive') },
      });
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Resource: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:sf-key-AbCdEf',
            }),
          ]),
        },
      });
    });
  });

  it('drops presence entirely when it is off (one Lambda, no table, no stream)', () => {
    const template = variant((c) => {
      c.presence.enabled = false;
    });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    const env = JSON.stringify(template.findResources('AWS::Lambda::Function'));
    expect(env).not.toContain('PRESENCE_TABLE');
  });

  it('refuses a flow whose placeholder the stack cannot fill', () => {
    const config = exampleConfig();
    const [flow] = loadFlowFiles(['inbound-last-agent-routing']);
    const broken = { ...flow!, document: { ...(flow!.document as object), Extra: '${UNKNOWN_THING}' } };
    expect(
      () =>
        new ScvLastAgentStack(new App(), 'Broken', {
          env: { region: config.region },
          config,
          code: code(),
          flows: [broken],
        }),
    ).toThrow(FlowDeployError);
  });

  it('stops the synth on a flow checker error', () => {
    const config = exampleConfig();
    const [flow] = loadFlowFiles(['inbound-last-agent-routing']);
    const document = { ...(flow!.document as object), Version: '2000-01-01' };
    const broken = { ...flow!, key: 'bad-version', document, text: JSON.stringify(document) };
    expect(
      () =>
        new ScvLastAgentStack(new App(), 'Checked', {
          env: { region: config.region },
          config,
          code: code(),
          flows: [broken],
        }),
    ).toThrow(/Version/);
  });
});
