/**
 * One structured JSON logger for the Lambdas (Powertools). Callers pass masked numbers only; keys
 * and tokens never reach a log line.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'scv-last-agent' });
