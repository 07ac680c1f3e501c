import { maskPhone, parseCallerNumber } from '../../../lambdas/src/shared/phone';

describe('parseCallerNumber', () => {
  it('gives the E.164 form first and the national renderings an org may store', () => {
    // Prepare
    const raw = '+14155550109';

    // Act
    const parsed = parseCallerNumber(raw, 'US');

    // Assess
    expect(parsed?.e164).toBe('+14155550109');
    expect(parsed?.storedForms[0]).toBe('+14155550109');
    expect(parsed?.storedForms).toEqual(
      expect.arrayContaining([
        '4155550109',
        '14155550109',
        '(415) 555-0109',
        '415-555-0109',
        '+1 415 555 0109',
      ]),
    );
    expect(new Set(parsed?.storedForms).size).toBe(parsed?.storedForms.length);
  });

  it('reads national input with the default country', () => {
    // Act
    const parsed = parseCallerNumber('(415) 555-0101', 'US');

    // Assess
    expect(parsed?.e164).toBe('+14155550101');
  });

  it('keeps numbers of other countries in their own national forms', () => {
    // Act
    const parsed = parseCallerNumber('+442079460123', 'US');

    // Assess
    expect(parsed?.e164).toBe('+442079460123');
    expect(parsed?.storedForms).toContain('020 7946 0123');
    expect(parsed?.storedForms).not.toContain('207-946-0123');
  });

  it.each([
    ['missing', undefined],
    ['not a string', 14155550101],
    ['empty', ''],
    ['anonymous', 'anonymous'],
    ['withheld', 'Restricted'],
    ['SOQL injection', "+1415' OR Id != null OR FromPhoneNumber='"],
    ['absurd length', '+1'.padEnd(400, '5')],
    ['too short', '+1415'],
    ['letters', '+1-800-FLOWERS'],
    ['sip uri', 'sip:alice@example.com'],
  ])('refuses %s', (_label, raw) => {
    // Act
    const parsed = parseCallerNumber(raw, 'US');

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhone('+14155550101')).toBe('*******0101');
    expect(maskPhone('(415) 555-0109')).toBe('******0109');
  });

  it('never reveals short or odd input', () => {
    expect(maskPhone('123')).toBe('***');
    expect(maskPhone(undefined)).toBe('');
    expect(maskPhone('+1'.padEnd(60, '9'))).toBe(`${'*'.repeat(12)}9999`);
  });
});
