import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppearedError, checkTarget, planFiles, Transaction } from '../../generators/app/target.js';

const rendered = new Map([
  ['.env', 'SECRET=ours\n'],
  ['config/settings/base.py', 'DEBUG = False\n'],
  ['manage.py', '# ours\n'],
]);

function existingEmpty(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'cdbp-target-')), 'shop');
  mkdirSync(dir);
  return dir;
}

describe('Transaction in an existing directory', () => {
  it('never overwrites a file that appeared after the check (a concurrent run), and rolls back only its own', () => {
    const dir = existingEmpty();
    const plan = planFiles(dir, rendered);
    expect([...plan.write.keys()]).toEqual([...rendered.keys()]);
    const transaction = new Transaction(dir, checkTarget(dir, false));
    transaction.create('manage.py', '# ours\n');
    // Another run writes its .env between our check and our write.
    writeFileSync(join(dir, '.env'), 'SECRET=theirs\n');
    expect(() => transaction.create('.env', 'SECRET=ours\n', 0o600)).toThrow(AppearedError);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('SECRET=theirs\n');
    transaction.rollback();
    expect(readdirSync(dir)).toEqual(['.env']);
  });

  it('refuses to write through a symlink that appeared where a directory was to be', () => {
    const dir = existingEmpty();
    const transaction = new Transaction(dir, checkTarget(dir, false));
    symlinkSync(join(dir, '..', 'outside'), join(dir, 'config'));
    expect(() => transaction.create('config/settings/base.py', 'x')).toThrow(AppearedError);
    expect(existsSync(join(dir, '..', 'outside'))).toBe(false);
  });

  it('plans around symlinks and files of the user\'s, dangling or not', () => {
    const dir = existingEmpty();
    symlinkSync(join(dir, '..', 'nowhere'), join(dir, '.env'));
    writeFileSync(join(dir, 'config'), 'a file where a directory would go');
    const plan = planFiles(dir, rendered);
    expect([...plan.write.keys()]).toEqual(['manage.py']);
    expect(plan.skipped).toEqual(['.env', 'config/settings/base.py']);
  });
});

describe('Transaction for a new directory', () => {
  it('stages beside the target, and a rollback also removes the parent directories it made', () => {
    const root = mkdtempSync(join(tmpdir(), 'cdbp-target-'));
    const dir = join(root, 'a', 'b', 'shop');
    const transaction = new Transaction(dir, checkTarget(dir, false));
    transaction.create('manage.py', '# ours\n');
    expect(readdirSync(join(root, 'a', 'b'))).toEqual([`.shop.creating-${process.pid}`]);
    transaction.publish();
    expect(readFileSync(join(dir, 'manage.py'), 'utf8')).toBe('# ours\n');
    transaction.rollback();
    expect(readdirSync(root)).toEqual([]);
  });
});
