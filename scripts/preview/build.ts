/**
 * Builds the local preview of the priorCallContext LWC: LWC OSS compiles the real component from
 * force-app together with lightning-base-components, and small stubs stand in for the platform
 * modules (Apex, Lightning Data Service, navigation, toasts) and talk to the preview server.
 *
 *   npx tsx scripts/preview/build.ts    writes dist/preview/{index.html,main.js}
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rollup, type Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { SAMPLE_CALLERS } from '../sandbox/sample-data';

const ROOT = resolve(__dirname, '..', '..');
const SRC = join(__dirname, 'src');
/** Where the preview is written. */
export const PREVIEW_DIR = join(ROOT, 'dist', 'preview');

const STUBS: Record<string, string> = {
  '@salesforce/apex/PriorCallContextController.getPriorCalls': join(SRC, 'stubs', 'apex-getPriorCalls.js'),
  'lightning/uiRecordApi': join(SRC, 'stubs', 'uiRecordApi.js'),
  'lightning/uiObjectInfoApi': join(SRC, 'stubs', 'uiObjectInfoApi.js'),
  'lightning/navigation': join(SRC, 'stubs', 'navigation.js'),
  'lightning/platformShowToastEvent': join(SRC, 'stubs', 'platformShowToastEvent.js'),
};

/** Resolves platform-only modules to the preview stubs; @salesforce/schema imports to their names. */
function platformStubs(): Plugin {
  const SCHEMA = '\0schema:';
  return {
    name: 'scv-platform-stubs',
    resolveId(source) {
      if (STUBS[source]) return STUBS[source];
      if (source.startsWith('@salesforce/schema/'))
        return SCHEMA + source.slice('@salesforce/schema/'.length);
      if (source.startsWith('@salesforce/apex/')) {
        throw new Error(`No preview stub for ${source}: add one to scripts/preview/src/stubs and STUBS.`);
      }
      return null;
    },
    load(id) {
      if (!id.startsWith(SCHEMA)) return null;
      const [objectApiName, ...field] = id.slice(SCHEMA.length).split('.');
      const value = field.length
        ? { objectApiName, fieldApiName: field.join('.') }
        : { objectApiName: objectApiName ?? '' };
      return `export default ${JSON.stringify(value)};`;
    },
  };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/**
 * The preview page: a Service Console VoiceCall record page with the component in its sidebar.
 * @returns the HTML
 */
function pageHtml(): string {
  const options = SAMPLE_CALLERS.map(
    (c) =>
      `<option value="${escapeHtml(c.number)}">${escapeHtml(c.number)} — ${escapeHtml(c.story)}</option>`,
  ).join('\n            ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Prior Call Context — VoiceCall preview</title>
    <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css" />
    <style>
      html, body { background: #b0c4df; margin: 0; min-height: 100%; }
      .console-bar { background: #fff; border-bottom: 1px solid #dddbda; padding: 0.5rem 1rem; }
      .console-tabs { background: #f3f2f2; border-bottom: 1px solid #dddbda; padding: 0 1rem; }
      .record-page { padding: 0.75rem; }
      .sidebar { width: 28rem; flex: none; }
      .preview-toast { position: fixed; top: 4rem; left: 50%; transform: translateX(-50%); min-width: 20rem; }
    </style>
  </head>
  <body>
    <header class="console-bar slds-grid slds-grid_vertical-align-center slds-grid_align-spread">
      <div class="slds-grid slds-grid_vertical-align-center">
        <span class="slds-text-heading_small slds-m-right_large"><strong>Service Console</strong></span>
        <span class="slds-badge slds-badge_lightest">Preview · sample org · no Salesforce connection</span>
      </div>
      <label class="slds-grid slds-grid_vertical-align-center">
        <span class="slds-m-right_x-small slds-text-body_small">Sample caller</span>
        <select class="slds-select" data-id="caller-select" style="width: 30rem">
            ${options}
        </select>
      </label>
    </header>
    <nav class="console-tabs slds-p-vertical_x-small slds-text-body_regular" aria-label="Workspace tabs">
      <strong data-id="call-name">VoiceCall</strong>
    </nav>
    <main class="record-page">
      <div class="slds-page-header slds-page-header_record-home slds-m-bottom_small">
        <div class="slds-page-header__row">
          <div class="slds-page-header__col-title">
            <div class="slds-media">
              <div class="slds-media__figure">
                <span class="slds-icon_container slds-icon-standard-voice-call">
                  <svg class="slds-icon slds-page-header__icon" aria-hidden="true">
                    <use href="/assets/icons/standard-sprite/svg/symbols.svg#voice_call"></use>
                  </svg>
                </span>
              </div>
              <div class="slds-media__body">
                <span class="slds-page-header__title-label slds-text-body_small">Voice Call · Inbound · ringing</span>
                <h1 class="slds-page-header__title slds-truncate" data-id="call-number"></h1>
              </div>
            </div>
          </div>
        </div>
        <div class="slds-grid slds-m-top_small">
          <div class="slds-m-right_xx-large"><div class="slds-text-title">Queue</div><div data-id="call-queue"></div></div>
          <div class="slds-m-right_xx-large"><div class="slds-text-title">Call Center</div><div>SCV Sandbox Contact Center</div></div>
          <div><div class="slds-text-title">Direction</div><div>Inbound</div></div>
        </div>
      </div>
      <div class="slds-grid slds-gutters_x-small">
        <div class="slds-col">
          <article class="slds-card"><div class="slds-card__body slds-card__body_inner slds-p-vertical_medium">
            <p class="slds-text-color_weak">Conversation transcript and call controls appear here in the console.</p>
          </div></article>
        </div>
        <aside class="sidebar" data-id="component-slot" aria-label="Caller history sidebar"></aside>
      </div>
    </main>
    <div data-id="toast" role="status" hidden></div>
    <script type="module" src="/main.js"></script>
  </body>
</html>
`;
}

/**
 * Bundles the component and writes the page.
 * @returns the folder written
 */
export async function buildPreview(): Promise<string> {
  const bundle = await rollup({
    input: join(SRC, 'main.js'),
    plugins: [
      platformStubs(),
      replace({
        preventAssignment: true,
        values: { 'import.meta.env.SSR': 'false', 'process.env.NODE_ENV': '"production"' },
      }),
      lwc({
        rootDir: SRC,
        enableDynamicComponents: true,
        enableSyntheticElementInternals: true,
        modules: [
          {
            name: 'c/priorCallContext',
            path: join(ROOT, 'force-app/main/default/lwc/priorCallContext/priorCallContext.js'),
          },
          { npm: 'lightning-base-components' },
        ],
      }),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // lightning-base-components' own templates trip a few LWC compiler warnings; not ours to fix.
      if (warning.id?.includes('lightning-base-components')) return;
      warn(warning);
    },
  });
  mkdirSync(PREVIEW_DIR, { recursive: true });
  await bundle.write({ file: join(PREVIEW_DIR, 'main.js'), format: 'esm', inlineDynamicImports: true });
  await bundle.close();
  writeFileSync(join(PREVIEW_DIR, 'index.html'), pageHtml());
  return PREVIEW_DIR;
}

if (require.main === module) {
  const started = Date.now();
  buildPreview().then(
    (dir) => console.log(`preview built in ${Date.now() - started} ms: ${dir}`),
    (e: unknown) => {
      console.error(`preview build failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
