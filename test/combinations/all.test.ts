import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { allCombinations } from '../../generators/app/dependencies.js';
import { detectPythons } from '../../generators/app/python.js';
import { renderProject, templateContext } from '../../generators/app/render.js';
import { type Answers, FEATURE_KEYS, features, isLater, type PythonVersion } from '../../generators/app/schema.js';
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
const label = (a: Answers): string => FEATURE_KEYS.map((key) => `${key}=${String(a[key])}`).join(',');

describe(`every combination the schema allows (${combinations.length})`, () => {
  const rendered = new Map(combinations.map((answers) => [label(answers), { answers, files: renderProject(templateContext(answers, 'cmd')) }]));

  it('covers each available value of each option', () => {
    for (const key of FEATURE_KEYS) {
      const spec = features[key];
      const values = (spec.kind === 'choice' ? [...spec.choices] : [true, false]).filter((v) => !isLater(key, v));
      for (const value of values) expect(combinations.some((a) => a[key] === value), `${key}=${String(value)}`).toBe(true);
    }
    expect(combinations.some((a) => a.python === '3.11' && a.django === '6.1')).toBe(false);
  });

  it('renders without leftover template markers', () => {
    for (const [name, { files }] of rendered) {
      for (const [path, content] of files) expect(content, `${name}: ${path}`).not.toMatch(/<%|%>/);
    }
  });

  it('only mentions Redis and PostgreSQL where they are chosen', () => {
    for (const [name, { answers, files }] of rendered) {
      const all = [...files.values()].join('\n');
      // Celery's broker has its own variable; the Channels layer reads REDIS_URL whatever the cache.
      if (answers.cache === 'locmem' && !answers.channels) expect(all, name).not.toMatch(/REDIS_URL/);
      // redis-py is pinned for the cache or Celery's broker; with Channels alone it comes with channels-redis.
      if (answers.cache === 'locmem' && !answers.celery) expect(all, name).not.toMatch(/(?<![-\w])redis==/);
      if (answers.db === 'sqlite') expect(all, name).not.toMatch(/psycopg/);
    }
  });

  it('leaves no trace of Celery or Channels when they are off (file names and contents)', () => {
    for (const [name, { answers, files }] of rendered) {
      // The README's pattern map names what --celery and --channels would add, on purpose.
      const contents = [...files].map(([path, content]) => (path === 'README.md' ? readmeWithoutAbsentPatterns(content) : content));
      const all = [...files.keys(), ...contents].join('\n');
      if (!answers.celery) expect(all, name).not.toMatch(/celery|kombu|broker/i);
      // config/asgi.py names ASGI servers (daphne, uvicorn) in any case; only their use counts.
      if (!answers.channels) expect(all, name).not.toMatch(/channels|daphne==|"daphne"|uvicorn[-_]worker|websocket|ws\/chat/i);
    }
  });

  const covering = new Set(allPairs(combinations).map(label));

  it(`compiles every .py and resolves every import with the Python it targets (an all-pairs covering set: ${covering.size} combinations)`, { timeout: 120_000 }, async () => {
    const pythons = await detectPythons();
    expect(pythons.length, 'a CPython 3.11-3.14 to compile with').toBeGreaterThan(0);
    const byInterpreter = new Map<string, Record<string, Record<string, string>>>();
    for (const [name, { answers, files }] of rendered) {
      if (!covering.has(name)) continue;
      const python = (pythons.find((p) => p.version === (answers.python as PythonVersion)) ?? pythons[0]!).path;
      const group = byInterpreter.get(python) ?? {};
      group[name] = Object.fromEntries(files);
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
