import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../generators/app/answers.js';
import { allCombinations } from '../../generators/app/dependencies.js';
import { manifest } from '../../generators/app/manifest.js';
import { outputPath, renderProject, type TemplateContext, templateContext, templatesDir } from '../../generators/app/render.js';
import { type Answers, PRESETS } from '../../generators/app/schema.js';
import { FAKE_PYTHONS } from '../helpers.js';

const QUESTIONS = Array.from({ length: 25 }, (_, i) => `Q${i + 1}`);

interface Row {
  question: string;
  title: string;
  where: string;
}

interface Reference {
  path: string;
  symbols: string[];
}

/** The rows of the README's "Where each pattern lives" table, in order. */
function patternMap(readme: string): Row[] {
  const start = readme.indexOf('\n## Where each pattern lives\n');
  expect(start, 'the README has a pattern map').toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => /^\| Q\d+ \|/.test(line))
    .map((line) => {
      const [, question, title, where] = /^\| (Q\d+) \| ([^|]+) \| (.+) \|$/.exec(line) ?? [];
      expect(where, line).toBeDefined();
      return { question: question!, title: title!.trim(), where: where! };
    });
}

/** A backticked token names a file or directory when it has a slash or a file's name. */
function isPath(token: string): boolean {
  if (!/^[\w.-]+(\/[\w.-]*)*$/.test(token)) return false;
  return token.includes('/') || /\.(py|html|toml|ya?ml|conf|example|json|txt)$/.test(token) || /^(Dockerfile|Makefile)$/.test(token);
}

/** Each path named in a cell, with the backticked symbols in the parentheses right after it. */
function references(where: string): Reference[] {
  const found: Reference[] = [];
  for (const [, token, list] of where.matchAll(/`([^`]+)`(?: \(((?:`[^`]+`(?:, )?)+)\))?/g)) {
    if (!isPath(token!)) continue;
    const symbols = [...(list ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    found.push({ path: token!, symbols });
  }
  return found;
}

/** A project's file names, and their contents (rendered when first read). */
interface Project {
  paths: string[];
  read(path: string): string | undefined;
}

/** What is wrong with the map of one rendered project; empty when nothing is. */
function problems(answers: Answers, files: Project): string[] {
  const found: string[] = [];
  const rows = patternMap(files.read('README.md')!);
  const questions = rows.map((row) => row.question);
  if (questions.join() !== QUESTIONS.join()) found.push(`questions ${questions.join()} instead of Q1..Q25 once each, in order`);
  for (const row of rows) {
    if (/^not generated\b/.test(row.where)) {
      if (references(row.where).length > 0) found.push(`${row.question}: "not generated" names a path`);
      if (!/`--[\w-]+(?: \w+)?` adds/.test(row.where)) found.push(`${row.question}: "not generated" without the option that adds it`);
      continue;
    }
    const named = references(row.where);
    if (named.length === 0) found.push(`${row.question}: names no file`);
    for (const { path, symbols } of named) {
      if (path.endsWith('/')) {
        if (!files.paths.some((file) => file.startsWith(path))) found.push(`${row.question}: no directory ${path}`);
        continue;
      }
      const content = files.read(path);
      if (content === undefined) {
        found.push(`${row.question}: no file ${path}`);
        continue;
      }
      for (const symbol of symbols) {
        for (const part of symbol.split('.')) {
          if (!new RegExp(`\\b${part}\\b`).test(content)) found.push(`${row.question}: ${symbol} not in ${path}`);
        }
      }
    }
    if (answers.comments === 'teaching') {
      const code = named.filter(({ path }) => /\.(py|html)$/.test(path) && files.paths.includes(path));
      const mention = new RegExp(`\\b${row.question}\\b`);
      if (code.length > 0 && !code.some(({ path }) => mention.test(files.read(path)!))) {
        found.push(`${row.question}: none of ${code.map(({ path }) => path).join(', ')} mentions ${row.question}`);
      }
    }
  }
  return found;
}

/** Every file, rendered at once, as the generator writes them. */
function render(answers: Answers): Project {
  const files = renderProject(templateContext(answers, 'cmd'));
  return { paths: [...files.keys()], read: (path) => files.get(path) };
}

const compiled = new Map<string, (context: TemplateContext) => string>();

/** The same files, each rendered only when read: 4,000 combinations read a few dozen each. */
function renderLazily(answers: Answers): Project {
  const context = templateContext(answers, 'cmd');
  const templates = new Map(
    manifest
      .filter((group) => group.when?.(answers) ?? true)
      .flatMap((group) => group.templates)
      .map((template) => [outputPath(template, answers.slug), template]),
  );
  const rendered = new Map<string, string>();
  return {
    paths: [...templates.keys()],
    read(path) {
      const template = templates.get(path);
      if (template === undefined) return undefined;
      let compile = compiled.get(template);
      if (!compile) {
        const filename = join(templatesDir, template);
        compile = ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false }) as (context: TemplateContext) => string;
        compiled.set(template, compile);
      }
      if (!rendered.has(path)) rendered.set(path, compile(context));
      return rendered.get(path);
    },
  };
}

const names = { directory: '/tmp/my-shop', slug: 'my_shop', name: 'My Shop' };

describe("the README's pattern map: Q1 to Q25, each where it lives", () => {
  for (const preset of PRESETS) {
    for (const comments of ['teaching', 'minimal'] as const) {
      it(`--preset ${preset} --comments ${comments}`, () => {
        const { answers } = resolveAnswers({ preset, comments }, names, FAKE_PYTHONS);
        const files = render(answers);
        expect(problems(answers, files)).toEqual([]);
        const rows = patternMap(files.read('README.md')!);
        expect(rows.every((row) => row.title.length > 0)).toBe(true);
      });
    }
  }

  it('every combination of options', () => {
    const failures = new Map<string, string[]>();
    // Combinations whose maps read the same (most options change other parts of the README) name
    // the same files: the files of the first one with that map, database and comments stand for all.
    const seen = new Set<string>();
    for (const answers of allCombinations()) {
      const project = renderLazily(answers);
      const readme = project.read('README.md')!;
      const key = `${answers.comments} ${answers.db} ${readme.slice(readme.indexOf('\n## Where each pattern lives\n'))}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = problems(answers, project);
      for (const problem of found) failures.set(problem, [...(failures.get(problem) ?? []), JSON.stringify(answers)].slice(0, 2));
    }
    expect(Object.fromEntries(failures)).toEqual({});
  });

  it('teaching comments name their question; minimal leaves no question number in the code', () => {
    const { answers } = resolveAnswers({ preset: 'full', comments: 'minimal' }, names, FAKE_PYTHONS);
    const files = render(answers);
    for (const path of files.paths.filter((file) => /\.(py|html)$|^Makefile$/.test(file))) {
      expect(files.read(path), path).not.toMatch(/\bQ\d+\b/);
    }
  });
});
