import {
  CappedLogFormatter,
  MAX_LOG_LINE_BYTES,
  MAX_REDACT_INPUT_CHARS,
  redact,
} from '../../../lambdas/src/shared/logger';

describe('redact', () => {
  it('masks every phone-like digit run in an echoed SOQL error to its last 4 digits', () => {
    // Prepare: Salesforce echoes the failing query in INVALID_FIELD messages
    const message =
      "\nFROM VoiceCall WHERE FromPhoneNumber IN ('+14155550101', '4155550101', '(415) 555-0101')\n^\nERROR at Row:1:Column:8\nNo such column 'QueueName'";

    // Act
    const safe = redact(message);

    // Assess
    expect(safe).not.toMatch(/415\D*555/);
    expect(safe).toContain('0101');
    expect(safe).toContain("No such column 'QueueName'");
    expect(safe).toContain('Row:1:Column:8');
  });

  it("drops the query Salesforce echoes before 'ERROR at Row'", () => {
    // Prepare
    const message =
      "SalesforceError: \nSELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ('+14155550101')\n               ^\nERROR at Row:1:Column:16\nsObject type 'VoiceCall' is not supported.";

    // Act
    const safe = redact(message);

    // Assess
    expect(safe).toBe(
      "SalesforceError: ERROR at Row:1:Column:16\nsObject type 'VoiceCall' is not supported.",
    );
  });

  it('caps very long text', () => {
    expect(redact('x'.repeat(5000)).length).toBeLessThanOrEqual(601);
  });
});

describe('redact on what network errors and ids look like', () => {
  it('decodes a URL-encoded query before masking, so no encoded number survives', () => {
    // Prepare: node-fetch quotes the request URL in its error message
    const q = encodeURIComponent(
      "SELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ('+14155550101', '(415) 555-0101')",
    );
    const message = `request to https://acme.my.salesforce.com/services/data/v62.0/query?q=${q} failed, reason: socket hang up`;

    // Act
    const safe = redact(message);

    // Assess
    expect(safe).not.toMatch(/415\D{0,6}555/);
    expect(safe).toContain('socket hang up');
  });

  it('leaves record ids, UUIDs and timestamps readable', () => {
    const text =
      'VoiceCall 0LQSB00000000034AA at 2026-11-21T08:21:45.285Z for a1a1a1a1-0000-4000-8000-00000000a0a1';
    expect(redact(text)).toBe(text);
  });
});

describe('redact at its edges', () => {
  it('masks a run of five digits and leaves four alone', () => {
    expect(redact('code 12345 and 1234')).toBe('code *2345 and 1234');
  });

  it('keeps text of exactly the cap and cuts one character more', () => {
    const cap = redact('x'.repeat(5000)).length - 1;
    expect(redact('y'.repeat(cap))).toBe('y'.repeat(cap));
    expect(redact('y'.repeat(cap + 1))).toBe(`${'y'.repeat(cap)}…`);
  });
});

describe('redact on hostile text', () => {
  it('reads only the first MAX_REDACT_INPUT_CHARS: what follows cannot change the work or the result', () => {
    // Prepare: a long text whose tail is the classic worst case for a backtracking echo regex
    const head = "SalesforceError: \nSELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ('+14155550101')\n";
    const tail = '\n SELECT'.repeat(200_000);

    // Act
    const capped = redact((head + tail).slice(0, MAX_REDACT_INPUT_CHARS));
    const whole = redact(head + tail);

    // Assess
    expect(whole).toBe(capped);
    expect(whole).not.toMatch(/4155550101/);
  });

  it('drops every echoed query, each up to its own caret line', () => {
    // Prepare
    const echo = (n: string) =>
      `\nSELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ('${n}')\n     ^\nERROR at Row:1:Column:8`;
    const text = `first:${echo('+14155550101')}\nsecond:${echo('+14155550102')}`;

    // Act
    const safe = redact(text);

    // Assess
    expect(safe).toBe('first: ERROR at Row:1:Column:8\nsecond: ERROR at Row:1:Column:8');
  });

  it('keeps a SELECT line with no caret after it (not an echo), masked', () => {
    expect(redact('note\nSELECT 4155550101 here')).toBe('note\nSELECT ******0101 here');
  });
});

describe('log lines', () => {
  it('are capped at 8 KB whatever a caller passes', () => {
    // Prepare
    const formatter = new CappedLogFormatter();
    const attributes = {
      logLevel: 'WARN',
      message: 'last-agent lookup',
      timestamp: new Date(),
      serviceName: 'scv-last-agent',
      sampleRateValue: 0,
    } as unknown as Parameters<CappedLogFormatter['formatAttributes']>[0];

    // Act
    const item = formatter.formatAttributes(attributes, {
      error: 'e'.repeat(100_000),
      list: Array.from({ length: 1000 }, () => 'x'.repeat(1000)),
      nested: { deep: { deeper: 'y'.repeat(10_000) } },
    });

    // Assess
    const line = JSON.stringify(item.getAttributes());
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    expect(item.getAttributes()).toMatchObject({
      level: 'WARN',
      message: 'last-agent lookup',
      logLineCapped: true,
    });
  });
});
