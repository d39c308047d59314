import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION, RULESET_VERSION, VERSIONS } from '../../src/core/version';

describe('versions', () => {
  it('APP_VERSION is package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });

  it('RULESET_VERSION is the format year and a counter', () => {
    expect(RULESET_VERSION).toMatch(/^20\d\d\.\d+$/);
    expect(VERSIONS).toEqual({ app: APP_VERSION, rules: RULESET_VERSION });
  });
});
