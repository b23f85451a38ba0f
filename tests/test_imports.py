"""No import circle among the project's modules when they load.

Reads every module's imports that run at load time (module and class level,
not inside functions, where ``AppConfig.ready()`` and lazy imports belong) and
looks for a cycle. A circle works or breaks depending on which module happens
to load first, so it is refused whether it breaks today or not.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [
    "accounts",
    "following",
    "messaging",
    "opendata",
    "pages",
    "practices",
    "publishing",
    "wecd_portal",
]


def project_modules():
    """Map each module's dotted name to its file (migrations left out)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def load_time_imports(tree):
    """Yield the import statements that run when the module loads."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        else:
            stack.extend(ast.iter_child_nodes(node))


def imported_modules(name, path, modules):
    """The project modules ``name`` imports at load time."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in load_time_imports(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from package import submodule`` imports the submodule.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        found |= {target for target in targets if target in modules}
    found.discard(name)
    return found


def import_graph():
    """Map each project module to the project modules it imports at load time."""
    modules = project_modules()
    return {
        name: imported_modules(name, path, modules) for name, path in modules.items()
    }


def find_cycle(graph):
    """Return one cycle of ``graph`` as a list of names, or None."""
    done, path = set(), []

    def visit(node):
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph[node]):
            if cycle := visit(target):
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        if cycle := visit(node):
            return cycle
    return None


def test_the_check_sees_the_project_and_finds_a_circle():
    modules = project_modules()
    assert {"practices.models", "practices.models.querysets"} <= modules.keys()
    graph = {
        name: imported_modules(name, path, modules) for name, path in modules.items()
    }
    assert "practices.search" in graph["practices.models.querysets"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_circle_among_the_project_modules():
    modules = project_modules()
    graph = {
        name: imported_modules(name, path, modules) for name, path in modules.items()
    }
    assert find_cycle(graph) is None
