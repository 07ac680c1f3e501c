/**
 * Converts force-app to a metadata-format (deployable) package with source-deploy-retrieve, the
 * library behind `sf project convert source` and `sf project deploy start`, and checks that every
 * component of the package is in it and nothing else (no Jest tests).
 *
 *   npx tsx scripts/salesforce/convert-check.ts [outputDir]   exits 1 and names what is missing
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ComponentSet, ForceIgnore, MetadataConverter } from '@salesforce/source-deploy-retrieve';

const ROOT = resolve(__dirname, '..', '..');

/** Every component the package must deliver, as `Type:FullName`. */
export const EXPECTED_COMPONENTS: readonly string[] = [
  'CustomField:VoiceCall.Call_Reason__c',
  'CustomField:VoiceCall.Call_Reason_Status__c',
  'CustomField:VoiceCall.Routed_To_Last_Agent__c',
  'ApexClass:PriorCallContextController',
  'ApexClass:PriorCallContextControllerTest',
  'LightningComponentBundle:priorCallContext',
  'PermissionSet:Prior_Call_Context_User',
  'PermissionSet:Last_Agent_Routing_Integration',
  'StaticResource:PhoneNumberVectors',
];

/** The result of a conversion. */
export interface ConvertResult {
  /** `Type:FullName` of every component, sorted. */
  components: string[];
  /** The package.xml written. */
  packageXml: string;
  /** Paths of the files written, relative to the output folder. */
  files: string[];
}

/**
 * Converts a source folder to metadata format, honouring the project's .forceignore.
 * @param sourceDir SFDX source folder (default: force-app)
 * @param outputDir folder to write into (default: a new temp folder, removed afterwards)
 * @returns the components, package.xml and files of the converted package
 */
export async function convertSource(
  sourceDir: string = resolve(ROOT, 'force-app'),
  outputDir?: string,
): Promise<ConvertResult> {
  const out = outputDir ?? mkdtempSync(join(tmpdir(), 'scv-mdapi-'));
  try {
    const forceIgnore = ForceIgnore.findAndCreate(sourceDir);
    const set = ComponentSet.fromSource({ fsPaths: [sourceDir], tree: undefined, fsDeletePaths: [] });
    const kept = new ComponentSet(
      set.getSourceComponents().filter((c) => !c.xml || !forceIgnore.denies(c.xml)),
    );
    kept.apiVersion = JSON.parse(readFileSync(resolve(ROOT, 'sfdx-project.json'), 'utf8')).sourceApiVersion;
    const converted = await new MetadataConverter().convert(kept, 'metadata', {
      type: 'directory',
      outputDirectory: out,
      packageName: undefined,
      genUniqueDir: false,
    });
    const packageXml = readFileSync(join(out, 'package.xml'), 'utf8');
    const components = kept
      .toArray()
      .map((c) => `${c.type.name}:${c.fullName}`)
      .sort();
    const files = (converted.converted ?? [])
      .flatMap((c) => [c.xml, ...c.walkContent()])
      .filter((p): p is string => !!p)
      .map((p) => p.slice(out.length + 1))
      .sort();
    return { components, packageXml, files };
  } finally {
    if (!outputDir) rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Names the expected components missing from a conversion.
 * @param result a conversion from {@link convertSource}
 * @returns `Type:FullName` of each missing component
 */
export function missingComponents(result: ConvertResult): string[] {
  return EXPECTED_COMPONENTS.filter((want) => {
    const [type, name] = want.split(':') as [string, string];
    return (
      !result.components.includes(want) ||
      !result.packageXml.includes(`<members>${name}</members>`) ||
      !result.packageXml.includes(`<name>${type}</name>`)
    );
  });
}

async function main(): Promise<void> {
  const result = await convertSource(undefined, process.argv[2] ? resolve(process.argv[2]) : undefined);
  const missing = missingComponents(result);
  const leaked = result.files.filter((f) => f.includes('__tests__'));
  if (missing.length || leaked.length) {
    if (missing.length)
      console.error(`convert-check: the package lacks ${missing.join(', ')}: add them under force-app.`);
    if (leaked.length)
      console.error(
        `convert-check: Jest files would be deployed (${leaked.join(', ')}): check .forceignore.`,
      );
    process.exit(1);
  }
  console.log(
    `convert-check: ${result.components.length} components convert:\n  ${result.components.join('\n  ')}`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`convert-check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
