import { describe, expect, it } from 'vitest';
import { generate } from '../helpers.js';

describe('--sentry: error and performance reporting in production', async () => {
  const on = await generate({ sentry: true, celery: true });
  const off = await generate({ sentry: false, celery: true });

  it('pins the SDK, initialises it in production settings only, when SENTRY_DSN is set', () => {
    expect(on.read('pyproject.toml')).toMatch(/^ {4}"sentry-sdk==\d+\.\d+\.\d+",$/m);
    const production = on.read('config/settings/production.py');
    expect(production).toMatch(/^if sentry_dsn := env_str\("SENTRY_DSN"\):\n(?: {4}#.*\n)* {4}sentry_sdk\.init\(\n {8}dsn=sentry_dsn,/m);
    expect(production).toContain('env_float("SENTRY_TRACES_SAMPLE_RATE", default=0.1)');
    expect(production).toContain('Django and Celery integrations');
    for (const file of ['config/settings/base.py', 'config/settings/local.py', 'config/settings/test.py']) expect(on.read(file)).not.toMatch(/sentry/i);
    expect(on.files).toContain('tests/test_sentry.py');
    expect(on.read('README.md')).toMatch(/\| `SENTRY_DSN` \|/);
  });

  it('--no-sentry leaves no trace of it', () => {
    expect(off.files).not.toContain('tests/test_sentry.py');
    // .yo-rc.json records every answer, "sentry": false included.
    for (const file of off.files.filter((name) => name !== '.yo-rc.json')) expect(off.read(file), file).not.toMatch(/sentry/i);
  });
});
