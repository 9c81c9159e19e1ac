import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe("README's first command, from a fresh clone", () => {
  it('npm install builds the bin (prepare), and npm run create generates from the checkout', async () => {
    const line = /^npm install && npm run create -- \.\.\/my-shop$/m.exec(readme)?.[0];
    expect(line).toBeDefined();
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prepare).toBe('node scripts/build.mjs');
    // The second half as written, from the repository root; only the target moves to a temporary
    // directory, and install and git are left out to keep the test fast.
    const target = join(mkdtempSync(join(tmpdir(), 'cdbp-readme-')), 'my-shop');
    const create = line!.split(' && ')[1]!.replace('../my-shop', target);
    const { exitCode, stdout } = await execa('sh', ['-c', `${create} --no-install --no-git`], { cwd: root, reject: false, all: true, stdin: 'ignore' });
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Created My Shop in');
    expect(existsSync(join(target, 'my_shop', 'users', 'models.py'))).toBe(true);
  });
});
