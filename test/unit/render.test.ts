import { describe, expect, it } from 'vitest';
import { outputPath, secretKey } from '../../generators/app/render.js';

describe('outputPath', () => {
  it.each([
    ['manage.py.ejs', 'manage.py'],
    ['dot-gitignore.ejs', '.gitignore'],
    ['dot-env.example.ejs', '.env.example'],
    ['dot-github/workflows/ci.yml.ejs', '.github/workflows/ci.yml'],
    ['__slug__/users/models.py.ejs', 'my_shop/users/models.py'],
    ['__slug__/__init__.py.ejs', 'my_shop/__init__.py'],
    ['config/settings/__init__.py.ejs', 'config/settings/__init__.py'],
  ])('%s -> %s', (template, output) => {
    expect(outputPath(template, 'my_shop')).toBe(output);
  });
});

describe('secretKey', () => {
  it('is 50 characters that .env parsers and shells keep whole', () => {
    const keys = Array.from({ length: 200 }, secretKey);
    for (const key of keys) {
      expect(key).toHaveLength(50);
      expect(key).not.toMatch(/[$#'"`\\\s&()*;|<>!]/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });
});
