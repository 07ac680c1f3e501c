import fc from 'fast-check';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import {
  buildLastAnsweredCallQuery,
  escapeSoqlString,
  soqlString,
} from '../../../lambdas/src/salesforce/soql';

/** Reads a SOQL string literal back, as Salesforce does. */
function unescapeSoql(literal: string): string {
  const body = literal.replace(/^'|'$/g, '');
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  return body.replace(/\\(.)/gs, (_m, c: string) => escapes[c] ?? c);
}

describe('SOQL escaping over arbitrary strings', () => {
  it('always yields one literal that reads back as the original text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // Act
        const soql = `SELECT Id FROM VoiceCall WHERE Name = ${soqlString(text)} AND Id != null`;
        const where = parseQuery(soql).where as {
          left: { field: string; value: string };
          right?: { left: { field: string } };
        };

        // Assess: still exactly the two conditions written, the first holding the whole text
        expect(where.left.field).toBe('Name');
        expect(where.right?.left.field).toBe('Id');
        expect(unescapeSoql(where.left.value)).toBe(text);
      }),
    );
  });

  it('leaves no unescaped quote or backslash', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeSoqlString(text).replace(/\\[\\'"nrtbf]/g, '')).not.toMatch(/['"\\\n\r\t\b\f]/);
      }),
    );
  });

  it('escapes form feed and backspace as Salesforce reads them', () => {
    expect(escapeSoqlString('a\bb\fc')).toBe('a\\bb\\fc');
  });

  it('accepts a one-day window and refuses none', () => {
    const q = { numberForms: ['+14155550101'], includePackageFields: false };
    expect(buildLastAnsweredCallQuery({ ...q, routingLookbackDays: 1 })).toContain('LAST_N_DAYS:1 ');
    expect(() => buildLastAnsweredCallQuery({ ...q, routingLookbackDays: 0 })).toThrow('routingLookbackDays');
    expect(buildLastAnsweredCallQuery({ ...q, routingLookbackDays: 1 })).toMatch(/^SELECT Id, UserId, /);
  });
});
