/**
 * `npm run sandbox` as tools use it: one JSON line on stdout, emulators on loopback, faults from
 * the command line, a clean exit on SIGTERM, and a usage message for bad flags.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function startCli(args: string[]): { child: ChildProcessWithoutNullStreams; firstLine: Promise<string> } {
  // Node with tsx's loader, not the tsx CLI: the CLI relays signals to a child process of its own
  // and, under load, could die of the SIGTERM itself (exit 143) before learning the child handles it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox/cli.ts', ...args], {
    cwd: root,
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code} before printing`)));
  });
  return { child, firstLine };
}

describe('npm run sandbox', () => {
  it('prints its JSON line, applies faults from flags and stops on SIGTERM', async () => {
    // Prepare
    const { child, firstLine } = startCli(['--sf-latency-ms', '25', '--api-limit', '3']);

    try {
      // Act
      const info = JSON.parse(await firstLine) as {
        sfLoginUrl: string;
        connectEndpoint: string;
        instanceArn: string;
        env: Record<string, string>;
      };
      const faults = (await (await fetch(`${info.sfLoginUrl}/__sandbox/faults`)).json()) as Record<
        string,
        unknown
      >;

      // Assess
      expect(info.sfLoginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.connectEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.instanceArn).toMatch(/^arn:aws:connect:us-east-1:\d{12}:instance\//);
      expect(info.env).toMatchObject({
        SF_LOGIN_URL: info.sfLoginUrl,
        AWS_ENDPOINT_URL_CONNECT: info.connectEndpoint,
        AWS_REGION: 'us-east-1',
      });
      expect(info.env.SF_PRIVATE_KEY).toContain('BEGIN PRIVATE KEY');
      expect(faults).toMatchObject({ latencyMs: 25, apiRequestsRemaining: 3 });
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
  }, 45_000);

  it('refuses a bad flag with a usage message and exit code 2', async () => {
    // Act
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/sandbox/cli.ts', '--sf-latency-ms', 'soon'],
      {
        cwd: root,
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));

    // Assess
    expect(code).toBe(2);
    expect(err).toContain('--sf-latency-ms must be a non-negative integer');
    expect(err).toContain('usage: npm run sandbox');
  }, 20_000);
});
