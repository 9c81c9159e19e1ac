import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { onTerminal } from '../helpers.js';
import { describe, expect, it } from 'vitest';
import { detectPythons } from '../../generators/app/python.js';
import { PYTHONS } from '../../generators/app/schema.js';

/** The bin exactly as published: the bundle `npm run build` writes. */
const BIN = join(import.meta.dirname, '../../dist/cli.js');
const UP = '\u001b[A';
const ENTER = '\r';

const installed = await detectPythons();
const missing = PYTHONS.find((version) => !installed.some((p) => p.version === version));

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

function sandbox(): string {
  return mkdtempSync(join(tmpdir(), 'cdbp-steps-'));
}

function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [BIN, ...args], { cwd, env, reject: false, all: true, stdin: 'ignore' });
}

describe('the Python question and the Python reason', () => {
  it('--python with --no-install says the truth about whether that Python is here', async () => {
    const here = await cli(['my-shop', '--python', installed[0]!.version, '--no-install', '--dry-run'], sandbox());
    expect(here.exitCode).toBe(0);
    expect(here.all).toContain(`Python ${installed[0]!.version}: --python\n`);
    expect(here.all).not.toContain('not found on this machine');
    expect(missing, 'this test needs a supported Python that is not installed here').toBeDefined();
    const absent = await cli(['my-shop', '--python', missing!, '--no-install', '--dry-run'], sandbox());
    expect(absent.exitCode).toBe(0);
    expect(absent.all).toContain(`Python ${missing}: --python (not found on this machine: install it before setting up the project)`);
  });

  it('offers only the Pythons that run here', { timeout: 30_000 }, async () => {
    expect(installed.length, 'this test needs two supported Pythons').toBeGreaterThan(1);
    const cwd = sandbox();
    const { exitCode, screen, answered } = await onTerminal(BIN, cwd, ['my-shop', '--name', 'Shop', '--preset', 'minimal', '--api', 'none', '--db', 'sqlite', '--cache', 'locmem', '--no-celery', '--no-channels', '--no-example', '--no-docker', '--ci', 'none', '--no-sentry', '--no-install', '--no-git', '--comments', 'minimal'], [
      ['Python version', UP],
      [installed[1]!.path, ENTER],
      ['Django version', '\u0003'],
    ]);
    expect(answered).toBe(3);
    expect(exitCode).toBe(130);
    const question = screen.slice(screen.indexOf('Python version'), screen.indexOf('Django version'));
    for (const version of PYTHONS) {
      const offered = installed.some((p) => p.version === version);
      expect(question.includes(version), `${version} offered`).toBe(offered);
    }
    expect(question).not.toContain('not installed');
  });

  it('says that no supported Python runs here and asks before generating anyway', { timeout: 30_000 }, async () => {
    // An empty PATH: node runs by its absolute path.
    const cwd = sandbox();
    const bin = join(cwd, 'bin');
    mkdirSync(bin);
    const env = { PATH: bin, HOME: cwd, PYENV_ROOT: join(cwd, 'none'), UV_PYTHON_INSTALL_DIR: join(cwd, 'none') };
    const refused = await onTerminal(BIN, cwd, ['my-shop', '--name', 'Shop', '--preset', 'minimal', '--api', 'none', '--no-install', '--no-git', '--db', 'sqlite', '--cache', 'locmem', '--no-celery', '--no-channels', '--no-example', '--no-docker', '--ci', 'none', '--no-sentry', '--comments', 'minimal'], [
      ['Python version', ENTER],
      ['Generate anyway', 'n'],
    ], env);
    expect(refused.answered).toBe(2);
    expect(refused.screen).toContain('not installed here');
    expect(refused.screen).toMatch(/No supported CPython runs here: Python 3\.\d+ is missing\. Generate anyway, and install it before `make setup`\?/);
    expect(refused.exitCode).toBe(130);
    expect(readdirSync(cwd).sort()).toEqual(['bin']);

    const accepted = await onTerminal(BIN, cwd, ['my-shop', '--name', 'Shop', '--preset', 'minimal', '--api', 'none', '--no-install', '--no-git', '--db', 'sqlite', '--cache', 'locmem', '--no-celery', '--no-channels', '--no-example', '--no-docker', '--ci', 'none', '--no-sentry', '--comments', 'minimal'], [
      ['Python version', ENTER],
      ['Generate anyway', 'y'],
      ['Django version', ENTER],
    ], env);
    expect(accepted.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });
});

/** A directory of fake commands, each a shell script. */
function fakeBin(cwd: string, scripts: Record<string, string>): string {
  const bin = join(cwd, 'bin');
  mkdirSync(bin);
  for (const [name, body] of Object.entries(scripts)) writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return bin;
}

describe('a requested install that fails', () => {
  it('(uv) exits 1 with the command\'s own error, removes the half-made .venv and keeps the project', async () => {
    const cwd = sandbox();
    const bin = fakeBin(cwd, {
      uv: [
        '[ "$1" = --version ] && exec echo "uv 0.0.0"',
        'mkdir -p .venv/lib && touch .venv/lib/half',
        'echo "Resolved 30 packages in 1ms"',
        'echo "error: Failed to install django: No space left on device (os error 28)" >&2',
        'exit 2',
      ].join('\n'),
    });
    const { exitCode, all } = await cli(['my-shop', '--yes', '--no-git', '--python', installed[0]!.version], cwd, { PATH: `${bin}:${process.env.PATH}` });
    expect(all).toMatch(/install failed: ".*\/bin\/uv sync --python \S+" failed \(exit code 2\):\n\s+Resolved 30 packages in 1ms\n\s+error: Failed to install django: No space left on device \(os error 28\)\n/);
    expect(all).toContain('Removed the half-made .venv; the project itself is complete. Fix the cause, then run: make setup');
    expect(exitCode).toBe(1);
    expect(existsSync(join(cwd, 'my-shop', '.venv'))).toBe(false);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
    expect(all).not.toContain('Generation failed');
  });

  it('(venv + pip, no uv) exits 1 with the command\'s own error and no .venv', async () => {
    const cwd = sandbox();
    // A python3.12 that fails while creating .venv; it is no interpreter, so the probe skips it.
    const bin = fakeBin(cwd, {
      'python3.12': [
        '[ "$1 $2" = "-m venv" ] || exit 1',
        'mkdir -p .venv/bin',
        'echo "Error: [Errno 28] No space left on device: \'.venv/bin/python3.12\'" >&2',
        'exit 1',
      ].join('\n'),
    });
    const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: cwd, PYENV_ROOT: join(cwd, 'none'), UV_PYTHON_INSTALL_DIR: join(cwd, 'none') };
    const { exitCode, all } = await cli(['my-shop', '--yes', '--no-git', '--python', '3.12'], cwd, env);
    expect(all).toContain('uv not found; installing with python -m venv and pip...');
    expect(all).toContain(`"python3.12 -m venv .venv" failed (exit code 1) (Python 3.12 is not installed here):\n    Error: [Errno 28] No space left on device: '.venv/bin/python3.12'`);
    expect(all).toContain('Fix the cause, then run: make setup');
    expect(exitCode).toBe(1);
    expect(existsSync(join(cwd, 'my-shop', '.venv'))).toBe(false);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });
});

describe('a git step that fails', () => {
  /** No identity anywhere: an empty HOME, no system config, no GIT_* or EMAIL, and no guessing. */
  const noIdentity = (home: string) => ({
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'user.useConfigOnly',
    GIT_CONFIG_VALUE_0: 'true',
    ...Object.fromEntries(
      ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL'].map((key) => [key, undefined]),
    ),
  });

  it('without an identity: one line saying so, no half-made .git, exit 0, the commands for later', async () => {
    const cwd = sandbox();
    const home = join(cwd, 'home');
    mkdirSync(home);
    const { exitCode, all } = await cli(['my-shop', '--yes', '--no-install', '--python', installed[0]!.version], cwd, noIdentity(home));
    expect(exitCode).toBe(0);
    const failure = all.split('\n').filter((line) => line.includes('git failed'));
    expect(failure).toEqual([
      expect.stringMatching(
        /^ {2}git failed: git commit failed \(exit code 128\): .*no email was given.*\. Removed the half-made \.git\. Later: git init && git add -A && git commit -m "Initial commit"$/,
      ),
    ]);
    // git's own multi-line advice is not repeated.
    expect(all).not.toContain('Please tell me who you are');
    expect(existsSync(join(cwd, 'my-shop', '.git'))).toBe(false);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });

  it('echoes the commit on one line, as a command that can be pasted', async () => {
    const cwd = sandbox();
    const home = join(cwd, 'home');
    mkdirSync(home);
    const { all } = await cli(['my-shop', '--yes', '--no-install', '--python', installed[0]!.version], cwd, noIdentity(home));
    const echoed = all.split('\n').find((line) => line.startsWith('  $ git commit'));
    expect(echoed).toBe(
      `  $ git commit --quiet --message 'Initial commit from create-django-best-practice' --message 'npm create django-best-practice@${VERSION} my-shop -- --preset api --python ${installed[0]!.version} --django ${installed[0]!.version === '3.11' ? '5.2' : '6.1'} --yes'`,
    );
    expect(all).not.toMatch(/^npm create/m);
  });

  it('out of space half-way: one line, no half-made .git, exit 0', async () => {
    const cwd = sandbox();
    const git = (await execa('sh', ['-c', 'command -v git'])).stdout.trim();
    const bin = fakeBin(cwd, {
      git: [
        'if [ "$1" = add ]; then',
        '  echo "error: unable to write new index file" >&2',
        '  echo "fatal: No space left on device" >&2',
        '  exit 128',
        'fi',
        `exec ${git} "$@"`,
      ].join('\n'),
    });
    const { exitCode, all } = await cli(['my-shop', '--yes', '--no-install', '--python', installed[0]!.version], cwd, { PATH: `${bin}:${process.env.PATH}` });
    expect(exitCode).toBe(0);
    expect(all).toContain(
      '  git failed: git add failed (exit code 128): error: unable to write new index file; fatal: No space left on device. Removed the half-made .git. Later: git init',
    );
    expect(existsSync(join(cwd, 'my-shop', '.git'))).toBe(false);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });
});

describe('the generated Makefile before setup', () => {
  it('make test / make dev say to run make setup; make setup refuses another python3 than .python-version names', async () => {
    expect(missing, 'this test needs a supported Python that is not installed here').toBeDefined();
    const cwd = sandbox();
    const generated = await cli(['my-shop', '--yes', '--no-install', '--no-git', '--python', missing!], cwd);
    expect(generated.exitCode).toBe(0);
    const root = join(cwd, 'my-shop');
    // make and a python3 stay on PATH; uv and the wanted python do not.
    const PATH = (process.env.PATH ?? '')
      .split(':')
      .filter((dir) => dir && !existsSync(join(dir, 'uv')) && !existsSync(join(dir, `python${missing}`)))
      .join(':');
    expect((await execa('sh', ['-c', 'command -v python3'], { env: { PATH } })).stdout).not.toBe('');
    const make = (target: string) => execa('make', [target], { cwd: root, env: { PATH }, reject: false, all: true });

    for (const target of ['test', 'dev']) {
      const result = await make(target);
      expect(result.all, target).toMatch(/^Makefile:\d+: \*\*\* No \.venv\/bin\/python yet: run make setup first\.\s+Stop\.$/);
      expect(result.exitCode, target).toBe(2);
    }
    const setup = await make('setup');
    expect(setup.all).toMatch(
      new RegExp(`^Makefile:\\d+: \\*\\*\\* Python ${missing!.replace('.', '\\.')} from \\.python-version is not installed: install it \\(or uv\\), then run make setup\\.\\s+Stop\\.$`),
    );
    expect(setup.exitCode).toBe(2);
    expect(existsSync(join(root, '.venv'))).toBe(false);
  });
});
