import { describe, expect, it } from 'vitest';
import { manifest } from '../../generators/app/manifest.js';
import { outputPath } from '../../generators/app/render.js';
import { generate } from '../helpers.js';
import { readmeWithoutAbsentPatterns } from './pattern-map.js';

/** What only the blog brings: any of these in a project without --example is something left behind. */
const BLOG_MARKERS = /\bblog\b|\bArticle\b|article-list|seed_demo|MEDIA_ROOT|LOGIN_URL|Subscription/;

describe('--example: the article\'s blog app', async () => {
  const withBlog = await generate({ example: true });
  const withBlogMinimal = await generate({ example: true, comments: 'minimal', db: 'sqlite', cache: 'locmem' });
  const without = await generate({ example: false });
  const blogFiles = manifest
    .filter((group) => group.when?.({ example: true } as never) && !group.when?.({ example: false } as never))
    .flatMap((group) => group.templates)
    .map((template) => outputPath(template, 'my_shop'));

  it('writes every blog template, and the project wires the app in', () => {
    expect(blogFiles.length).toBeGreaterThan(10);
    for (const file of blogFiles) expect(withBlog.files).toContain(file);
    expect(withBlog.read('config/settings/base.py')).toContain('"my_shop.blog",');
    expect(withBlog.read('config/urls.py')).toMatch(/my_shop\.blog\.urls|from my_shop\.blog/);
    // `make dev` seeds demo content before serving.
    expect(withBlog.read('Makefile')).toMatch(/^dev: .*\n\t\$\(PY\) manage\.py seed_demo\n\t\$\(PY\) manage\.py runserver\n/m);
  });

  it('keeps the article\'s names findable (Q6, Q7, Q12, Q23)', () => {
    const models = withBlog.read('my_shop/blog/models.py');
    expect(models).toMatch(/class PublishedQuerySet\(/);
    expect(models).toMatch(/class PublishedManager\(/);
    expect(models).toMatch(/related_name="articles"/);
    expect(withBlog.read('my_shop/blog/views.py')).toMatch(/class ArticleListView\(/);
    expect(withBlog.read('my_shop/blog/views.py')).toMatch(/class ArticleCreateView\(/);
    expect(withBlog.read('my_shop/blog/views.py')).toMatch(/def article_detail\(/);
    expect(withBlog.read('my_shop/blog/signals.py')).toMatch(/def notify_on_publish\(/);
    expect(withBlog.read('my_shop/blog/services.py')).toContain('ArticleService');
  });

  it('teaching comments name their question; --comments minimal drops them', () => {
    for (const file of ['my_shop/blog/models.py', 'my_shop/blog/services.py', 'my_shop/blog/selectors.py']) {
      expect(withBlog.read(file), file).toMatch(/# Q\d+/);
      expect(withBlogMinimal.read(file), file).not.toMatch(/# Q\d+/);
    }
  });

  it("the README's pattern map points at files and symbols that exist", () => {
    const readme = withBlog.read('README.md');
    const rows = readme.split('\n').filter((line) => /^\| Q\d+ \|/.test(line));
    expect(rows.filter((row) => /Q(1|4|5|6|7|12|16|17|18|19|20|21|23)\b/.test(row)).length).toBeGreaterThanOrEqual(12);
    for (const row of rows) {
      for (const [, file, symbols] of row.matchAll(/`([\w./]+\.(?:py|html))`(?: \(([^)]*)\))?/g)) {
        expect(withBlog.files, `${file} (${row})`).toContain(file);
        const content = withBlog.read(file!);
        for (const [, symbol] of (symbols ?? '').matchAll(/`([\w.]+)`/g)) {
          expect(content, `${symbol} in ${file}`).toContain(symbol!.split('.').pop());
        }
      }
    }
  });

  it('--no-example leaves nothing behind: no file, URL, setting, template, import or test of the blog', () => {
    expect(without.files.filter((file) => /blog/.test(file))).toEqual([]);
    for (const file of without.files) {
      if (file === '.yo-rc.json') continue;
      const content = file === 'README.md' ? readmeWithoutAbsentPatterns(without.read(file)) : without.read(file);
      expect(content, file).not.toMatch(BLOG_MARKERS);
    }
  });
});
