/**
 * The pinned requirements of every project the schema allows. `npm run names:update`
 * (scripts/dependency-names.mjs) installs them to learn the import names a project must not take;
 * test/unit/dependency-names.test.ts checks that data/dependency-names.json was derived from
 * the requirements the templates pin today. Not part of the CLI bundle.
 */
import { type Given, resolveAnswers } from './answers.js';
import { UsageError } from './errors.js';
import { renderTemplate, templateContext } from './render.js';
import { type Answers, applies, FEATURE_KEYS, valuesOf } from './schema.js';

/** Every combination of values the schema allows (impossible pairs filtered out). */
export function allCombinations(): Answers[] {
  let partials: Given[] = [{}];
  for (const key of FEATURE_KEYS) {
    const values = valuesOf(key);
    // An option that means nothing with the answers so far (--pagination without an API) is left out.
    partials = partials.flatMap((partial) =>
      applies(key, partial as Record<string, string | boolean>) ? values.map((value) => ({ ...partial, [key]: value })) : [partial],
    );
  }
  // The names do not change which requirements are pinned; every Python is given, so none is probed.
  const names = { directory: '/tmp/combo-shop', slug: 'combo_shop', name: 'Combo Shop' };
  return partials.flatMap((given) => {
    try {
      return [resolveAnswers(given, names, []).answers];
    } catch (error) {
      if (error instanceof UsageError) return [];
      throw error;
    }
  });
}

/** The strings of the TOML array `key = [ ... ]` that follows index `from` of `toml`. */
function arrayStrings(toml: string, key: string, from: number): string[] {
  const start = toml.indexOf(`\n${key} = [`, from);
  if (start < 0) throw new Error(`pyproject.toml: no "${key} = [" array`);
  const strings: string[] = [];
  // Strings, commas, whitespace and comments, up to the closing bracket (extras such as [binary] are inside strings).
  const item = /\s+|,|#[^\n]*|"([^"\n]*)"|(\])/y;
  item.lastIndex = start + key.length + 5;
  for (let match = item.exec(toml); match; match = item.exec(toml)) {
    if (match[2]) return strings;
    if (match[1] !== undefined) strings.push(match[1]);
  }
  throw new Error(`pyproject.toml: cannot read the "${key}" array`);
}

/** `[project].dependencies` and every `[dependency-groups]` group of a rendered pyproject.toml. */
export function pinnedRequirements(pyproject: string): string[] {
  const toml = `\n${pyproject}`;
  const project = toml.indexOf('\n[project]\n');
  if (project < 0) throw new Error('pyproject.toml: no [project] table');
  const requirements = arrayStrings(toml, 'dependencies', project);
  const groups = toml.indexOf('\n[dependency-groups]\n');
  if (groups >= 0) {
    const table = toml.slice(groups + 1).split(/\n(?=\[)/)[0]!;
    for (const [, group] of table.matchAll(/^([A-Za-z0-9_-]+) = \[/gm)) requirements.push(...arrayStrings(toml, group!, groups));
  }
  for (const requirement of requirements) {
    // A range would make the installed set, and so the refused names, depend on the day it is resolved.
    if (!/^[A-Za-z0-9._-]+(\[[^\]]+\])?==[^=<>~!,;\s]+(\s*;.+)?$/.test(requirement)) {
      throw new Error(`pyproject.toml: "${requirement}" is not pinned with ==`);
    }
  }
  return requirements;
}

/** One install: the requirements of the projects generated for one Python version. */
export interface RequirementSet {
  python: string;
  requirements: string[];
}

/** The distinct requirement lists every combination pins, each with the Python it targets. */
export function requirementSets(): RequirementSet[] {
  const sets = new Map<string, RequirementSet>();
  for (const answers of allCombinations()) {
    const pyproject = renderTemplate('pyproject.toml.ejs', templateContext(answers, 'cmd'));
    const requirements = pinnedRequirements(pyproject).sort();
    const set = { python: answers.python, requirements };
    sets.set(JSON.stringify(set), set);
  }
  return [...sets.values()];
}

/** The union of every pinned requirement, sorted: what data/dependency-names.json records. */
export function allRequirements(sets: RequirementSet[] = requirementSets()): string[] {
  return [...new Set(sets.flatMap((set) => set.requirements))].sort();
}
