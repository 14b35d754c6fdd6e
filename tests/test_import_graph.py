"""The project's import graph, read from the source: modules depend one way, without cycles.

An import inside a function still makes its module depend on the one it imports; putting it
there only hides a cycle until call time. So within each app the graph counts imports at any
depth (``if TYPE_CHECKING:`` blocks aside) and must have no cycle, the few imports that stay
inside functions are listed with their reason (``LAZY_IMPORTS``), and ``catalog`` imports
neither ``harvesters`` nor ``search`` (they depend on it, see the README's Architecture section).
Edges are between modules, as import-linter draws them: ``from package import name`` is an
edge to the package's ``__init__`` (or to ``package.name`` when that is a module),
``from package.module import name`` an edge to that module alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("catalog", "harvesters", "search", "oer_registry")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }


SOURCES = _sources()


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _known(name: str) -> str:
    """The project module an import reaches: the name itself or its nearest known parent."""
    while name and name not in SOURCES:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports_of(module: str) -> list[tuple[str, int, bool]]:
    """(imported project module, line, inside a function) for each import in ``module``."""
    path = SOURCES[module]
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(module, is_package, child.level, child.module)
                for alias in child.names:
                    submodule = f"{base}.{alias.name}"
                    targets.append(submodule if submodule in SOURCES else base)
            for target in targets:
                known = _known(target)
                if known and known != module:
                    found.append((known, child.lineno, nested))
            visit(child, nested)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def cycles(modules: set[str], *, in_functions: bool) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), among ``modules``."""
    graph = {
        m: {t for t, _, nested in imports_of(m) if t in modules and (in_functions or not nested)}
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def _in_app(app: str) -> set[str]:
    return {m for m in SOURCES if m == app or m.startswith(app + ".")}


def test_no_module_level_import_cycle_in_the_project():
    assert cycles(set(SOURCES), in_functions=False) == []


@pytest.mark.parametrize("app", ["catalog", "harvesters", "search", "oer_registry"])
def test_no_import_cycle_even_through_imports_inside_functions(app):
    assert cycles(_in_app(app), in_functions=True) == []


LAZY_IMPORTS = {
    ("search.apps", "catalog.lti.picker"): "AppConfig.ready: after the app registry is loaded",
    ("search.apps", "search.indexing"): "AppConfig.ready: imports models",
    ("search.apps", "search.drains"): "AppConfig.ready: imports models (through the tasks)",
    ("search.apps", "search.lti_finder"): "AppConfig.ready: imports models",
    ("search.apps", "search.vectors.consumer"): "AppConfig.ready: imports models",
    ("search.engines", "search.engines.elasticsearch"): "only the configured engine's library",
    ("search.engines", "search.engines.fts5"): "only the configured engine's library",
    ("search.health", "catalog.materials.outbox"): "into catalog, which imports no search",
    ("search.hybrid", "catalog.embeddings"): "into catalog, which imports no search",
    ("search.views", "catalog.lists.membership"): "into catalog, which imports no search",
}
"""The imports inside functions that ``search`` and ``harvesters`` keep, each with its reason.

Each stays lazy for a reason of its own, never to hide a cycle (the test above counts them):

- ``search.apps``: Django's ``AppConfig.ready()`` is where an app imports the modules that
  import models and connects them (the outbox consumers, the LTI picker's finder); at
  ``apps.py`` import time the app registry is not loaded yet.
- ``search.engines``: ``get_engine()`` loads only the engine ``OER_SEARCH`` selects, so an
  SQLite deployment does not import the Elasticsearch client (elasticsearch-dsl, about 0.2 s)
  and an Elasticsearch one does not build the FTS5 engine's faiss matrix code.
- ``search.health``, ``search.hybrid``, ``search.views``: imports into ``catalog`` at first
  use; they cannot hide a cycle, as ``catalog`` imports neither app (tested below).

Any other import inside a function in these apps fails the test: put it at module level, and if
that makes a cycle, move the shared piece down a layer instead.
"""


def test_imports_inside_functions_are_only_the_listed_lazy_ones():
    found = {
        (m, target)
        for app in ("harvesters", "search")
        for m in _in_app(app)
        for target, _, nested in imports_of(m)
        if nested
    }
    assert sorted(found - set(LAZY_IMPORTS)) == []  # unlisted: move to module level
    assert sorted(set(LAZY_IMPORTS) - found) == []  # listed, but no longer lazy: unlist


def test_catalog_imports_neither_harvesters_nor_search():
    wrong = [
        f"{m}:{line} imports {target}"
        for m in _in_app("catalog")
        for target, line, _ in imports_of(m)
        if target.split(".")[0] in {"harvesters", "search"}
    ]
    assert wrong == []


def test_the_reader_counts_imports_inside_functions_and_reaches_submodules():
    """The reader itself: ``ready()`` imports inside a function; ``from . import receivers``
    reaches the submodule, not the package."""
    assert ("catalog.lists.receivers", True) in {
        (target, nested) for target, _, nested in imports_of("catalog.lists.apps")
    }
