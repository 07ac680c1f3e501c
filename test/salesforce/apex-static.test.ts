import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { listApexFiles, parseApex, securityFindings } from '../../scripts/salesforce/apex-check';
import {
  FAILING_SEVERITIES,
  formatViolations,
  runPmd,
  type PmdViolation,
} from '../../scripts/salesforce/pmd-check';

describe('Apex static checks (no org)', () => {
  const files = listApexFiles();

  it('finds the controller and its test class', () => {
    expect(files.map((f) => basename(f))).toEqual(
      expect.arrayContaining(['PriorCallContextController.cls', 'PriorCallContextControllerTest.cls']),
    );
  });

  it.each(files.map((f) => [basename(f), f]))('%s parses with the Apex grammar', (_name, file) => {
    expect(parseApex(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('reports syntax errors (the parser can fail)', () => {
    const errors = parseApex('public class Broken { public void run( { } }');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.line).toBe(1);
  });

  it.each(files.map((f) => [basename(f), f]))(
    '%s follows the package rules (sharing, USER_MODE, no dynamic SOQL)',
    (_name, file) => {
      expect(securityFindings(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it('flags a class without sharing, dynamic SOQL and a query without USER_MODE', () => {
    const findings = securityFindings(
      "public class Leaky { List<Account> a() { Database.query('x'); return [SELECT Id FROM Account]; } }",
    );
    expect(findings).toHaveLength(3);
  });

  it('the controller queries VoiceCall with bind variables and an AuraEnabled cacheable method', () => {
    const source = readFileSync(
      files.find((f) => f.endsWith('PriorCallContextController.cls')) as string,
      'utf8',
    );
    expect(source).toMatch(/@AuraEnabled\(cacheable=true\)\s+public static PriorCallContext getPriorCalls\(/);
    expect(source).toMatch(/FromPhoneNumber IN :variants/);
    expect(source).toMatch(/ToPhoneNumber IN :variants/);
    expect(source).toMatch(/ORDER BY CallStartDateTime DESC/);
  });

  it('the test class uses @TestSetup, System.runAs and Assert with messages', () => {
    const source = readFileSync(
      files.find((f) => f.endsWith('PriorCallContextControllerTest.cls')) as string,
      'utf8',
    );
    expect(source).toMatch(/@TestSetup/);
    expect(source).toMatch(/System\.runAs\(/);
    const asserts = source.match(/Assert\.\w+\([^;]*;/g) ?? [];
    expect(asserts.length).toBeGreaterThan(10);
    for (const call of asserts) expect(call).toMatch(/'[^']+'[^']*\);$|\+ \w+(\[\d\])?\);$/);
  });

  describe('PMD (Salesforce Code Analyzer core, pmd:Apex rules)', () => {
    let violations: PmdViolation[];

    beforeAll(async () => {
      violations = await runPmd();
    }, 120_000);

    it('has no violations of severity 1 or 2', () => {
      const failing = violations.filter((v) => FAILING_SEVERITIES.includes(v.severity));
      expect(formatViolations(failing)).toBe('');
    });

    it('ran the rules (a known-bad class is flagged)', async () => {
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'pmd-bad-'));
      try {
        writeFileSync(
          join(dir, 'Bad.cls'),
          "public class Bad { public static List<Account> find(String n) { return Database.query('SELECT Id FROM Account WHERE Name = \\'' + n + '\\''); } }",
        );
        const bad = await runPmd([dir]);
        expect(bad.some((v) => v.severity <= 2)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
