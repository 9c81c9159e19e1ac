import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { onTerminal } from '../helpers.js';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../dist/cli.js');
const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const DOWN = '\u001b[B';
const ENTER = '\r';

describe('on a terminal', () => {
  it('asks for what no flag gave, generates from the answers and prints the one-shot command', { timeout: 30_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdbp-tty-'));
    const { exitCode, screen, answered } = await onTerminal(BIN, cwd, ['--no-install', '--no-git', '--python', '3.12'], [
      ['Project directory', `corner-shop${ENTER}`],
      ['Display name', ENTER],
      // ENTER takes the default preset, api.
      ['Preset', ENTER],
      ['Production database', `${DOWN}${ENTER}`],
      ['REST API', ENTER],
      ['API authentication', `${DOWN}${ENTER}`],
      ['API pagination', ENTER],
      ['Cache', `${DOWN}${ENTER}`],
      ['Celery background tasks?', ENTER],
      ['Channels websockets?', ENTER],
      ['Example blog domain?', ENTER],
      ['Docker files?', ENTER],
      ['CI workflow', ENTER],
      ['Sentry error reporting?', ENTER],
      ['Django version', ENTER],
      ['Comments in the generated code', `${DOWN}${ENTER}`],
    ]);
    expect(answered).toBe(16);
    expect(exitCode).toBe(0);
    const command = `npm create django-best-practice@${VERSION} corner-shop -- --preset api --db sqlite --auth token --cache locmem --python 3.12 --django 6.1 --comments minimal --yes`;
    expect(screen).toContain(`To skip the prompts next time: ${command}`);
    const project = join(cwd, 'corner-shop');
    expect(JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['create-django-best-practice'].command).toBe(command);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toContain('# Corner Shop');
    expect(readFileSync(join(project, 'pyproject.toml'), 'utf8')).not.toMatch(/psycopg|redis==/);
    // --python was given, so it was not asked; Django was, and the reason says so.
    expect(screen).not.toContain('Python version');
    expect(screen).toContain('Python 3.12: --python');
    expect(screen).toContain('Django 6.1: chosen at the prompt');
  });

  it('asks again for an answer it cannot use, without blaming a flag', { timeout: 30_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdbp-tty-'));
    const BACKSPACE = '\u007f';
    const { exitCode, screen, answered } = await onTerminal(BIN, cwd, ['--no-install', '--no-git', '--python', '3.12', '--preset', 'minimal', '--api', 'none', '--db', 'sqlite', '--cache', 'locmem', '--no-celery', '--no-channels', '--no-example', '--no-docker', '--ci', 'none', '--no-sentry', '--django', '6.1', '--comments', 'teaching'], [
      ['Project directory', `corner-shop${ENTER}`],
      ['Display name', `Bad"Name${ENTER}`],
      ['quote', `${BACKSPACE.repeat(8)}Good Name${ENTER}`],
    ]);
    expect(answered).toBe(3);
    expect(exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'corner-shop', 'README.md'), 'utf8')).toContain('# Good Name');
    expect(screen).toContain('The display name "Bad"Name" cannot contain quotes');
    expect(screen).not.toMatch(/--name "Bad/);
  });

  it('Ctrl-C at a question cancels with exit 130 and writes nothing', { timeout: 30_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdbp-tty-'));
    const { exitCode, screen } = await onTerminal(BIN, cwd, ['my-shop', '--no-install', '--no-git'], [['Display name', '\u0003']]);
    expect(exitCode).toBe(130);
    expect(screen).toContain('Cancelled; nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('checks the directory while asking: a non-empty one is refused on the spot', { timeout: 30_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdbp-tty-'));
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'mine');
    const { exitCode, screen, answered } = await onTerminal(BIN, cwd, ['--no-install', '--no-git'], [
      ['Project directory', `taken${ENTER}`],
      ['is not empty', `${'\u007f'.repeat(5)}fresh-shop${ENTER}`],
      ['Display name', '\u0003'],
    ]);
    expect(answered).toBe(3);
    expect(exitCode).toBe(130);
    expect(screen).toContain('is not empty (notes.txt)');
    expect(readdirSync(cwd).sort()).toEqual(['taken']);
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt']);
  });

  it('--yes never asks', { timeout: 30_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdbp-tty-'));
    const { exitCode, screen } = await onTerminal(BIN, cwd, ['my-shop', '--yes', '--no-install', '--no-git'], []);
    expect(exitCode).toBe(0);
    expect(screen).not.toMatch(/Production database|Display name/);
    expect(readdirSync(cwd)).toEqual(['my-shop']);
  });
});
