import { describe, expect, it } from 'vitest';
import { runScript } from './run.js';

/** Every command reads its flags through readCommandLine: a mistyped flag is a usage line, never a stack trace. */
const COMMANDS = [
  'src/cli/ask.ts', 'src/cli/eval.ts', 'src/cli/gold.ts', 'src/cli/train.ts', 'src/cli/bench.ts', 'src/cli/benchHttp.ts',
  'src/cli/ablation.ts', 'src/cli/compareRankers.ts', 'src/cli/buildRelated.ts', 'src/cli/measureTerms.ts', 'src/cli/feedbackDemo.ts',
];

describe('command lines', () => {
  it.each(COMMANDS)('GIVEN an unknown flag WHEN %s starts THEN it exits 2 with the flag named and its usage, no stack trace', async (script) => {
    const { code, stdout, stderr } = await runScript(script, ['--no-such-flag']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Unknown option '--no-such-flag'");
    expect(stderr).toMatch(/usage: npm run /i);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each(COMMANDS)('GIVEN --help WHEN %s starts THEN it prints its usage and exits 0, doing nothing else', async (script) => {
    const { code, stdout, stderr } = await runScript(script, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run /i);
    expect(stderr).toBe('');
  });
});
