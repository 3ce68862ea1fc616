"""The apps keep their boundaries: imports go one way, read from the source with ``ast``.

- no import cycle between the project's apps, nor between ``dialogue_pages``' subpackages
  (``models``, ``discussion``, ``webinars``), not even through an import inside a function:
  the page models sit below the discussion, which sits below the webinars (the packages
  add to pages' context through ``models/page_context.py``);
- ``dialogue_pages``, ``knowledge_products``, ``search`` and ``mailings`` are reusable: they never import
  ``cms`` or ``home``, not even inside a function;
- ``members`` imports nothing from ``dialogue_pages`` (it tells other apps through its signals).

A failure names each import that breaks the rule, as ``path:line imports module``.
"""

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ["cms", "home", "members", "dialogue_pages", "knowledge_products", "localized_pages", "search", "mailings"]
REUSABLE_APPS = ["dialogue_pages", "knowledge_products", "localized_pages", "search", "mailings"]
DIALOGUE_SUBPACKAGES = ["models", "discussion", "webinars"]


@dataclass(frozen=True)
class Import:
    """One import statement of a project module, resolved to an absolute module name."""

    path: Path
    line: int
    importer: str
    imported: str
    top_level: bool  # at module level (or in a class body), not deferred inside a function

    def __str__(self):
        where = "" if self.top_level else " (inside a function)"
        return f"{self.path.relative_to(BASE_DIR)}:{self.line} imports {self.imported}{where}"


def module_name(path):
    parts = list(path.relative_to(BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_project_module(name):
    path = BASE_DIR.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def resolve(node, importer, is_package):
    """The absolute names an ``import``/``from … import`` node brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module
    # ``from package import module`` imports that module; ``from module import name`` the module.
    names = [f"{base}.{alias.name}" for alias in node.names if is_project_module(f"{base}.{alias.name}")]
    return names or [base]


class ImportCollector(ast.NodeVisitor):
    def __init__(self, path):
        self.path = path
        self.importer = module_name(path)
        self.is_package = path.name == "__init__.py"
        self.depth = 0  # how many functions enclose the current node
        self.imports = []

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        self.add(node)

    def visit_ImportFrom(self, node):
        self.add(node)

    def add(self, node):
        for imported in resolve(node, self.importer, self.is_package):
            self.imports.append(Import(self.path, node.lineno, self.importer, imported, self.depth == 0))


def project_imports():
    imports = []
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            collector = ImportCollector(path)
            collector.visit(ast.parse(path.read_text(), filename=str(path)))
            imports += collector.imports
    return imports


IMPORTS = project_imports()


def app_of(name):
    top = name.split(".")[0]
    return top if top in APPS else None


def dialogue_subpackage_of(name):
    parts = name.split(".")
    if parts[0] == "dialogue_pages" and len(parts) > 1 and parts[1] in DIALOGUE_SUBPACKAGES:
        return parts[1]
    return None


def cycles(imports, unit_of):
    """The imports that close a cycle between units (apps, subpackages), grouped by the cycle's units."""
    edges = defaultdict(list)
    for item in imports:
        source, target = unit_of(item.importer), unit_of(item.imported)
        if source and target and source != target:
            edges[source, target].append(item)

    def reachable(start):
        seen, stack = set(), [start]
        while stack:
            unit = stack.pop()
            for source, target in edges:
                if source == unit and target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    reach = {unit: reachable(unit) for edge in edges for unit in edge}
    found = defaultdict(list)
    for (source, target), items in sorted(edges.items()):
        if source in reach[target]:  # target leads back to source: the edge is part of a cycle
            units = tuple(sorted({source, target} | {unit for unit in reach[target] if source in reach[unit]}))
            found[units] += [f"{source} -> {target}: {item}" for item in items]
    return found


def describe(found):
    return "\n".join(f"cycle between {', '.join(units)}:\n  " + "\n  ".join(lines) for units, lines in found.items())


def test_the_import_scan_sees_the_project():
    """Guards the rules below against passing vacuously (e.g. a broken scan that finds nothing)."""
    home_imports = {item.imported for item in IMPORTS if app_of(item.importer) == "home"}
    assert "dialogue_pages.models" in home_imports
    relative = [item for item in IMPORTS if item.importer == "dialogue_pages.discussion.views"]
    assert {"dialogue_pages.models", "dialogue_pages.discussion.rules"} <= {item.imported for item in relative}


def test_the_cycle_finder_names_the_imports_of_a_cycle():
    here = BASE_DIR / "tests" / "test_boundaries.py"
    imports = [
        Import(here, 1, "home.models", "search.views", True),
        Import(here, 2, "search.views", "home.models", True),
        Import(here, 3, "cms.urls", "home.models", True),
    ]
    found = cycles(imports, app_of)
    assert list(found) == [("home", "search")]
    assert "home -> search: tests/test_boundaries.py:1 imports search.views" in describe(found)
    assert "cms" not in describe(found)


def test_apps_never_import_each_other_in_a_circle():
    """Not even through an import deferred inside a function."""
    found = cycles(IMPORTS, app_of)
    assert not found, describe(found)


def test_dialogue_subpackages_never_import_each_other_in_a_circle():
    """Not even through an import deferred inside a function."""
    found = cycles(IMPORTS, dialogue_subpackage_of)
    assert not found, describe(found)


@pytest.mark.parametrize("app", REUSABLE_APPS)
def test_reusable_apps_never_import_the_project_or_home(app):
    broken = [
        str(item) for item in IMPORTS if app_of(item.importer) == app and app_of(item.imported) in {"cms", "home"}
    ]
    assert not broken, f"{app} must not import cms or home:\n" + "\n".join(broken)


def test_members_imports_nothing_from_dialogue_pages():
    broken = [
        str(item)
        for item in IMPORTS
        if app_of(item.importer) == "members" and app_of(item.imported) == "dialogue_pages"
    ]
    assert not broken, "members must not import dialogue_pages (send a signal instead):\n" + "\n".join(broken)
