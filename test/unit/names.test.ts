import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { usageError } from '../helpers.js';
import dependencyNames from '../../generators/app/data/dependency-names.json' with { type: 'json' };
import { projectNames, slugify, slugProblem } from '../../generators/app/names.js';
import { MAX_DIRECTORY_NAME_BYTES, NAME_MAX } from '../../generators/app/target.js';

describe('names the project installs or imports', () => {
  it.each([
    ['asgiref', 'asgiref'],
    ['sqlparse', 'sqlparse'],
    ['django_stubs_ext', 'django-stubs-ext'],
    ['pluggy', 'pluggy'],
    ['iniconfig', 'iniconfig'],
    ['py', 'pytest'],
    ['typing_extensions', 'typing_extensions'],
    ['pytest_cov', 'pytest-cov'],
    ['mypy_django_plugin', 'django-stubs'],
    ['colorama', 'colorama'],
    ['whitenoise', 'whitenoise'],
    ['pythonjsonlogger', 'python-json-logger'],
    ['rest_framework', 'djangorestframework'],
    ['drf_spectacular', 'drf-spectacular'],
  ])('refuses %j, provided by %j', (slug, distribution) => {
    expect(slugProblem(slug)).toBe(
      `it is the import name of a package the project uses (from "${distribution}"), which the project's package would hide`,
    );
  });

  it('refuses every recorded import name', () => {
    for (const name of Object.keys(dependencyNames.names)) expect(slugProblem(name), name).toBeDefined();
  });

  it.each(['_pytest', '__main__'])('refuses %j (it starts with "_")', (slug) => {
    expect(slugProblem(slug)).toContain('starts or ends with "_" or "-"');
  });

  it.each(['corsheaders', 'environ'])(
    'keeps %j, which projects commonly add later, refused so that projects stay upgradable',
    (slug) => {
      expect(slugProblem(slug)).toContain('import name of a package projects commonly add later');
    },
  );

  it('refuses pip, which the install step runs from the project directory', () => {
    expect(slugProblem('pip')).toContain('runs "python -m pip" in the project directory');
  });
});

describe('names that are accepted', () => {
  // Only the capitalised True, False and None are keywords; these import, install and lint fine.
  it.each(['true', 'false', 'none', 'shop', 'my_shop', 'todo', 'zoo'])('accepts %j', (slug) => {
    expect(slugProblem(slug)).toBeUndefined();
  });

  it('accepts the directory "True" as the package "true"', () => {
    expect(projectNames('/tmp/True', undefined)).toMatchObject({ slug: 'true', name: 'True' });
  });
});

describe('a leading or trailing "_" or "-"', () => {
  it.each([
    ['_shop', 'shop'],
    ['shop_', 'shop'],
    ['-shop', 'shop'],
    ['shop-', 'shop'],
    ['_', 'my-project'],
    ['-', 'my-project'],
    ['_json', 'json-project'],
  ])('refuses the directory %j, suggesting %j', (directory, suggestion) => {
    const message = usageError(() => projectNames(`/tmp/${directory}`, undefined));
    expect(message).toContain('starts or ends with "_" or "-"');
    expect(message).toContain('[project].name in pyproject.toml');
    expect(message).toContain(`Try a different directory, e.g. "${suggestion}".`);
  });
});

describe('empty names', () => {
  it('refuses an empty target directory and says to pass "."', () => {
    expect(usageError(() => projectNames('', undefined, '/tmp/shop'))).toContain('Pass "." to generate into the current directory');
  });

  it.each(['', '   '])('refuses the display name %j', (name) => {
    expect(usageError(() => projectNames('/tmp/shop', name))).toContain('--name must not be empty. Leave it out to use "Shop"');
  });
});

describe('control characters', () => {
  it.each([
    ['\n', 'U+000A'],
    ['\r', 'U+000D'],
    ['\t', 'U+0009'],
    ['\u0000', 'U+0000'],
    ['\u001b', 'U+001B'],
    ['\u007f', 'U+007F'],
    ['\u0085', 'U+0085'],
    ['\u009f', 'U+009F'],
  ])('refuses %j in the directory and in --name, showing it as %s', (character, code) => {
    const inDirectory = usageError(() => projectNames(`my${character}shop`, undefined, '/tmp'));
    expect(inDirectory).toContain(`The target directory "my\\u00${code.slice(-2).toLowerCase()}shop" contains control characters (${code})`);
    expect(inDirectory).toContain('e.g. "my shop"');
    expect(inDirectory.split('\n').some((line) => line.includes(character))).toBe(false);
    const inName = usageError(() => projectNames('/tmp/shop', `My${character}Shop`));
    expect(inName).toContain(`--name "My\\u00${code.slice(-2).toLowerCase()}Shop" contains control characters (${code})`);
    expect(inName).toContain('e.g. "My Shop"');
    expect(inName.split('\n').some((line) => line.includes(character))).toBe(false);
  });

  it('refuses them anywhere in the target path', () => {
    expect(usageError(() => projectNames('a\nb/shop', undefined, '/tmp'))).toContain('contains control characters (U+000A)');
  });
});

describe('README.md', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const paragraph = readme.slice(readme.indexOf('The directory name gives the Python package'), readme.indexOf('By default it creates `.venv`'));

  it('cites refused names that are refused, and accepted names that are accepted', () => {
    const refusedNames = ['_shop', 'shop-', '_', 'class', 'import', 'django', 'test', 'json', 'asyncio', 'pip', 'config', 'deploy', 'manage', 'staticfiles', 'tests'];
    const installed = ['asgiref', 'sqlparse', 'py', '_pytest', 'pytest_cov', 'typing_extensions', 'rest_framework', 'celery', 'kombu', 'channels', 'daphne', 'twisted', 'sentry_sdk', 'corsheaders', 'environ'];
    for (const name of [...refusedNames, ...installed]) {
      expect(paragraph, name).toContain(`\`${name}\``);
      expect(slugProblem(slugify(name)), name).toBeDefined();
    }
    for (const name of ['true', 'false', 'none']) {
      expect(paragraph).toContain(`\`${name}\``);
      expect(slugProblem(name), name).toBeUndefined();
    }
  });

  it('states the length limits the code applies', () => {
    expect(paragraph).toContain(`a new directory name over ${MAX_DIRECTORY_NAME_BYTES} bytes`);
    expect(paragraph).toContain(`a file name has at most ${NAME_MAX} bytes`);
  });
});
