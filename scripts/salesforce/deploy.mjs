#!/usr/bin/env node
/**
 * Deploys the Salesforce package (force-app) with the sf CLI and assigns its permission sets.
 *
 *   npm run deploy:salesforce -- --target-org <alias|username> [--dry-run]
 *                                [--integration-user <username>] [--skip-permsets]
 *
 * --dry-run validates the deployment (sf project deploy validate runs the Apex tests and keeps
 * the org unchanged). Without it the package is deployed with PriorCallContextControllerTest,
 * Prior_Call_Context_User is assigned to the user you are logged in as, and, when
 * --integration-user is given, Last_Agent_Routing_Integration to the Lambda's integration user.
 *
 * Every failure ends with one line that says what to do, and a non-zero exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_DIR = 'force-app';
const TEST_CLASS = 'PriorCallContextControllerTest';
const USER_PERMSET = 'Prior_Call_Context_User';
const INTEGRATION_PERMSET = 'Last_Agent_Routing_Integration';

const USAGE = `Usage: npm run deploy:salesforce -- --target-org <alias|username> [--dry-run] [--integration-user <username>] [--skip-permsets]`;

/**
 * Parses the command line.
 * @param {string[]} argv arguments after the script name
 * @returns {{targetOrg?: string, dryRun: boolean, integrationUser?: string, skipPermsets: boolean, help: boolean}}
 */
export function parseArgs(argv) {
  const opts = { dryRun: false, skipPermsets: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value. ${USAGE}`);
      i += 1;
      return next;
    };
    if (flag === '--target-org' || flag === '-o') opts.targetOrg = value();
    else if (flag === '--integration-user') opts.integrationUser = value();
    else if (flag === '--dry-run') opts.dryRun = true;
    else if (flag === '--skip-permsets') opts.skipPermsets = true;
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else throw new Error(`Unknown option ${arg}. ${USAGE}`);
  }
  return opts;
}

function sfBin() {
  const local = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'sf.cmd' : 'sf');
  return existsSync(local) ? local : 'sf';
}

/** Runs sf with --json and returns its parsed answer (sf prints JSON even on failure). */
function sfJson(args) {
  const run = spawnSync(sfBin(), [...args, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true' },
  });
  if (run.error) {
    throw new Error(
      `Could not run the sf CLI (${run.error.message}). Run npm ci to install @salesforce/cli.`,
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    parsed = { status: run.status ?? 1, message: (run.stderr || run.stdout || '').trim().split('\n')[0] };
  }
  return { ok: run.status === 0 && (parsed.status ?? 0) === 0, body: parsed };
}

function fail(message) {
  console.error(`deploy:salesforce: ${message}`);
  process.exit(1);
}

function deployErrors(body) {
  const failures = body?.result?.details?.componentFailures ?? body?.data?.details?.componentFailures;
  const list = Array.isArray(failures) ? failures : failures ? [failures] : [];
  const lines = list.map((f) => `  ${f.componentType} ${f.fullName}: ${f.problem}`);
  const tests = body?.result?.details?.runTestResult?.failures ?? [];
  for (const t of Array.isArray(tests) ? tests : [tests])
    lines.push(`  test ${t.name}.${t.methodName}: ${t.message}`);
  return lines.join('\n');
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    fail(e.message);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  if (!opts.targetOrg) fail(`no --target-org given. ${USAGE}`);

  const org = sfJson(['org', 'display', '--target-org', opts.targetOrg]);
  if (!org.ok) {
    fail(
      `the sf CLI has no authorised org "${opts.targetOrg}" (${String(org.body.message ?? 'unknown error')
        .replace(/\s+/g, ' ')
        .trim()}). ` +
        `Authorise it first: npx sf org login web --alias ${opts.targetOrg} --instance-url https://login.salesforce.com ` +
        `(see docs/salesforce.md).`,
    );
  }
  const username = org.body.result?.username ?? opts.targetOrg;
  console.log(`Org: ${username} (${org.body.result?.instanceUrl ?? 'unknown instance'})`);

  const deployArgs = [
    'project',
    'deploy',
    opts.dryRun ? 'validate' : 'start',
    '--source-dir',
    SOURCE_DIR,
    '--target-org',
    opts.targetOrg,
    '--test-level',
    'RunSpecifiedTests',
    '--tests',
    TEST_CLASS,
    '--wait',
    '30',
  ];
  console.log(`${opts.dryRun ? 'Validating (dry run, nothing changes)' : 'Deploying'} ${SOURCE_DIR} …`);
  const deploy = sfJson(deployArgs);
  if (!deploy.ok) {
    const details = deployErrors(deploy.body);
    fail(
      `${opts.dryRun ? 'validation' : 'deployment'} failed: ${deploy.body.message ?? 'see the org’s Deployment Status page'}` +
        (details ? `\n${details}` : ''),
    );
  }
  const files = deploy.body.result?.files ?? [];
  console.log(
    `${opts.dryRun ? 'Validated' : 'Deployed'} ${files.length} source files; ${TEST_CLASS} passed.`,
  );

  if (opts.dryRun || opts.skipPermsets) {
    if (opts.dryRun) console.log('Dry run: permission sets not assigned.');
    return;
  }
  const assign = sfJson(['org', 'assign', 'permset', '--name', USER_PERMSET, '--target-org', opts.targetOrg]);
  if (!assign.ok && !/duplicate/i.test(JSON.stringify(assign.body))) {
    fail(`deployed, but assigning ${USER_PERMSET} failed: ${assign.body.message}`);
  }
  console.log(`Assigned ${USER_PERMSET} to ${username}. Assign it to your agents too (docs/salesforce.md).`);
  if (opts.integrationUser) {
    const integration = sfJson([
      'org',
      'assign',
      'permset',
      '--name',
      INTEGRATION_PERMSET,
      '--on-behalf-of',
      opts.integrationUser,
      '--target-org',
      opts.targetOrg,
    ]);
    if (!integration.ok && !/duplicate/i.test(JSON.stringify(integration.body))) {
      fail(
        `deployed, but assigning ${INTEGRATION_PERMSET} to ${opts.integrationUser} failed: ${integration.body.message}` +
          ' (a Salesforce Integration user first needs the Salesforce API Integration permission set licence;' +
          ' if VoiceCall View All is refused for that licence, use a Salesforce-licensed API-only user:' +
          ' docs/salesforce.md §6)',
      );
    }
    console.log(`Assigned ${INTEGRATION_PERMSET} to ${opts.integrationUser}.`);
  } else {
    console.log(
      `Not assigned: ${INTEGRATION_PERMSET} (pass --integration-user <username> for the Lambda's user).`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}
