"""Prints, as JSON, the top-level import names of every distribution installed in a directory.

Usage: python import-names.py DIRECTORY
top_level.txt is written by setuptools only, and can be stale; RECORD lists the files really
installed. Both are read, so a module is found whichever build backend made the wheel.
"""

import json
import sys
from importlib.metadata import distributions
from pathlib import PurePosixPath

MODULE_SUFFIXES = (".py", ".so", ".pyd")


def recorded_names(files: list[PurePosixPath]) -> set[str]:
    names = set()
    for path in files:
        parts = path.parts
        if not parts or not parts[-1].endswith(MODULE_SUFFIXES):
            continue  # scripts, data, licences, .pth files: nothing to import
        if parts[0] == "bin" and len(parts) > 1:
            continue  # `uv pip install --target` puts scripts in bin/, beside the modules
        top = parts[0] if len(parts) > 1 else parts[0].split(".")[0]
        if top.isidentifier() and top != "__pycache__":
            names.add(top)
    return names


def main() -> None:
    found: dict[str, list[str]] = {}
    for dist in distributions(path=[sys.argv[1]]):
        declared = (dist.read_text("top_level.txt") or "").split()
        names = {name.split("/")[0] for name in declared if name.split("/")[0].isidentifier()}
        names |= recorded_names([PurePosixPath(str(f)) for f in dist.files or []])
        found[dist.metadata["Name"]] = sorted(names)
    json.dump(found, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
