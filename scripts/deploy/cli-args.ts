/**
 * The command line shared by `npm run synth` and `npm run deploy:aws`.
 */

/** Parsed options. */
export interface DeployArgs {
  config?: string;
  outdir?: string;
  build: boolean;
  /** deploy:aws only: skip CDK's approval prompt for security-related changes. */
  yes: boolean;
}

/** Parses argv (without node and script); returns the problems instead when it cannot. */
export function parseDeployArgs(
  argv: string[],
  allowed: string[],
): { args: DeployArgs } | { problems: string[] } {
  const problems: string[] = [];
  const args: DeployArgs = { build: true, yes: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (!allowed.includes(flag as string)) {
      problems.push(`unknown option ${flag}; use ${allowed.join(', ')}`);
      continue;
    }
    const value = (): string | undefined => {
      const v = inline ?? argv[++i];
      if (!v || v.startsWith('--')) problems.push(`${flag} needs a value`);
      return v;
    };
    if (flag === '--config') args.config = value();
    else if (flag === '--out') args.outdir = value();
    else if (flag === '--no-build') args.build = false;
    else if (flag === '--yes') args.yes = true;
  }
  return problems.length > 0 ? { problems } : { args };
}
