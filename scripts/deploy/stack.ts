/**
 * The whole AWS side as one CloudFormation stack: both Lambdas (the project's own esbuild
 * bundles, nodejs22.x), their least-privilege roles, the presence table, the agent-event stream
 * and Connect's AGENT_EVENTS storage config, the event source mapping with partial batch
 * responses and an on-failure queue, the Lambda's association with the instance, the flows with
 * their placeholders filled from stack values, and a dashboard with alarms.
 *
 * Connect has no L2 constructs, so it is L1 (`CfnContactFlow`, `CfnIntegrationAssociation`,
 * `CfnInstanceStorageConfig`). No IAM statement has a `*` resource: every action used here has
 * resource-level permissions.
 */
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
  aws_connect as connect,
  aws_dynamodb as dynamodb,
  aws_iam as iam,
  aws_kinesis as kinesis,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_secretsmanager as secretsmanager,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';

import type { DeployConfig } from './config';
import { checkFlow, fillFlow, type FlowFile } from './flows';
import { addObservability } from './observability';

/** Metrics namespace of both Lambdas (lambdas/src/shared/metrics.ts reads it from the environment). */
export const METRICS_NAMESPACE = 'ScvLastAgent';

/** Key schema of the presence table; the agent-events and find-last-agent adapters use the same names. */
export const PRESENCE_TABLE_KEYS = { partitionKey: 'pk', timeToLive: 'expiresAt' } as const;

/** The code of each Lambda: `Code.fromAsset(dist/lambdas/<name>)` in the app, inline stand-ins in tests. */
export interface LambdaCode {
  findLastAgent: lambda.Code;
  /** Absent when presence is off. */
  agentEvents?: lambda.Code;
}

/** Props of the stack. */
export interface ScvLastAgentStackProps extends StackProps {
  config: DeployConfig;
  code: LambdaCode;
  /** The flows to deploy (already selected by `flows.deploy`). */
  flows: FlowFile[];
  /** false: leave every cdk-nag finding unacknowledged (tests prove each acknowledgement is needed). */
  acknowledgeFindings?: boolean;
}

/**
 * Concrete values of the right shape, used to check the filled flows at synth time, when the
 * real ARNs are still CloudFormation tokens.
 */
function exampleValues(config: DeployConfig): Record<string, string> {
  return {
    FIND_LAST_AGENT_LAMBDA_ARN: `arn:aws:lambda:${config.region}:000000000000:function:${config.stackName}-find-last-agent`,
    ...settingValues(config),
  };
}

/** Placeholders filled from plain settings, the same at synth and in the template. */
function settingValues(config: DeployConfig): Record<string, string> {
  return {
    TELEPHONY_INTEGRATION_LAMBDA_ARN: config.connect.telephonyLambdaArn,
    DEFAULT_QUEUE_ARN: config.connect.defaultQueueArn,
    PREFERRED_AGENT_SECONDS: String(config.flows.preferredAgentSeconds),
    SPEAK_LAST_CALL_REASON: String(config.flows.speakLastCallReason),
  };
}

/** The stack. Construct ids are stable: renaming one replaces the resource. */
export class ScvLastAgentStack extends Stack {
  /** The ARN flows invoke (the `live` alias when provisioned concurrency is on). */
  readonly findLastAgentInvokeArn: string;
  readonly presenceTable?: dynamodb.Table;
  /** Warnings of the flow checker on the flow templates (never blocking). */
  readonly flowWarnings: string[] = [];
  /** Every cdk-nag finding acknowledged, with its reason (the tests prove each is one cdk-nag raises). */
  readonly acknowledged: { path: string; id: string; reason: string }[] = [];
  private readonly applyAcknowledgements: boolean;

  constructor(scope: Construct, id: string, props: ScvLastAgentStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.applyAcknowledgements = props.acknowledgeFindings ?? true;
    const instanceArn = this.formatArn({
      service: 'connect',
      resource: 'instance',
      resourceName: config.connect.instanceId,
    });
    const instanceChild = (kind: string): string => `${instanceArn}/${kind}/*`;

    // The JWT private key. A created secret is empty until the admin puts the PEM in
    // (npm run keys:generate prints the command); it outlives the stack, like any key.
    let secretArn = config.salesforce.privateKeySecretArn;
    if (!secretArn) {
      const secret = new secretsmanager.CfnSecret(this, 'SalesforcePrivateKey', {
        name: `${config.stackName}/sf-jwt-private-key`,
        description:
          "PEM private key of the Salesforce connected app's JWT bearer flow (npm run keys:generate)",
      });
      secret.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.acknowledge(secret, [
        {
          id: 'AwsSolutions-SMG4',
          reason:
            'An RSA key pinned to a certificate uploaded to the Salesforce connected app cannot be rotated by a Lambda; it is rotated by generating a new pair and uploading the certificate (docs/deploy-aws.md).',
        },
      ]);
      secretArn = secret.ref;
    }

    // Presence: table, stream, Connect's agent-event storage config, on-failure queue.
    let stream: kinesis.IStream | undefined;
    let failedRecords: sqs.Queue | undefined;
    if (config.presence.enabled) {
      this.presenceTable = new dynamodb.Table(this, 'PresenceTable', {
        partitionKey: { name: PRESENCE_TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: PRESENCE_TABLE_KEYS.timeToLive,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        // Presence is rebuilt from the stream within one heartbeat; the table holds nothing else.
        removalPolicy: RemovalPolicy.DESTROY,
      });

      if (config.presence.existingStreamArn) {
        stream = kinesis.Stream.fromStreamArn(this, 'AgentEventStream', config.presence.existingStreamArn);
      } else {
        const created = new kinesis.Stream(this, 'AgentEventStream', {
          shardCount: config.presence.shardCount,
          retentionPeriod: Duration.hours(24),
          encryption: kinesis.StreamEncryption.MANAGED,
        });
        // Encrypted with the AWS managed key (aws/kinesis), which Connect can write to without a
        // key policy naming its service-linked role; a customer managed key would need one.
        stream = created;
      }
      if (config.presence.connectAgentEvents) {
        new connect.CfnInstanceStorageConfig(this, 'AgentEventsStorage', {
          instanceArn,
          resourceType: 'AGENT_EVENTS',
          storageType: 'KINESIS_STREAM',
          kinesisStreamConfig: { streamArn: stream.streamArn },
        });
      }

      failedRecords = new sqs.Queue(this, 'AgentEventsFailures', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.acknowledge(failedRecords, [
        {
          id: 'AwsSolutions-SQS3',
          reason:
            "This queue is itself the event source mapping's on-failure destination (it receives the metadata of records given up on); a queue behind it would never be read.",
        },
      ]);
    }

    // find-last-agent
    const findLastAgentLogs = this.logGroup('FindLastAgentLogs');
    const findLastAgentRole = this.lambdaRole('FindLastAgentRole', findLastAgentLogs);
    findLastAgentRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ConnectDirectory',
        actions: ['connect:GetCurrentUserData', 'connect:SearchUsers', 'connect:ListQueues'],
        resources: [instanceArn, instanceChild('agent'), instanceChild('queue')],
      }),
    );
    findLastAgentRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SalesforcePrivateKey',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretArn],
      }),
    );
    if (this.presenceTable) {
      findLastAgentRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'PresenceRead',
          actions: ['dynamodb:GetItem'],
          resources: [this.presenceTable.tableArn],
        }),
      );
    }
    const directoryReason =
      'Agents and queues are known only at call time (GetCurrentUserData filters on the agent, ListQueues lists the queues); the wildcard stays inside this one Connect instance.';
    this.acknowledge(findLastAgentRole, [
      { id: this.wildcardFinding(config, 'agent'), reason: directoryReason },
      { id: this.wildcardFinding(config, 'queue'), reason: directoryReason },
    ]);

    const findLastAgent = new lambda.Function(this, 'FindLastAgent', {
      description:
        "Finds the caller's last agent in Salesforce and whether they can take the call (Connect flow)",
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      // init.mjs (scripts/deploy/app.ts) awaits the bundle's pre-warm during Lambda's init phase.
      handler: 'init.handler',
      code: props.code.findLastAgent,
      memorySize: config.findLastAgent.memoryMb,
      timeout: Duration.seconds(config.findLastAgent.timeoutSeconds),
      role: findLastAgentRole,
      logGroup: findLastAgentLogs,
      environment: {
        ...config.findLastAgent.environment,
        SF_LOGIN_URL: config.salesforce.loginUrl,
        SF_CLIENT_ID: config.salesforce.clientId,
        SF_USERNAME: config.salesforce.username,
        ...(config.salesforce.apiVersion ? { SF_API_VERSION: config.salesforce.apiVersion } : {}),
        SF_PRIVATE_KEY_SECRET_ID: secretArn,
        CONNECT_INSTANCE_ID: config.connect.instanceId,
        ...(this.presenceTable ? { PRESENCE_TABLE: this.presenceTable.tableName } : {}),
        ...(config.presence.maxAgeSeconds !== undefined
          ? { PRESENCE_MAX_AGE_SECONDS: String(config.presence.maxAgeSeconds) }
          : {}),
        POWERTOOLS_SERVICE_NAME: 'find-last-agent',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.suppressRuntimeRule(findLastAgent);

    // Provisioned concurrency applies to a version or alias only, so flows then invoke the alias.
    let invokable: lambda.IFunction = findLastAgent;
    if (config.findLastAgent.provisionedConcurrency > 0) {
      invokable = new lambda.Alias(this, 'FindLastAgentLive', {
        aliasName: 'live',
        version: findLastAgent.currentVersion,
        provisionedConcurrentExecutions: config.findLastAgent.provisionedConcurrency,
      });
    }
    this.findLastAgentInvokeArn = invokable.functionArn;
    invokable.addPermission('ConnectInvoke', {
      principal: new iam.ServicePrincipal('connect.amazonaws.com'),
      sourceArn: instanceArn,
      sourceAccount: this.account,
    });
    const association = new connect.CfnIntegrationAssociation(this, 'FindLastAgentAssociation', {
      instanceId: instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: invokable.functionArn,
    });

    // agent-events
    let agentEvents: lambda.Function | undefined;
    if (this.presenceTable && stream && failedRecords) {
      if (!props.code.agentEvents) {
        throw new Error('presence is enabled but there is no agent-events code (run npm run build)');
      }
      const agentEventsLogs = this.logGroup('AgentEventsLogs');
      const agentEventsRole = this.lambdaRole('AgentEventsRole', agentEventsLogs);
      agentEventsRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadAgentEventStream',
          actions: [
            'kinesis:DescribeStream',
            'kinesis:DescribeStreamSummary',
            'kinesis:GetRecords',
            'kinesis:GetShardIterator',
            'kinesis:ListShards',
          ],
          resources: [stream.streamArn],
        }),
      );
      agentEventsRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'PresenceWrite',
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [this.presenceTable.tableArn],
        }),
      );
      agentEventsRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'MarkChatsOfAgentGoingOffline',
          actions: ['connect:UpdateContactAttributes'],
          resources: [instanceChild('contact')],
        }),
      );
      this.acknowledge(agentEventsRole, [
        {
          id: this.wildcardFinding(config, 'contact'),
          reason:
            'The chats to mark are known only from each agent event; the wildcard covers contacts of this one Connect instance.',
        },
      ]);

      agentEvents = new lambda.Function(this, 'AgentEvents', {
        description:
          'Keeps agent presence from the Connect agent event stream; marks chats of agents going offline',
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: props.code.agentEvents,
        memorySize: 256,
        timeout: Duration.seconds(60),
        role: agentEventsRole,
        logGroup: agentEventsLogs,
        environment: {
          PRESENCE_TABLE: this.presenceTable.tableName,
          CONNECT_INSTANCE_ID: config.connect.instanceId,
          POWERTOOLS_SERVICE_NAME: 'agent-events',
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          NODE_OPTIONS: '--enable-source-maps',
        },
      });
      this.suppressRuntimeRule(agentEvents);

      // Lambda retries a failing Kinesis batch forever by default and one poison record blocks
      // its shard: report failed records only, halve a failing batch, give up after bounded
      // retries or age (presence older than a few heartbeats is worthless) and keep what was
      // given up on in the queue.
      new lambda.EventSourceMapping(this, 'AgentEventsSource', {
        target: agentEvents,
        eventSourceArn: stream.streamArn,
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.minutes(10),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(failedRecords),
      });
    }

    // Flows: placeholders filled from stack values; checked at synth with example values.
    const values: Record<string, string> = {
      FIND_LAST_AGENT_LAMBDA_ARN: this.findLastAgentInvokeArn,
      ...settingValues(config),
    };
    const examples = exampleValues(config);
    for (const flow of props.flows) {
      this.flowWarnings.push(...checkFlow(flow, examples));
      const resource = new connect.CfnContactFlow(this, `Flow-${flow.key}`, {
        instanceArn,
        name: config.flows.names[flow.key] ?? flow.defaultName,
        type: flow.type,
        content: fillFlow(flow, values),
        state: 'ACTIVE',
        ...(flow.description ? { description: flow.description } : {}),
      });
      // A flow that invokes the Lambda must not be published before Connect may invoke it.
      if (flow.placeholders.includes('FIND_LAST_AGENT_LAMBDA_ARN'))
        resource.addResourceDependency(association);
    }

    new CfnOutput(this, 'PrivateKeySecretArn', {
      value: secretArn,
      description: 'Put the PEM key here (npm run keys:generate prints the command)',
    });
    new CfnOutput(this, 'FindLastAgentInvokeArn', {
      value: this.findLastAgentInvokeArn,
      description: 'What the inbound flow invokes (associated with the instance)',
    });
    if (this.presenceTable) new CfnOutput(this, 'PresenceTableName', { value: this.presenceTable.tableName });
    if (stream) new CfnOutput(this, 'AgentEventStreamArn', { value: stream.streamArn });

    addObservability(this, {
      findLastAgent,
      timeoutSeconds: config.findLastAgent.timeoutSeconds,
      ...(agentEvents ? { agentEvents } : {}),
      ...(failedRecords ? { failedRecords } : {}),
      ...(config.alarms.topicArn ? { alarmTopicArn: config.alarms.topicArn } : {}),
    });
  }

  /** Acknowledges cdk-nag findings on a construct, each with the reason it is right here. */
  private acknowledge(construct: Construct, findings: { id: string; reason: string }[]): void {
    for (const finding of findings) {
      this.acknowledged.push({ path: construct.node.path, ...finding });
      if (this.applyAcknowledgements) Validations.of(construct).acknowledge(finding);
    }
  }

  /** cdk-nag's finding id for a wildcard resource under the Connect instance. */
  private wildcardFinding(config: DeployConfig, kind: string): string {
    const account = config.account ?? '<AWS::AccountId>';
    return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:${config.region}:${account}:instance/${config.connect.instanceId}/${kind}/*]`;
  }

  /** A log group per function, with retention (Lambda's implicit one keeps logs forever). */
  private logGroup(id: string): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** An execution role that may write to its own log group and nothing else yet. */
  private lambdaRole(id: string, logGroup: logs.LogGroup): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute already ends in :* (its log streams).
        resources: [logGroup.logGroupArn],
      }),
    );
    return role;
  }

  private suppressRuntimeRule(fn: lambda.Function): void {
    this.acknowledge(fn, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x on purpose: the bundles are built and tested for Node 22 (scripts/build.ts target node22); move together with the build target.',
      },
    ]);
  }
}
