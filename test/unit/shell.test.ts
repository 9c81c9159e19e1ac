import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cdCommand, shellCommand, shellQuote } from '../../generators/app/shell.js';

/** What a POSIX shell makes of `line`: the words it passes to a command. */
function wordsOf(line: string): string[] {
  return execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('shell quoting', () => {
  it.each([['pip>=25.1'], ['my shop'], ["Bob's"], ['$(touch x)'], ['`id`'], ['a\\b'], ['*'], ['~'], ['-rf'], ['plain/path-1.2']])(
    '%j survives the shell unchanged',
    (word) => {
      expect(wordsOf(shellQuote(word))).toEqual([word]);
    },
  );

  it('leaves plain words bare and quotes the install command the run echoes', () => {
    expect(shellCommand(['.venv/bin/python', '-m', 'pip', 'install', '--upgrade', 'pip>=25.1'])).toBe(
      ".venv/bin/python -m pip install --upgrade 'pip>=25.1'",
    );
  });

  it('cd into a directory that starts with "-" or holds spaces', () => {
    expect(cdCommand('-shop')).toBe('cd -- -shop');
    expect(cdCommand('my shop')).toBe("cd 'my shop'");
    expect(cdCommand('shop')).toBe('cd shop');
  });
});
