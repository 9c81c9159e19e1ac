"""Static checks of rendered projects, read as JSON from stdin: {"<name>": {"<path>": "<source>"}}.

For every project: each .py file compiles; each import resolves to a generated module, the standard
library, or a dependency declared in that project's pyproject.toml; each dotted string naming one of
the project's own modules (INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF, ...) exists. Prints one problem
per line and exits 1 when there is any.
"""

import ast
import json
import re
import sys
import tomllib
from pathlib import Path

# The import names each pinned distribution provides, as `npm run names:update` recorded them (the
# same data the generator refuses project names from): one source, so a new dependency needs no edit here.
DATA = Path(__file__).resolve().parents[2] / "generators" / "app" / "data" / "dependency-names.json"


def normalized(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def import_names() -> tuple[set[str], dict[str, set[str]]]:
    """The pinned distributions, and the import names of each."""
    data = json.loads(DATA.read_text())
    pinned = {normalized(distribution(requirement)) for requirement in data["requirements"]}
    names: dict[str, set[str]] = {}
    for name, dists in data["names"].items():
        for dist in dists:
            names.setdefault(normalized(dist), set()).add(name)
    return pinned, names


def distribution(requirement: str) -> str:
    return re.split(r"[\[=<>~!; ]", requirement, maxsplit=1)[0].lower()


PINNED, IMPORT_NAMES = import_names()


def third_party(pyproject: str) -> tuple[set[str], list[str]]:
    data = tomllib.loads(pyproject)
    requirements = list(data["project"]["dependencies"])
    for group in data.get("dependency-groups", {}).values():
        requirements += [r for r in group if isinstance(r, str)]
    names: set[str] = set()
    unknown = []
    for requirement in requirements:
        dist = normalized(distribution(requirement))
        if dist in PINNED:
            # Stubs and tools (ruff, django-stubs) provide no import name: an empty set.
            names |= IMPORT_NAMES.get(dist, set())
        else:
            unknown.append(dist)
    return names, unknown


def module_exists(files: dict[str, str], dotted: str) -> bool:
    path = dotted.replace(".", "/")
    return f"{path}.py" in files or f"{path}/__init__.py" in files


def top_level_names(source: str) -> set[str]:
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def attribute_exists(files: dict[str, str], dotted: str) -> bool:
    """`a.b.C` exists when a.b.C is a module, or module a.b defines or imports C."""
    if module_exists(files, dotted):
        return True
    module, _, name = dotted.rpartition(".")
    path = module.replace(".", "/")
    source = files.get(f"{path}.py", files.get(f"{path}/__init__.py"))
    return source is not None and name in top_level_names(source)


def check(name: str, files: dict[str, str]) -> list[str]:
    problems = []
    local = {path.split("/")[0] for path in files if path.endswith(".py") and "/" in path}
    local |= {path[:-3] for path in files if path.endswith(".py") and "/" not in path}
    allowed, unknown = third_party(files["pyproject.toml"])
    problems += [f"{name}: pyproject.toml: unknown distribution {dist!r} (add it to IMPORT_NAMES)" for dist in unknown]
    stdlib = set(sys.stdlib_module_names)
    for path, source in files.items():
        if not path.endswith(".py"):
            continue
        try:
            tree = ast.parse(source, filename=path)
            compile(tree, path, "exec")
        except SyntaxError as error:
            problems.append(f"{name}: {path}:{error.lineno}: {error.msg}")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            else:
                targets = []
            for target in targets:
                top = target.split(".")[0]
                if top in local:
                    if not module_exists(files, target):
                        problems.append(f"{name}: {path}: imports {target}, which was not generated")
                elif top not in stdlib and top not in allowed:
                    problems.append(f"{name}: {path}: imports {target}, which no declared dependency provides")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                dotted = re.fullmatch(r"[a-z_][\w]*(\.[A-Za-z_]\w*)+", value) and value not in files
                if dotted and value.split(".")[0] in local - {"tests"}:
                    if not attribute_exists(files, value):
                        problems.append(f"{name}: {path}: names {value!r}, which does not exist")
    return problems


def main() -> int:
    projects = json.load(sys.stdin)
    problems = [problem for name, files in projects.items() for problem in check(name, files)]
    print("\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
