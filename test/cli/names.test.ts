import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { MAX_DIRECTORY_NAME_BYTES } from '../../generators/app/target.js';

/** The bin exactly as published: the bundle `npm run build` writes. */
const BIN = join(import.meta.dirname, '../../dist/cli.js');
const QUIET = ['--yes', '--no-install', '--no-git', '--python', '3.12'];

function sandbox(): string {
  return mkdtempSync(join(tmpdir(), 'cdbp-names-'));
}

function cli(args: string[], cwd: string) {
  return execa('node', [BIN, ...args], { cwd, reject: false, all: true, stdin: 'ignore' });
}

/** Every entry under `dir` (symbolic links not followed) with its kind, sorted: to prove nothing was written. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) out.push(`${prefix}${entry} -> ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        out.push(`${prefix}${entry}/`);
        walk(path, `${prefix}${entry}/`);
      } else out.push(`${prefix}${entry}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Runs the CLI in `cwd` and checks the usage error: exit 2, the message, and nothing written. */
async function refused(args: string[], cwd: string, ...messages: (string | RegExp)[]): Promise<string> {
  const before = listing(cwd);
  const { exitCode, all } = await cli([...args, ...QUIET], cwd);
  for (const message of messages) expect(all).toMatch(message);
  expect(exitCode).toBe(2);
  expect(listing(cwd)).toEqual(before);
  return all;
}

describe('directory names: exit 2, the rule, a suggestion, nothing written', () => {
  it.each([
    ['asgiref', /import name of a package the project uses \(from "asgiref"\)/, 'asgiref-project'],
    ['sqlparse', /\(from "sqlparse"\)/, 'sqlparse-project'],
    ['django-stubs-ext', /\(from "django-stubs-ext"\)/, 'django-stubs-ext-project'],
    ['py', /\(from "pytest"\)/, 'py-project'],
    ['typing-extensions', /\(from "typing_extensions"\)/, 'typing-extensions-project'],
    ['pytest-cov', /\(from "pytest-cov"\)/, 'pytest-cov-project'],
    ['mypy_django_plugin', /\(from "django-stubs"\)/, 'mypy-django-plugin-project'],
    ['pip', /runs "python -m pip" in the project directory/, 'pip-project'],
    ['_pytest', /starts or ends with "_" or "-", and \[project\]\.name in pyproject\.toml \("-pytest"\)/, 'pytest-project'],
    ['__main__', /starts or ends with "_" or "-"/, 'main'],
    ['_shop', /starts or ends with "_" or "-"/, 'shop'],
    ['shop_', /\("shop-"\) must start and end with a letter or digit/, 'shop'],
    ['_', /starts or ends with "_" or "-"/, 'my-project'],
    ['-', /starts or ends with "_" or "-"/, 'my-project'],
  ])('%j', async (directory, rule, suggestion) => {
    await refused([directory], sandbox(), rule, `Try a different directory, e.g. "${suggestion}".`);
  });

  it('refuses an empty directory argument and says to pass "." for the current directory', async () => {
    await refused([''], sandbox(), 'The target directory is empty (""). Pass "." to generate into the current directory');
  });

  it.each([
    ['my\nshop', 'U+000A'],
    ['my\rshop', 'U+000D'],
    ['my\tshop', 'U+0009'],
    ['my\u001bshop', 'U+001B'],
    ['my\u007fshop', 'U+007F'],
    ['my\u0085shop', 'U+0085'],
  ])('refuses the control character in %j (%s)', async (directory, code) => {
    const all = await refused([directory], sandbox(), `contains control characters (${code})`, 'e.g. "my shop"');
    expect(all).toContain(`The target directory "my\\u00${code.slice(-2).toLowerCase()}shop"`);
  });
});

describe('--name: exit 2, the rule, nothing written', () => {
  it.each([
    ['', /--name must not be empty\. Leave it out to use "My Shop"/],
    ['   ', /--name must not be empty/],
    ['My\nShop', /--name "My\\u000aShop" contains control characters \(U\+000A\).*e\.g\. "My Shop"/s],
    ['My\tShop', /contains control characters \(U\+0009\)/],
    ['My\rShop', /contains control characters \(U\+000D\)/],
    ['My\u007fShop', /contains control characters \(U\+007F\)/],
    ['My\u009bShop', /contains control characters \(U\+009B\)/],
  ])('%j', async (name, message) => {
    await refused(['my-shop', '--name', name], sandbox(), message);
  });
});

describe('over-long names', () => {
  it(`refuses a new directory name over ${MAX_DIRECTORY_NAME_BYTES} bytes up front, naming the limit`, async () => {
    expect(MAX_DIRECTORY_NAME_BYTES).toBe(255 - '.'.length - '.creating-'.length - '4194304'.length);
    const all = await refused(['a'.repeat(MAX_DIRECTORY_NAME_BYTES + 1)], sandbox(), `is ${MAX_DIRECTORY_NAME_BYTES + 1} bytes long`, `at most ${MAX_DIRECTORY_NAME_BYTES}`);
    expect(all).not.toContain('ENAMETOOLONG');
  });

  it('counts bytes, not characters', async () => {
    await refused([`${'é'.repeat(128)}/shop`], sandbox(), 'has a component of 256 bytes');
  });

  it('refuses a path component over 255 bytes', async () => {
    await refused([`${'b'.repeat(256)}/shop`], sandbox(), 'has a component of 256 bytes', 'at most 255');
  });

  it(`generates a project whose directory name has exactly ${MAX_DIRECTORY_NAME_BYTES} bytes`, async () => {
    const cwd = sandbox();
    const name = 'a'.repeat(MAX_DIRECTORY_NAME_BYTES);
    const { exitCode } = await cli([name, ...QUIET], cwd);
    expect(exitCode).toBe(0);
    expect(readdirSync(cwd)).toEqual([name]);
    expect(readFileSync(join(cwd, name, name, 'users', 'models.py'), 'utf8')).toContain('class CustomUser');
  });
});

describe('symbolic links as the target', () => {
  it('refuses a link that points nowhere before rendering anything', async () => {
    const cwd = sandbox();
    symlinkSync('missing', join(cwd, 'my-shop'));
    await refused(['my-shop'], cwd, /The target ".*my-shop" is a symbolic link to "missing" that does not lead to an existing file or directory/, 'remove the link');
  });

  it('refuses a path through a link that points nowhere', async () => {
    const cwd = sandbox();
    symlinkSync('missing', join(cwd, 'parent'));
    await refused(['parent/my-shop'], cwd, /On the way to the target ".*parent\/my-shop", ".*parent" is a symbolic link to "missing"/);
  });

  it('refuses a link to a file', async () => {
    const cwd = sandbox();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    symlinkSync('notes.txt', join(cwd, 'my-shop'));
    await refused(['my-shop'], cwd, /The target ".*my-shop" is a symbolic link to a file/);
  });

  it('follows a link to a directory: the project goes where it points, named after the link', async () => {
    const cwd = sandbox();
    mkdirSync(join(cwd, 'elsewhere'));
    symlinkSync('elsewhere', join(cwd, 'my-shop'));
    const { exitCode } = await cli(['my-shop', ...QUIET], cwd);
    expect(exitCode).toBe(0);
    expect(lstatSync(join(cwd, 'my-shop')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(cwd, 'elsewhere', 'my_shop', 'users', 'models.py'), 'utf8')).toContain('class CustomUser');
  });
});

describe('names that are accepted', () => {
  it('"true" (only True is a keyword) gives the package true', async () => {
    const cwd = sandbox();
    const { exitCode } = await cli(['true', ...QUIET], cwd);
    expect(exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'true', 'pyproject.toml'), 'utf8')).toContain('name = "true"');
    expect(readFileSync(join(cwd, 'true', 'tests', 'conftest.py'), 'utf8')).toContain('from true.users.models import CustomUser');
  });

  // isort orders first-party packages by name: the project's package around config/ and tests/.
  it.each([
    ['zoo', []],
    ['acme', ['--preset', 'full', '--sentry']],
  ])('a package named %j (%j) gives a project ruff accepts', { timeout: 180_000 }, async (name, flags) => {
    const cwd = sandbox();
    expect((await cli([name, ...QUIET, ...flags], cwd)).exitCode).toBe(0);
    const project = join(cwd, name);
    const ruff = /"(ruff==[^"]+)"/.exec(readFileSync(join(project, 'pyproject.toml'), 'utf8'))![1]!;
    const run = (args: string[]) => execa('uv', ['tool', 'run', '--from', ruff, 'ruff', ...args], { cwd: project, reject: false, all: true });
    const check = await run(['check', '.']);
    expect(check.all).toContain('All checks passed!');
    expect((await run(['format', '--check', '.'])).exitCode).toBe(0);
  });
});

describe('a rollback that fails too', () => {
  it('keeps the original error first and appends the rollback failure', async () => {
    if (process.getuid?.() !== 0) return;
    // A stale staging directory of another user, under the pid the run will have (exec keeps it):
    // writing into it fails, and so does removing it.
    const cwd = sandbox();
    await execa('chown', ['nobody', cwd]);
    const script =
      'mkdir -p ".my-shop.creating-$$/config" && touch ".my-shop.creating-$$/config/kept" && ' +
      `exec setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups "${process.execPath}" "${BIN}" my-shop ${QUIET.join(' ')}`;
    const { exitCode, all } = await execa('sh', ['-c', script], { cwd, env: { HOME: cwd }, reject: false, all: true });
    expect(exitCode).toBe(1);
    const lines = all.split('\n');
    const rollback = lines.findIndex((line) => line.startsWith('Generation failed, and removing what this run had created failed too: '));
    expect(rollback, all).toBeGreaterThan(0);
    expect(lines[rollback]).toMatch(/EACCES.*\.my-shop\.creating-\d+\/config/);
    // The line before is the failure itself, the write that was refused.
    expect(lines[rollback - 1]).toMatch(/EACCES: permission denied/);
    expect(lines[rollback - 1]).not.toContain('config/kept');
  });
});
