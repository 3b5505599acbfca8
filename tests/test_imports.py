"""Dependencies point down: faq and contacts import nothing of faqsite, and no module of the
project imports another in a circle (imports inside functions included)."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
PACKAGES = ("faq", "faqsite", "contacts", "bench")


def module_name(path):
    parts = path.relative_to(BASE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for package in PACKAGES
    for path in (BASE / package).rglob("*.py")
    if "migrations" not in path.parts
}


def _project_module(name):
    """The project module an imported name lives in (faq.search.sync for faq.search.sync.x)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports_of(module):
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(_project_module(name) for name in names)
    return found - {"", module}


def test_faq_and_contacts_import_nothing_of_faqsite():
    low = [m for m in MODULES if m.split(".")[0] in ("faq", "contacts")]
    assert low
    assert {
        m: imports_of(m) for m in low if any(i.startswith("faqsite") for i in imports_of(m))
    } == {}


def test_no_module_imports_another_in_a_circle():
    graph = {module: imports_of(module) for module in MODULES}
    assert sum(map(len, graph.values())) > 50  # the graph was really read
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle: {error.args[1]}") from None
