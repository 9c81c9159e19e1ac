import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { FEATURE_KEYS, features, flagOf, runOptions } from '../../generators/app/schema.js';
import { listFiles } from '../helpers.js';

/** The bin exactly as published: the bundle `npm run build` writes. */
const BIN = join(import.meta.dirname, '../../dist/cli.js');
const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

function sandbox(): string {
  return mkdtempSync(join(tmpdir(), 'cdbp-cli-'));
}

interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

function spawnCli(args: string[], { cwd, env }: CliOptions) {
  return execa('node', [BIN, ...args], { cwd, env, reject: false, all: true, stdin: 'ignore' });
}

async function cli(args: string[], options: CliOptions): Promise<{ exitCode?: number; stdout: string; all: string }> {
  return spawnCli(args, options);
}

describe('--help and --version', () => {
  it('documents every flag of the schema and the presets', async () => {
    const { exitCode, stdout } = await cli(['--help'], { cwd: sandbox() });
    expect(exitCode).toBe(0);
    for (const key of FEATURE_KEYS) {
      expect(stdout).toContain(flagOf(key));
      if (features[key].kind === 'boolean') expect(stdout).toContain(`--no-${key}`);
    }
    for (const key of Object.keys(runOptions)) expect(stdout).toContain(flagOf(key));
    expect(stdout).toMatch(/minimal\s+--db postgres --api none/);
    expect(stdout).toMatch(/full\s+--db postgres .*--celery --channels --example --docker --ci github/);
    expect(stdout).toMatch(/--auth <value>\s+API authentication: jwt, token, session/);
    expect(stdout).toMatch(/api\s+--db postgres --api drf --auth jwt --pagination cursor .*--no-channels --example --docker --ci github --no-sentry\n/);
    expect(stdout).not.toMatch(/not available|\*/);
    expect(stdout).toMatch(/--no-install\s+do not create \.venv or install; run make setup later/);
    expect(stdout).toContain('npm create django-best-practice@latest my-shop -- ');
  });

  it('is matched by README.md, which documents every flag too', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const key of [...FEATURE_KEYS, ...Object.keys(runOptions)]) expect(readme).toContain(`\`${flagOf(key)}`);
    expect(readme).toContain('npm create django-best-practice@latest my-shop');
    expect(readme).toMatch(/^npm test$/m);
  });

  it('prints the version', async () => {
    const { exitCode, stdout } = await cli(['-v'], { cwd: sandbox() });
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe(VERSION);
  });
});

describe('--dry-run', () => {
  it('prints the answers and the file list and writes nothing', async () => {
    const cwd = sandbox();
    const { exitCode, stdout } = await cli(['my-shop', '--dry-run', '--python', '3.12', '--db', 'sqlite'], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/db\s+sqlite/);
    expect(stdout).toMatch(/django\s+6\.1/);
    expect(stdout).toContain('my_shop/users/models.py');
    expect(stdout).toContain('.yo-rc.json');
    expect(stdout).toMatch(/\d+ files; nothing was written/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('bad input: exit 2, a message naming the problem, nothing written', () => {
  it.each([
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--db', 'mysql'], /argument 'mysql' is invalid\. Allowed choices are postgres, sqlite/],
    [['--python', '3.9'], /Allowed choices are 3\.11, 3\.12, 3\.13, 3\.14/],
    [['--ci', 'travis'], /argument 'travis' is invalid\. Allowed choices are github, gitlab, none/],
    [['--api', 'none', '--auth', 'jwt'], /Impossible combination: --auth jwt needs --api drf/],
    [['--api', 'none', '--pagination', 'page'], /Impossible combination: --pagination page only applies with --api drf/],
    [['--preset', 'max'], /argument 'max' is invalid\. Allowed choices are minimal, api, full/],
    [['--python', '3.11', '--django', '6.1'], /--django 6\.1 needs Python >= 3\.12 \(got --python 3\.11\)/],
    [['--name', ''], /--name must not be empty/],
    [['extra-arg'], /too many arguments/],
  ])('%j', async (args, message) => {
    const cwd = sandbox();
    const { exitCode, all } = await cli(['my-shop', ...args, '--no-install', '--no-git'], { cwd });
    expect(all).toMatch(message);
    expect(exitCode).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ['test', /"test".*clashes with the test package/s],
    ['1st-shop', /cannot start with a digit.*e\.g\. "project-1st-shop"/s],
    ['class', /Python keyword/],
    ['json', /standard-library module/],
    ['celery', /import name of a package the project uses/],
    ['django', /shadow Django/],
  ])('project directory %j', async (dir, message) => {
    const cwd = sandbox();
    const { exitCode, all } = await cli([dir, '--yes', '--no-install', '--no-git'], { cwd });
    expect(all).toMatch(message);
    expect(exitCode).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a non-empty directory without --force and leaves it as it was', async () => {
    const cwd = sandbox();
    mkdirSync(join(cwd, 'my-shop'));
    writeFileSync(join(cwd, 'my-shop', 'notes.txt'), 'mine');
    const { exitCode, all } = await cli(['my-shop', '--yes', '--no-install', '--no-git'], { cwd });
    expect(exitCode).toBe(2);
    expect(all).toContain('is not empty (notes.txt)');
    expect(all).toContain('--force');
    expect(listFiles(join(cwd, 'my-shop'))).toEqual(['notes.txt']);
  });

  it('refuses a target it cannot write, with exit 1', async () => {
    const cwd = sandbox();
    mkdirSync(join(cwd, 'locked'));
    chmodSync(cwd, 0o755);
    chmodSync(join(cwd, 'locked'), 0o555);
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? ['runuser', '-u', 'nobody', '--', 'node', BIN] : ['node', BIN];
    const { exitCode, all } = await execa(command[0]!, [...command.slice(1), 'locked/my-shop', '--yes', '--no-install', '--no-git', '--python', '3.12'], {
      cwd,
      reject: false,
      all: true,
    });
    expect(all).toContain('permission denied');
    expect(exitCode).toBe(1);
    expect(readdirSync(join(cwd, 'locked'))).toEqual([]);
  });
});

describe('generation through the CLI', () => {
  it('a failure while writing removes what the run created and keeps the user\'s files', async () => {
    // A directory of the user's that the run cannot write into makes the write fail half-way.
    const cwd = sandbox();
    const target = join(cwd, 'my-shop');
    mkdirSync(join(target, 'config'), { recursive: true });
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      await execa('chown', ['-R', 'nobody', cwd]);
      await execa('chown', ['root', join(target, 'config')]);
      chmodSync(cwd, 0o755);
    }
    chmodSync(join(target, 'config'), 0o555);
    const command = asRoot ? ['runuser', '-u', 'nobody', '--', 'node', BIN] : ['node', BIN];
    const { exitCode, all } = await execa(command[0]!, [...command.slice(1), 'my-shop', '--yes', '--force', '--no-install', '--no-git', '--python', '3.12'], {
      cwd,
      reject: false,
      all: true,
    });
    expect(all).toMatch(/EACCES|permission denied/i);
    expect(all).toContain('Generation failed: removed everything this run had created.');
    expect(exitCode).toBe(1);
    expect(listFiles(target)).toEqual(['notes.txt']);
    expect(readdirSync(target).sort()).toEqual(['config', 'notes.txt']);
  });

  it('without a TTY behaves as --yes and prints the next steps with timings', async () => {
    const cwd = sandbox();
    const { exitCode, stdout } = await cli(['my-shop', '--no-install', '--no-git'], { cwd });
    expect(exitCode).toBe(0);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
    expect(stdout).toMatch(/Python 3\.\d+: /);
    expect(stdout).toMatch(/Django (5\.2|6\.1): /);
    expect(stdout).toMatch(/Steps: render \d+\.\d\ds/);
    expect(stdout).toContain('cd my-shop');
    expect(stdout).toContain('make test');
    expect(readdirSync(cwd)).toEqual(['my-shop']);
  });

  it('generates into the current directory with "."', async () => {
    const cwd = join(sandbox(), 'corner-shop');
    mkdirSync(cwd);
    const { exitCode, stdout } = await cli(['.', '--yes', '--no-install', '--no-git'], { cwd });
    expect(exitCode).toBe(0);
    expect(existsSync(join(cwd, 'corner_shop', 'users', 'models.py'))).toBe(true);
    expect(stdout).not.toMatch(/^\s+cd /m);
    expect(JSON.parse(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'))['create-django-best-practice'].command).toContain(
      `django-best-practice@${VERSION} . -- --preset api`,
    );
  });

  it('--force adds the project beside existing files and never touches them', async () => {
    const cwd = sandbox();
    mkdirSync(join(cwd, 'my-shop'));
    writeFileSync(join(cwd, 'my-shop', 'notes.txt'), 'mine');
    writeFileSync(join(cwd, 'my-shop', 'Makefile'), 'all:\n\techo mine\n');
    const { exitCode, stdout } = await cli(['my-shop', '--yes', '--force', '--no-install', '--no-git'], { cwd });
    expect(exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'my-shop', 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(cwd, 'my-shop', 'Makefile'), 'utf8')).toBe('all:\n\techo mine\n');
    expect(stdout).toMatch(/Kept 1 existing file\(s\) instead of the generated version:\n\s+Makefile/);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });

  it('runs git init and a first commit that leaves .env out', async () => {
    const cwd = sandbox();
    const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    const { exitCode } = await cli(['my-shop', '--yes', '--no-install'], { cwd, env });
    expect(exitCode).toBe(0);
    const files = await execa('git', ['ls-files'], { cwd: join(cwd, 'my-shop') });
    expect(files.stdout.split('\n')).toContain('manage.py');
    expect(files.stdout.split('\n')).toContain('.env.example');
    expect(files.stdout.split('\n')).not.toContain('.env');
    const log = await execa('git', ['log', '--format=%s'], { cwd: join(cwd, 'my-shop') });
    expect(log.stdout).toBe('Initial commit from create-django-best-practice');
  });

  it('commits the uv.lock its install wrote, which the CI workflow installs from (uv sync --locked)', { timeout: 120_000 }, async () => {
    const cwd = sandbox();
    const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    const { exitCode, all } = await cli(['my-shop', '--yes', '--preset', 'minimal', '--ci', 'github', '--python', '3.12'], { cwd, env });
    expect(exitCode, all).toBe(0);
    const files = (await execa('git', ['ls-files'], { cwd: join(cwd, 'my-shop') })).stdout.split('\n');
    expect(files).toContain('uv.lock');
    expect(files).toContain('.github/workflows/ci.yml');
    expect((await execa('uv', ['sync', '--locked'], { cwd: join(cwd, 'my-shop'), reject: false })).exitCode).toBe(0);
  });

  it('Ctrl-C during the install step removes the whole project and exits 130', { timeout: 30_000 }, async () => {
    const cwd = sandbox();
    // A uv that never finishes stands in for a slow install, so that the signal lands mid-run.
    const bin = join(cwd, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'uv'),
      '#!/bin/sh\n[ "$1" = --version ] && exec echo "uv 0.0.0"\nmkdir -p .venv\necho $$ > "$(dirname "$0")/uv.pid"\nexec sleep 30\n',
      { mode: 0o755 },
    );
    const child = spawnCli(['my-shop', '--yes', '--no-git', '--python', '3.12'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    // Signal once the install subprocess is really running.
    while (!existsSync(join(bin, 'uv.pid')) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const { exitCode, all } = await child;
    expect(exitCode).toBe(130);
    expect(all).toContain('Cancelled: removed everything this run had created.');
    expect(readdirSync(cwd)).toEqual(['bin']);
    // The install subprocess was stopped too, not left writing into a removed directory.
    const pid = Number(readFileSync(join(bin, 'uv.pid'), 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('a missing git is a warning with the commands to run later, not a failure', async () => {
    const cwd = sandbox();
    const emptyBin = join(cwd, 'empty-bin');
    mkdirSync(emptyBin);
    const { exitCode, stdout } = await execa(process.execPath, [BIN, 'my-shop', '--yes', '--no-install', '--python', '3.12'], {
      cwd,
      env: { PATH: emptyBin },
      reject: false,
    });
    expect(exitCode).toBe(0);
    expect(stdout).toContain('git did not run: git is not on PATH. Later: git init && git add -A && git commit -m "Initial commit"');
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
    expect(existsSync(join(cwd, 'my-shop', '.git'))).toBe(false);
  });

  it('a missing uv and python fails the requested install (exit 1) and says what to run, keeping the project', async () => {
    const cwd = sandbox();
    const { exitCode, stdout } = await cli(['my-shop', '--yes', '--no-git', '--python', '3.14'], {
      cwd,
      env: { PATH: '/usr/bin:/bin', PYENV_ROOT: join(cwd, 'no-pyenv'), HOME: cwd },
    });
    expect(exitCode).toBe(1);
    expect(stdout).toContain('install failed: python3.14 was not found (Python 3.14 is not installed here)');
    expect(stdout).toContain('Fix the cause, then run: make setup');
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });
});
