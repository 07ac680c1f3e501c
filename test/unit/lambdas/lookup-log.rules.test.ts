import { failedLookup } from '../../../lambdas/src/routing/lookup-log';

const io = { caller: '*******0101', sfRequests: 1, connectRequests: 0 };

describe('failedLookup: whatever was thrown', () => {
  it.each([
    [undefined, 'Error: undefined'],
    [null, 'Error: null'],
    ['socket hang up', 'Error: socket hang up'],
    [{ name: 'FetchError', message: 'ECONNRESET', errorCode: 42 }, 'FetchError: ECONNRESET'],
  ])('logs %j as a failed lookup without crashing', (thrown, error) => {
    // Act
    const { outcome, fields } = failedLookup(thrown, io);

    // Assess
    expect(outcome).toBe('LOOKUP_FAILED');
    expect(fields).toMatchObject({ error, errorCode: undefined, backedOff: undefined, sfRequests: 1 });
  });
});
