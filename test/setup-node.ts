import 'aws-sdk-client-mock-jest';

// Lambda logs go to stdout as JSON; keep test output readable unless asked.
if (!process.env.TEST_LOGS) {
  process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = process.env.POWERTOOLS_METRICS_DISABLED ?? 'true';
}
// The Lambdas run on nodejs22.x; Node 20 is only this machine's toolchain.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
