"""What the import contracts cannot see, read from the source with ``ast``.

* Doors (views, the API, tasks, management commands, demo loaders) write nothing themselves: a
  manager or queryset write, or ``.save()`` / ``.delete()`` on an instance, belongs in a service.
* A function-level import says on the line above (or at its end) why it is not at the top.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("archive", "claims", "evidence", "factcheck")

# Doors and tasks, by their path ("/" + the path relative to the repository).
DOOR = re.compile(r"/(views|api|management)/|/(views|api|tasks|account_views|demo_loader)\.py$")
MANAGER_WRITES = {
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "create_user",
    "create_superuser",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERYSET_STEPS = {"filter", "exclude", "all", "select_for_update", "select_related", "order_by", "using"}
INSTANCE_WRITES = {"save", "delete"}
# Receivers of .delete() that are not rows: the cache and the session.
NOT_ROWS = {"cache", "session"}

# Known writes in doors, each to be moved into a service; remove the entry with the move.
ALLOWED_WRITES: dict[str, int] = {}

# Function-level imports without a reason, each to be explained or moved to the top.
ALLOWED_UNEXPLAINED_IMPORTS: dict[str, int] = {}


def production_modules() -> Iterator[tuple[str, str]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def _receiver_names(node: ast.expr) -> list[str]:
    """The attribute, method and variable names down a call chain: ``a.b.filter(...).c`` -> c, filter, b, a."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.append(node.id)
            return names


def writes_in(source: str) -> list[str]:
    """Every row write in ``source``: ``Model.objects.create(...)``, ``qs.filter(...).update(...)``,
    ``instance.save()``, ``instance.delete()``; each as ``line: code``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        receiver = _receiver_names(node.func.value)
        through_manager = bool(set(receiver) & (MANAGERS | QUERYSET_STEPS))
        on_instance = method in INSTANCE_WRITES and not (receiver and receiver[0] in NOT_ROWS)
        if (method in MANAGER_WRITES and through_manager) or on_instance:
            found.append(f"{node.lineno}: {ast.unparse(node)[:90]}")
    return found


def unexplained_function_imports(source: str) -> list[str]:
    """Imports inside a function whose block has no comment above it (or at the end of its line)."""
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            line = node.lineno - 1
            if "#" in lines[line]:
                continue
            # Imports in a row share the comment above the first of them.
            above = line - 1
            while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
                above -= 1
            if not lines[above].strip().startswith("#"):
                found.append(f"{node.lineno}: {lines[line].strip()}")
    return found


def test_the_write_finder_sees_manager_queryset_and_instance_writes_but_not_reads() -> None:
    source = (
        "def view(request, claim, article):\n"
        "    Claim.objects.create(text='x')\n"
        "    Claim.objects.filter(pk=1).update(status='done')\n"
        "    article.claims.all().delete()\n"
        "    get_user_model()._default_manager.get_or_create(username='u')\n"
        "    claim.save(update_fields=['status'])\n"
        "    claim.delete()\n"
        "    Claim.objects.filter(pk=1).exists()\n"
        "    Claim.objects.get(pk=1)\n"
        "    values.update({'a': 1})\n"
        "    cache.delete('key')\n"
        "    request.session.delete()\n"
    )
    assert [finding.split(":")[0] for finding in writes_in(source)] == ["2", "3", "4", "5", "6", "7"]


def test_views_api_tasks_commands_and_demo_loaders_write_nothing_themselves() -> None:
    """Writes belong in services (who and when recorded there); the doors parse, call and report."""
    offenders = {}
    for name, source in production_modules():
        if DOOR.search(f"/{name}"):
            found = writes_in(source)
            if found and len(found) != ALLOWED_WRITES.get(name):
                offenders[name] = found
    assert offenders == {}
    doors = [name for name, _ in production_modules() if DOOR.search(f"/{name}")]
    assert {"claims/views/desk.py", "claims/tasks.py", "factcheck/api/views.py"} <= set(doors)
    assert "claims/management/commands/load_demo.py" in doors and "claims/demo_loader.py" in doors


def test_the_import_finder_wants_a_reason_for_each_block() -> None:
    source = (
        "def f():\n"
        "    # Imported here: b imports this module.\n"
        "    from b import c\n"
        "    from b import d\n"
        "    import e  # lazy: heavy\n"
        "    x = 1\n"
        "    import g\n"
    )
    assert unexplained_function_imports(source) == ["7: import g"]


def test_every_function_level_import_says_why_it_is_not_at_the_top() -> None:
    offenders = {}
    for name, source in production_modules():
        found = unexplained_function_imports(source)
        if found and len(found) != ALLOWED_UNEXPLAINED_IMPORTS.get(name):
            offenders[name] = found
    assert offenders == {}
