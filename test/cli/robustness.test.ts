/**
 * The promises that hold under hostile conditions: closed pipes, termination signals, symlinks and
 * files of the user's under --force, and what the run prints being safe to paste.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers.js';

/** The bundle users run; CDBP_BIN points the same tests at another build (e.g. to see them fail before a fix). */
const BIN = process.env.CDBP_BIN ?? join(import.meta.dirname, '../../dist/cli.js');
const GIT_IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

function sandbox(): string {
  return mkdtempSync(join(tmpdir(), 'cdbp-hostile-'));
}

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [BIN, ...args], { cwd, env, reject: false, all: true, stdin: 'ignore' });
}

/** A uv that never finishes installing, so that a signal lands mid-run; it records its pid. */
function slowUv(cwd: string): { bin: string; pidFile: string } {
  const bin = join(cwd, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'uv'), '#!/bin/sh\n[ "$1" = --version ] && exec echo "uv 0.0.0"\nmkdir -p .venv\necho $$ > "$(dirname "$0")/uv.pid"\nexec sleep 30\n', {
    mode: 0o755,
  });
  return { bin, pidFile: join(bin, 'uv.pid') };
}

async function untilExists(path: string, child: { exitCode: number | null }): Promise<void> {
  while (!existsSync(path) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('a closed output stream', () => {
  it('(`| head -1`) neither crashes the run nor leaves the staging directory and its secret behind', async () => {
    const cwd = sandbox();
    const child = execa('node', [BIN, 'my-shop', '--yes', '--no-install', '--no-git', '--python', '3.12', '--verbose'], {
      cwd,
      reject: false,
      stdin: 'ignore',
    });
    // Like `head -1`: read one chunk, then close the pipe while the CLI still has lines to print.
    child.stdout.once('data', () => child.stdout.destroy());
    const { exitCode } = await child;
    expect(exitCode).toBe(0);
    expect(readdirSync(cwd)).toEqual(['my-shop']);
    expect(readFileSync(join(cwd, 'my-shop', '.env'), 'utf8')).toMatch(/^DJANGO_SECRET_KEY=.{50}$/m);
  });

  it('a closed stderr does not hide the usage error exit code', async () => {
    const cwd = sandbox();
    const child = execa('node', [BIN, 'my-shop', '--db', 'mysql'], { cwd, reject: false, stdin: 'ignore' });
    child.stderr.destroy();
    expect((await child).exitCode).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('termination signals roll back like Ctrl-C', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s during the install step removes the project, stops the install and exits %d', { timeout: 30_000 }, async (signal, code) => {
    const cwd = sandbox();
    const { bin, pidFile } = slowUv(cwd);
    const child = execa('node', [BIN, 'my-shop', '--yes', '--no-git', '--python', '3.12'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}` },
      reject: false,
      all: true,
      stdin: 'ignore',
    });
    await untilExists(pidFile, child);
    child.kill(signal);
    const { exitCode, all } = await child;
    expect(all).toContain(`Stopped by ${signal}: removed everything this run had created.`);
    expect(exitCode).toBe(code);
    expect(readdirSync(cwd)).toEqual(['bin']);
    expect(() => process.kill(Number(readFileSync(pidFile, 'utf8')), 0)).toThrow(/ESRCH/);
  });
});

describe('concurrent runs', () => {
  it('into the same new directory: one wins whole, the others change nothing and leave no staging directory', async () => {
    const cwd = sandbox();
    const runs = await Promise.all([1, 2, 3].map(() => run(['my-shop', '--yes', '--no-install', '--no-git', '--python', '3.12'], cwd)));
    const codes = runs.map((r) => r.exitCode).sort();
    expect(codes[0]).toBe(0);
    expect(codes.slice(1).every((code) => code === 1 || code === 2)).toBe(true);
    expect(readdirSync(cwd)).toEqual(['my-shop']);
    const winner = runs.find((r) => r.exitCode === 0)!;
    expect(winner.all).toContain(`Wrote ${listFiles(join(cwd, 'my-shop')).length} files`);
  });
});

describe('Ctrl-C in the git step', () => {
  it('removes the whole project, .git included, and exits 130', { timeout: 30_000 }, async () => {
    const cwd = sandbox();
    const bin = join(cwd, 'bin');
    mkdirSync(bin);
    // A git that hangs once the repository exists, so that the signal lands mid-step.
    writeFileSync(join(bin, 'git'), `#!/bin/sh\ncase "$1" in init) mkdir -p .git; exec ${'$'}{REAL_GIT} "$@";; esac\n[ -d .git ] || exit 1\necho $$ > "$(dirname "$0")/git.pid"\nexec sleep 30\n`, { mode: 0o755 });
    const realGit = (await execa('sh', ['-c', 'command -v git'])).stdout.trim();
    const child = execa('node', [BIN, 'my-shop', '--yes', '--no-install', '--python', '3.12'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}`, REAL_GIT: realGit },
      reject: false,
      all: true,
      stdin: 'ignore',
    });
    await untilExists(join(bin, 'git.pid'), child);
    child.kill('SIGINT');
    const { exitCode, all } = await child;
    expect(all).toContain('Cancelled: removed everything this run had created.');
    expect(exitCode).toBe(130);
    expect(readdirSync(cwd)).toEqual(['bin']);
  });
});

describe('--force: every existing entry is the user\'s', () => {
  it('never writes through a dangling symlink, and a rollback keeps the symlink', { timeout: 30_000 }, async () => {
    const cwd = sandbox();
    const target = join(cwd, 'my-shop');
    mkdirSync(target);
    symlinkSync(join(cwd, 'elsewhere.env'), join(target, '.env'));
    symlinkSync(join(cwd, 'elsewhere-config'), join(target, 'config'));
    const ok = await run(['my-shop', '--yes', '--force', '--no-install', '--no-git', '--python', '3.12'], cwd);
    expect(ok.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'elsewhere.env'))).toBe(false);
    expect(existsSync(join(cwd, 'elsewhere-config'))).toBe(false);
    expect(ok.all).toMatch(/Kept \d+ existing file\(s\)[^]*\.env[^]*config\/settings\/base\.py/);

    // The same directory, second run stopped mid-install: the user's symlinks survive the rollback.
    const again = join(cwd, 'again');
    mkdirSync(again);
    symlinkSync(join(cwd, 'elsewhere.env'), join(again, '.env'));
    const { bin, pidFile } = slowUv(cwd);
    const child = execa('node', [BIN, 'again', '--yes', '--force', '--no-git', '--python', '3.12'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}` },
      reject: false,
      stdin: 'ignore',
    });
    await untilExists(pidFile, child);
    child.kill('SIGTERM');
    expect((await child).exitCode).toBe(143);
    expect(readdirSync(again)).toEqual(['.env']);
    expect(lstatSync(join(again, '.env')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(again, '.env'))).toBe(join(cwd, 'elsewhere.env'));
    expect(existsSync(join(cwd, 'elsewhere.env'))).toBe(false);
  });

  it('commits only the files it wrote: never .env, a .venv or a file of the user\'s, whatever the kept .gitignore says', async () => {
    const cwd = sandbox();
    const target = join(cwd, 'my-shop');
    mkdirSync(join(target, '.venv', 'lib'), { recursive: true });
    writeFileSync(join(target, '.venv', 'lib', 'site.py'), '# a virtualenv without its own .gitignore (Python 3.11, 3.12)\n');
    writeFileSync(join(target, '.gitignore'), '# the user\'s: ignores neither .env nor .venv\n*.log\n');
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const { exitCode } = await run(['my-shop', '--yes', '--force', '--no-install', '--python', '3.12'], cwd, GIT_IDENTITY);
    expect(exitCode).toBe(0);
    const committed = (await execa('git', ['ls-files'], { cwd: target })).stdout.split('\n').sort();
    const written = listFiles(target).filter((path) => !path.startsWith('.git/') && !path.startsWith('.venv/'));
    const expected = written.filter((path) => !['.env', '.gitignore', 'notes.txt'].includes(path));
    expect(committed).toEqual(expected.sort());
    expect(committed).toContain('manage.py');
    expect((await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: target })).stdout.split('\n').sort()).toEqual(
      expect.arrayContaining(['?? .env', '?? .gitignore', '?? notes.txt', '?? .venv/lib/site.py']),
    );
  });

  it('leaves a .venv of the user\'s alone instead of installing into it', async () => {
    const cwd = sandbox();
    const target = join(cwd, 'my-shop');
    mkdirSync(join(target, '.venv'), { recursive: true });
    writeFileSync(join(target, '.venv', 'pyvenv.cfg'), 'mine\n');
    const { bin, pidFile } = slowUv(cwd);
    const { exitCode, stdout } = await run(['my-shop', '--yes', '--force', '--no-git', '--python', '3.12'], cwd, { PATH: `${bin}:${process.env.PATH}` });
    expect(exitCode).toBe(0);
    expect(stdout).toContain('install did not run: a .venv of yours is already there and was left alone. Later: make setup');
    expect(existsSync(pidFile)).toBe(false);
    expect(readdirSync(join(target, '.venv'))).toEqual(['pyvenv.cfg']);
  });
});

/** A tmpfs of `size` mounted for one test (root only), unmounted afterwards; undefined where mounting is not allowed. */
async function tmpfs(size: string, readOnly = false): Promise<{ dir: string; unmount: () => Promise<void> } | undefined> {
  const dir = sandbox();
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { reject: false });
  if (mounted.exitCode !== 0) return undefined;
  return { dir, unmount: async () => void (await execa('umount', [dir], { reject: false })) };
}

describe('a file system that fails', () => {
  const asRoot = process.getuid?.() === 0;

  it.runIf(asRoot)('full disk (ENOSPC) half-way through writing: exit 1, the error named, nothing left', async () => {
    const fs = await tmpfs('24k');
    if (!fs) expect.fail('root could not mount a tmpfs');
    try {
      const { exitCode, all } = await run(['my-shop', '--yes', '--no-install', '--no-git', '--python', '3.12'], fs.dir);
      expect(all).toMatch(/ENOSPC|no space left/i);
      expect(all).toContain('Generation failed: removed everything this run had created.');
      expect(exitCode).toBe(1);
      expect(readdirSync(fs.dir)).toEqual([]);
    } finally {
      await fs.unmount();
    }
  });

  it.runIf(asRoot)('read-only file system (EROFS): refused up front as read-only, nothing written', async () => {
    const fs = await tmpfs('1m', true);
    if (!fs) expect.fail('root could not mount a tmpfs');
    try {
      const { exitCode, all } = await run(['my-shop', '--yes', '--no-install', '--no-git', '--python', '3.12'], fs.dir);
      expect(all).toContain('read-only file system');
      expect(exitCode).toBe(1);
      expect(readdirSync(fs.dir)).toEqual([]);
    } finally {
      await fs.unmount();
    }
  });
});

describe('the secret', () => {
  it('.env is readable by its owner only, and .gitignore covers .env.* but not .env.example', async () => {
    const cwd = sandbox();
    const { exitCode } = await run(['my-shop', '--yes', '--no-install', '--python', '3.12'], cwd, GIT_IDENTITY);
    expect(exitCode).toBe(0);
    const target = join(cwd, 'my-shop');
    expect(statSync(join(target, '.env')).mode & 0o777).toBe(0o600);
    const ignored = await execa('git', ['check-ignore', '--no-index', '.env', '.env.local', '.env.production', '.env.example'], { cwd: target, reject: false });
    expect(ignored.stdout.split('\n')).toEqual(['.env', '.env.local', '.env.production']);
  });
});

describe('what it prints', () => {
  it('summarises the files it wrote, lists them with --verbose, and never prints an overwrite-like line', async () => {
    const cwd = sandbox();
    const quiet = await run(['my-shop', '--yes', '--no-install', '--no-git', '--python', '3.12'], cwd);
    const count = listFiles(join(cwd, 'my-shop')).length;
    expect(quiet.all).toContain(`Wrote ${count} files (--verbose lists them).`);
    expect(quiet.all).not.toMatch(/^\s*(create|force|conflict|identical)\s/m);
    const verbose = await run(['other-shop', '--yes', '--no-install', '--no-git', '--python', '3.12', '--verbose'], cwd);
    expect(verbose.all.match(/^\s+create \S+$/gm)).toHaveLength(count);
    expect(verbose.all).not.toMatch(/^\s*force\s/m);
  });

  it('shell-quotes the next steps', async () => {
    const cwd = sandbox();
    const { exitCode, stdout } = await run(['my shop', '--yes', '--no-install', '--no-git', '--python', '3.12'], cwd);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("  cd 'my shop'\n");
    const command = JSON.parse(readFileSync(join(cwd, 'my shop', '.yo-rc.json'), 'utf8'))['create-django-best-practice'].command;
    expect(command).toMatch(/^npm create django-best-practice@\d+\.\d+\.\d+ 'my shop' -- /);
  });

  it.each([
    ['CI=true with pipes', { CI: 'true' }, false],
    ['FORCE_COLOR=1', { FORCE_COLOR: '1' }, true],
    ['NO_COLOR wins over FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0', CI: 'true' }, false],
  ])('colours follow NO_COLOR / FORCE_COLOR and the stream: %s', async (_, env, coloured) => {
    const { all } = await run(['my-shop', '--db', 'mysql'], sandbox(), env);
    expect(all).toContain('--db');
    expect(all.includes('\u001b[')).toBe(coloured);
  });
});
