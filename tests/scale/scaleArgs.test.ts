import { describe, expect, it } from 'vitest';
import { parseStartArgs, UsageError } from '../../src/scale/scaleArgs.js';
import { resolveWorkerCount } from '../../src/scale/httpCluster.js';

describe("npm start's arguments", () => {
  it('GIVEN nothing, --http, --workers or --shards THEN the mode and count', () => {
    expect(parseStartArgs([])).toEqual({ http: false, workers: undefined, shards: undefined, server: undefined });
    expect(parseStartArgs(['--server', '400000000000000001'])).toMatchObject({ http: false, server: '400000000000000001' });
    expect(parseStartArgs(['--http'])).toMatchObject({ http: true, workers: undefined, shards: undefined });
    expect(parseStartArgs(['--http', '--workers', 'auto'])).toMatchObject({ http: true, workers: 'auto', shards: undefined });
    expect(parseStartArgs(['--http', '--workers=3'])).toMatchObject({ http: true, workers: 3, shards: undefined });
    expect(parseStartArgs(['--shards', '2'])).toMatchObject({ http: false, workers: undefined, shards: 2 });
  });

  it.each([
    [['--workers', '2'], /--workers is for the HTTP endpoint: add --http/],
    [['--http', '--shards', '2'], /--shards is for the gateway/],
    [['--shards', '0'], /--shards must be "auto" or a whole number of at least 1 \(got "0"\)/],
    [['--http', '--workers', 'many'], /--workers must be "auto" or a whole number/],
    [['--shard', '2'], /Unknown option '--shard'/],
    [['--shards'], /argument missing/],
  ])('GIVEN %j THEN a UsageError saying what is wrong, with the usage line', (args, message) => {
    expect(() => parseStartArgs(args)).toThrow(UsageError);
    expect(() => parseStartArgs(args)).toThrow(message);
    expect(() => parseStartArgs(args)).toThrow(/usage: npm start/);
  });

  it('GIVEN auto THEN the available cores; GIVEN more than 64 THEN refused', () => {
    expect(resolveWorkerCount('auto')).toBeGreaterThanOrEqual(1);
    expect(resolveWorkerCount(2)).toBe(2);
    expect(() => resolveWorkerCount(65)).toThrow(/from 1 to 64/);
  });
});
