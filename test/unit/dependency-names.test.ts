import { describe, expect, it } from 'vitest';
import dependencyNames from '../../generators/app/data/dependency-names.json' with { type: 'json' };
import { allRequirements, pinnedRequirements, requirementSets } from '../../generators/app/dependencies.js';
import { PYTHONS } from '../../generators/app/schema.js';

describe('generators/app/data/dependency-names.json', () => {
  it('was derived from the requirements the templates pin today, for every supported Python', () => {
    const sets = requirementSets();
    expect(allRequirements(sets), 'the pinned requirements changed: run npm run names:update').toEqual(dependencyNames.requirements);
    expect(dependencyNames.pythons, 'the supported Pythons changed: run npm run names:update').toEqual([...PYTHONS]);
    expect(new Set(sets.map((set) => set.python))).toEqual(new Set(PYTHONS));
  });

  it('holds the modules every project imports, direct and transitive, with their distributions', () => {
    const names: Record<string, string[]> = dependencyNames.names;
    for (const name of ['django', 'asgiref', 'sqlparse', 'django_stubs_ext', 'mypy_django_plugin', 'pytest_cov', 'typing_extensions', 'iniconfig', 'pluggy']) {
      expect(names, name).toHaveProperty(name);
    }
    expect(names._pytest).toEqual(['pytest']);
    expect(names.py).toEqual(['pytest']);
    // Pulled in by pytest on Windows only.
    expect(names.colorama).toEqual(['colorama']);
    expect(Object.keys(names)).toEqual(Object.keys(names).sort());
  });
});

describe('pinnedRequirements', () => {
  const pyproject = [
    '[project]',
    'name = "shop"',
    'dependencies = [',
    '    "django==6.1.3",',
    '    "psycopg[binary]==3.3.9",',
    ']',
    '',
    '[dependency-groups]',
    'dev = [',
    '    "pytest==9.2.0",',
    ']',
    'docs = ["sphinx==8.0.0"]',
    '',
    '[tool.ruff]',
    'line-length = 100',
  ].join('\n');

  it('reads [project].dependencies and every dependency group', () => {
    expect(pinnedRequirements(pyproject)).toEqual(['django==6.1.3', 'psycopg[binary]==3.3.9', 'pytest==9.2.0', 'sphinx==8.0.0']);
  });

  it('refuses a requirement that is not pinned: the names would depend on the day', () => {
    expect(() => pinnedRequirements(pyproject.replace('django==6.1.3', 'django>=6.1'))).toThrow('"django>=6.1" is not pinned with ==');
    expect(() => pinnedRequirements(pyproject.replace('django==6.1.3', 'django'))).toThrow('"django" is not pinned with ==');
    const withMarker = "tzdata==2025.2; sys_platform == 'win32'";
    expect(pinnedRequirements(pyproject.replace('django==6.1.3', withMarker))).toContain(withMarker);
  });
});
