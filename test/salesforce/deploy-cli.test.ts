import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'salesforce', 'deploy.mjs');

describe('npm run deploy:salesforce without an org', () => {
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'sf-home-'));
  });

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [SCRIPT, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true' },
      timeout: 60_000,
    });

  it('fails with a message that says how to authorise the org, not a stack trace', () => {
    const res = run('--target-org', 'nobody@example.invalid');
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('no authorised org "nobody@example.invalid"');
    expect(res.stderr).toContain('sf org login web');
    expect(`${res.stdout}${res.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+/m);
  }, 60_000);

  it('asks for --target-org', () => {
    const res = run('--dry-run');
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('no --target-org given');
  });

  it('rejects unknown options', () => {
    const res = run('--target-org', 'x', '--force');
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Unknown option --force');
  });
});
