import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { parseDeployArgs } from '../../../scripts/deploy/cli-args';
import { main } from '../../../scripts/deploy/deploy';

const EXAMPLE = path.resolve(__dirname, '../../../scripts/deploy/deploy-config.example.json');
const CREDENTIAL_VARS = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/** Runs the deploy CLI with console output captured. */
async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((l: string) => void out.push(l));
  const error = jest.spyOn(console, 'error').mockImplementation((l: string) => void err.push(l));
  try {
    return { code: await main(argv), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('npm run deploy:aws', () => {
  const saved: Record<string, string | undefined> = {};
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'scv-nocreds-'));
    for (const k of [
      ...CREDENTIAL_VARS,
      'HOME',
      'AWS_EC2_METADATA_DISABLED',
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
    ])
      saved[k] = process.env[k];
    for (const k of CREDENTIAL_VARS) delete process.env[k];
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = path.join(home, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('fails with one clear line and nothing deployed when there are no AWS credentials', async () => {
    const { code, out, err } = await run(['--config', EXAMPLE]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      expect.stringMatching(/^deploy:aws: no usable AWS credentials .* Nothing was deployed\.$/),
    ]);
  });

  it('needs --config and names it', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--config is required/);
  });

  it('reports config problems before touching AWS', async () => {
    const { code, err } = await run(['--config', path.join(home, 'absent.json')]);
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/absent\.json: cannot read the config file/)]);
  });
});

describe('parseDeployArgs', () => {
  it('reads --config in both spellings and flags unknown options', () => {
    expect(parseDeployArgs(['--config=a.json', '--yes'], ['--config', '--yes'])).toEqual({
      args: { config: 'a.json', build: true, yes: true },
    });
    expect(parseDeployArgs(['--config'], ['--config'])).toEqual({ problems: ['--config needs a value'] });
    expect(parseDeployArgs(['--force'], ['--config'])).toEqual({
      problems: ['unknown option --force; use --config'],
    });
  });
});
