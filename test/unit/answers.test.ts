import { describe, expect, it } from 'vitest';
import { usageError } from '../helpers.js';
import { execFileSync } from 'node:child_process';
import { oneShotCommand, resolveAnswers } from '../../generators/app/answers.js';
import { projectNames, slugify, slugProblem } from '../../generators/app/names.js';
import type { PythonInstall } from '../../generators/app/python.js';
import { DEFAULT_PRESET, FEATURE_KEYS, features, PRESETS, presetValues } from '../../generators/app/schema.js';

const names = projectNames('/tmp/my-shop', undefined);
const py = (version: PythonInstall['version']): PythonInstall => ({ version, full: `${version}.0`, path: `/usr/bin/python${version}` });
const found = [py('3.13'), py('3.12'), py('3.11')];

describe('project names', () => {
  it('derives the package slug from the directory name', () => {
    expect(slugify('My-Shop app')).toBe('my_shop_app');
    expect(names).toMatchObject({ slug: 'my_shop', name: 'My Shop', directory: '/tmp/my-shop' });
    expect(projectNames('shop', 'Corner Shop', '/work')).toMatchObject({ slug: 'shop', name: 'Corner Shop', directory: '/work/shop' });
  });

  it.each([
    ['', 'empty'],
    ['1shop', 'cannot start with a digit'],
    ['class', 'Python keyword'],
    ['django', 'shadow Django'],
    ['test', 'test package'],
    ['tests', 'top-level "tests" of its own'],
    ['deploy', 'top-level "deploy" of its own'],
    ['config', 'top-level "config" of its own'],
    ['json', 'standard-library'],
    ['asyncio', 'standard-library'],
    ['celery', 'import name of a package'],
    ['rest_framework', 'import name of a package'],
    ['shop.v2', 'letters, digits and underscores'],
  ])('refuses %j (%s)', (slug, rule) => {
    expect(slugProblem(slug)).toContain(rule);
  });

  it('names the rule and suggests another directory', () => {
    const message = usageError(() => projectNames('/tmp/Test', undefined));
    expect(message).toContain('"test"');
    expect(message).toContain('clashes with the test package');
    expect(message).toContain('Try a different directory, e.g. "test-project"');
    expect(usageError(() => projectNames('/tmp/3d-shop', undefined))).toContain('e.g. "project-3d-shop"');
  });

  it('refuses a display name that would break the generated files', () => {
    expect(usageError(() => projectNames('/tmp/shop', 'My "Shop"'))).toContain('cannot contain quotes');
  });
});

describe('schema and presets', () => {
  it('defines each preset by the features it turns on', () => {
    for (const key of FEATURE_KEYS) {
      const spec = features[key];
      if ('preset' in spec) expect(Object.keys(spec.preset).sort()).toEqual([...PRESETS].sort());
    }
  });

  it('defaults to the api preset, and the full preset adds Celery and Channels to it', () => {
    expect(DEFAULT_PRESET).toBe('api');
    expect(presetValues('full')).toEqual({ ...presetValues('api'), celery: true, channels: true });
  });
});

describe('resolveAnswers', () => {
  it('fills everything from the default preset and the newest Python found', () => {
    const { answers, reasons } = resolveAnswers({}, names, found);
    expect(answers).toMatchObject({ preset: 'api', db: 'postgres', cache: 'redis', api: 'drf', auth: 'jwt', pagination: 'cursor', example: true, python: '3.13', django: '6.1', comments: 'teaching', slug: 'my_shop' });
    expect(reasons.join('\n')).toContain('Python 3.13: the newest supported CPython that runs here (/usr/bin/python3.13)');
    expect(reasons.join('\n')).toContain('Django 6.1');
  });

  it('chooses Django 5.2 LTS for Python 3.11 and says why', () => {
    const { answers, reasons } = resolveAnswers({}, names, [py('3.11')]);
    expect(answers.django).toBe('5.2');
    expect(reasons.join('\n')).toMatch(/Django 5\.2: the LTS line; Django 6\.1 needs Python >= 3\.12/);
  });

  it('lets explicit flags override the preset', () => {
    const { answers } = resolveAnswers({ db: 'sqlite', cache: 'locmem', comments: 'minimal', python: '3.12', django: '5.2' }, names, found);
    expect(answers).toMatchObject({ db: 'sqlite', cache: 'locmem', comments: 'minimal', python: '3.12', django: '5.2' });
  });

  it('falls back to Python 3.12 with a warning when none runs here', () => {
    const { answers, reasons } = resolveAnswers({}, names, []);
    expect(answers.python).toBe('3.12');
    expect(reasons[0]).toContain('no CPython 3.11-3.14 runs here');
  });

  it('says when the chosen Python is not on this machine', () => {
    expect(resolveAnswers({ python: '3.14' }, names, found).reasons[0]).toBe(
      'Python 3.14: --python (not found on this machine: install it before setting up the project)',
    );
    expect(resolveAnswers({ python: '3.12' }, names, found).reasons[0]).toBe('Python 3.12: --python');
  });

  it('refuses impossible pairs', () => {
    expect(usageError(() => resolveAnswers({ python: '3.11', django: '6.1' }, names, found))).toContain(
      '--django 6.1 needs Python >= 3.12 (got --python 3.11)',
    );
  });

  it('refuses an option that means nothing with the other answers, naming what it needs', () => {
    expect(usageError(() => resolveAnswers({ api: 'none', pagination: 'page' }, names, found))).toBe(
      'Impossible combination: --pagination page only applies with --api drf.',
    );
  });

  it('says where a value came from: a flag or a prompt', () => {
    expect(resolveAnswers({ python: '3.12' }, names, found).reasons[0]).toMatch(/^Python 3\.12: --python/);
    expect(resolveAnswers({ python: '3.12' }, names, found, new Set(['python'])).reasons[0]).toMatch(/^Python 3\.12: chosen at the prompt/);
  });

  it('refuses an option that means nothing without an API', () => {
    expect(usageError(() => resolveAnswers({ auth: 'session', api: 'none', pagination: 'cursor' }, names, found))).toMatch(
      /--pagination cursor only applies with --api drf/,
    );
  });
});

describe('oneShotCommand', () => {
  it('repeats the answers that differ from the preset, plus the machine-dependent ones, pinned to the version', () => {
    const { answers } = resolveAnswers({ db: 'sqlite', python: '3.12' }, names, found);
    expect(oneShotCommand(answers, 'my-shop', 'My Shop', '1.2.3')).toBe(
      'npm create django-best-practice@1.2.3 my-shop -- --preset api --db sqlite --python 3.12 --django 6.1 --yes',
    );
  });

  it.each([
    ['my shop', 'Corner Shop'],
    ['shop', '$(touch pwned) `touch pwned` $HOME'],
    ['shop', "Bob's; rm -rf ~ & echo"],
    ['-work/shop', 'Shop'],
  ])('quotes %j / %j so that a shell hands them back unchanged', async (directory, name) => {
    const { answers } = resolveAnswers({}, projectNames(`/tmp/${directory}`, name), found);
    const command = oneShotCommand(answers, directory, 'Default', '1.2.3');
    // The shell's own word splitting, with npm replaced by a printer of its arguments.
    const printed = execFileSync('sh', ['-c', `printargs() { shift 2; printf '%s\\n' "$@"; }; ${command.replace(/^npm /, 'printargs ')}`], {
      encoding: 'utf8',
    });
    const words = printed.trimEnd().split('\n');
    expect(words[0]).toBe(directory.startsWith('-') ? `./${directory}` : directory);
    expect(words[words.indexOf('--name') + 1]).toBe(name);
    expect(words.at(-1)).toBe('--yes');
  });
});
