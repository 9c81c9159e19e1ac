import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { allCombinations } from '../../generators/app/dependencies.js';
import { detectPythons } from '../../generators/app/python.js';
import { renderProject, type TemplateContext, templateContext } from '../../generators/app/render.js';
import { type Answers, FEATURE_KEYS, type PythonVersion, valuesOf } from '../../generators/app/schema.js';
import { readmeWithoutAbsentPatterns } from '../generator/pattern-map.js';
import { FAKE_PYTHONS } from '../helpers.js';

const combinations = allCombinations();

/**
 * A covering set: combinations chosen (greedily) until every pair of option values that occurs in
 * some combination occurs in a chosen one. Options interact in pairs (an API with a blog, a
 * pagination style with an auth mode), so a pair-wise bug shows up in the set.
 */
function allPairs(all: Answers[]): Answers[] {
  const pairsOf = (a: Answers): string[] => {
    const values = FEATURE_KEYS.map((key) => `${key}=${String(a[key])}`);
    return values.flatMap((first, i) => values.slice(i + 1).map((second) => `${first}&${second}`));
  };
  const uncovered = new Set(all.flatMap(pairsOf));
  const chosen: Answers[] = [];
  while (uncovered.size > 0) {
    const newPairs = (a: Answers): number => pairsOf(a).filter((pair) => uncovered.has(pair)).length;
    const best = all.reduce((a, b) => (newPairs(b) > newPairs(a) ? b : a));
    chosen.push(best);
    for (const pair of pairsOf(best)) uncovered.delete(pair);
  }
  return chosen;
}
/** The rendering context, with a fixed secret key: a random one can spell "kombu" or "Sentry" by chance. */
const contextOf = (answers: Answers): TemplateContext => ({ ...templateContext(answers, 'cmd'), secretKey: 'x'.repeat(50) });
const label = (a: Answers): string => FEATURE_KEYS.map((key) => `${key}=${String(a[key])}`).join(',');

/** What is wrong with one rendered combination: leftovers, or services and features it did not choose. */
function problemsOf(answers: Answers, files: Map<string, string>): string[] {
  const problems: string[] = [];
  const contents = [...files.values()].join('\n');
  // The README's pattern map names what an option that is off would add, on purpose.
  const named = [...files].map(([path, content]) => (path === 'README.md' ? readmeWithoutAbsentPatterns(content) : content));
  const everything = `${[...files.keys()].join('\n')}\n${named.join('\n')}`;
  if (/<%|%>/.test(contents)) {
    problems.push(`template markers left in ${[...files].filter(([, content]) => /<%|%>/.test(content)).map(([path]) => path).join(', ')}`);
  }
  const forbidden: [boolean, RegExp][] = [
    // Celery's broker has its own variable; the Channels layer reads REDIS_URL whatever the cache.
    [answers.cache === 'locmem' && !answers.channels, /REDIS_URL/],
    // redis-py is pinned for the cache or Celery's broker; with Channels alone it comes with channels-redis.
    [answers.cache === 'locmem' && !answers.celery, /(?<![-\w])redis==/],
    [answers.db === 'sqlite', /psycopg/],
    [!answers.celery, /celery|kombu|broker/i],
    // config/asgi.py names ASGI servers (daphne, uvicorn) in any case; only their use counts.
    [!answers.channels, /channels|daphne==|"daphne"|uvicorn[-_]worker|websocket|ws\/chat/i],
    [!answers.sentry, /sentry/i],
  ];
  for (const [off, pattern] of forbidden) {
    const found = off ? pattern.exec(everything) : null;
    if (found) problems.push(`mentions ${JSON.stringify(found[0])} (${pattern}) though it is not chosen`);
  }
  return problems;
}

describe(`every combination the schema allows (${combinations.length})`, () => {
  it('covers each value of each option', () => {
    for (const key of FEATURE_KEYS) {
      for (const value of valuesOf(key)) expect(combinations.some((a) => a[key] === value), `${key}=${String(value)}`).toBe(true);
    }
    expect(combinations.some((a) => a.python === '3.11' && a.django === '6.1')).toBe(false);
  });

  // One at a time: all of them at once hold gigabytes of rendered text.
  it('renders each without leftover template markers, and without services or features it did not choose', { timeout: 180_000 }, () => {
    const failures: string[] = [];
    for (const answers of combinations) {
      for (const problem of problemsOf(answers, renderProject(contextOf(answers)))) failures.push(`${label(answers)}: ${problem}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  const covering = allPairs(combinations);

  it(`compiles every .py and resolves every import with the Python it targets (an all-pairs covering set: ${covering.length} combinations)`, { timeout: 120_000 }, async () => {
    const pythons = await detectPythons();
    expect(pythons.length, 'a CPython 3.11-3.14 to compile with').toBeGreaterThan(0);
    const byInterpreter = new Map<string, Record<string, Record<string, string>>>();
    for (const answers of covering) {
      const python = (pythons.find((p) => p.version === (answers.python as PythonVersion)) ?? pythons[0]!).path;
      const group = byInterpreter.get(python) ?? {};
      group[label(answers)] = Object.fromEntries(renderProject(contextOf(answers)));
      byInterpreter.set(python, group);
    }
    const script = join(import.meta.dirname, 'check_project.py');
    for (const [python, projects] of byInterpreter) {
      const result = await execa(python, [script], { input: JSON.stringify(projects), reject: false });
      expect(result.stdout + result.stderr, python).toBe('');
      expect(result.exitCode).toBe(0);
    }
  });
});
