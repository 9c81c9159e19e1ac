import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { detectPythons } from '../../generators/app/python.js';
import { PYTHONS } from '../../generators/app/schema.js';

/** The bin exactly as published: the bundle `npm run build` writes. */
const BIN = join(import.meta.dirname, '../../dist/cli.js');
const UP = '\u001b[A';
const ENTER = '\r';

const installed = await detectPythons();
const missing = PYTHONS.find((version) => !installed.some((p) => p.version === version));

function sandbox(): string {
  return mkdtempSync(join(tmpdir(), 'cdbp-steps-'));
}

function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [BIN, ...args], { cwd, env, reject: false, all: true, stdin: 'ignore' });
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), answering each question when it appears. */
async function onTerminal(cwd: string, args: string[], answers: [question: string, keys: string][], env: Record<string, string> = {}) {
  const command = [process.execPath, BIN, ...args].join(' ');
  const child = execa('/usr/bin/script', ['-qfec', command, '/dev/null'], { cwd, env, reject: false, all: true });
  let screen = '';
  let next = 0;
  let answeredAt = 0;
  child.all?.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const pending = answers[next];
    if (pending && screen.indexOf(pending[0], answeredAt) !== -1) {
      answeredAt = screen.length;
      next += 1;
      child.stdin?.write(pending[1]);
    }
  });
  const result = await child;
  return { exitCode: result.exitCode, screen, answered: next };
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
    const { exitCode, screen, answered } = await onTerminal(cwd, ['my-shop', '--name', 'Shop', '--no-install', '--no-git', '--comments', 'minimal'], [
      ['Production database', ENTER],
      ['Cache', ENTER],
      ['Python version', UP],
      [installed[1]!.path, ENTER],
      ['Django version', '\u0003'],
    ]);
    expect(answered).toBe(5);
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
    const refused = await onTerminal(cwd, ['my-shop', '--name', 'Shop', '--no-install', '--no-git', '--db', 'sqlite', '--cache', 'locmem', '--comments', 'minimal'], [
      ['Python version', ENTER],
      ['Generate anyway', 'n'],
    ], env);
    expect(refused.answered).toBe(2);
    expect(refused.screen).toContain('not installed here');
    expect(refused.screen).toMatch(/No supported CPython runs here: Python 3\.\d+ is missing\. Generate anyway, and install it before `make setup`\?/);
    expect(refused.exitCode).toBe(130);
    expect(readdirSync(cwd).sort()).toEqual(['bin']);

    const accepted = await onTerminal(cwd, ['my-shop', '--name', 'Shop', '--no-install', '--no-git', '--db', 'sqlite', '--cache', 'locmem', '--comments', 'minimal'], [
      ['Python version', ENTER],
      ['Generate anyway', 'y'],
      ['Django version', ENTER],
    ], env);
    expect(accepted.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'my-shop', 'manage.py'))).toBe(true);
  });
});
