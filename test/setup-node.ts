import 'aws-sdk-client-mock-jest';

// Lambda logs go to stdout as JSON; keep test output readable unless asked.
if (!process.env.TEST_LOGS) {
  process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT';
}
