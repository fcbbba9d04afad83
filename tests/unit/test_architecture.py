"""What may import what (ARCHITECTURE.md), checked on the source: data flows one way, no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "tutor"

ALLOWED: dict[str, set[str]] = {
    "tutor": set(),
    "system": {"tutor"},
    "text": {"tutor", "system"},
    "sim": set(),
    "content": {"tutor", "system", "text"},
    "progress": {"tutor", "system", "text"},
    "review": {"tutor", "system", "text", "progress", "content"},
    "terminal": {"tutor", "system", "text"},
    "widgets.chrome": {"tutor", "system", "text", "content"},
    "widgets.blocks": {"tutor", "system", "text", "content", "widgets.chrome"},
    "widgets.quiz": {"tutor", "system", "text", "content", "widgets.chrome", "widgets.blocks"},
    "widgets.simulations": {"tutor", "system", "text", "content", "sim", "widgets.chrome"},
    "widgets.exercise": {"tutor", "system", "text", "content", "widgets.chrome", "widgets.blocks"},
    "widgets": {
        "tutor",
        "system",
        "text",
        "content",
        "sim",
        "widgets.chrome",
        "widgets.blocks",
        "widgets.quiz",
        "widgets.simulations",
        "widgets.exercise",
    },
    "screens": {
        "tutor",
        "system",
        "text",
        "content",
        "progress",
        "review",
        "widgets",
        "widgets.chrome",
        "widgets.blocks",
        "widgets.quiz",
        "widgets.simulations",
        "widgets.exercise",
        "exercises",
    },
    "app": {
        "tutor",
        "system",
        "text",
        "content",
        "progress",
        "review",
        "terminal",
        "screens",
        "widgets",
        "widgets.chrome",
        "widgets.blocks",
        "exercises",
    },
    "exercises": {"tutor", "system", "text", "content", "sim", "progress"},
    "report": {"tutor", "system", "text", "content", "progress", "review"},
    "web": {"tutor", "system", "text"},
    "cli": {"tutor", "system", "text", "content", "progress", "review", "report", "app", "web", "exercises"},
    "__main__": {"cli"},
}
"""For each part of `tutor`, the parts it may import; anything else is an import back up a layer."""


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def part(module: str) -> str | None:
    """The part of the architecture a module belongs to (`widgets.quiz`, `content`…), None outside tutor."""
    names = module.split(".")
    if names[0] != "tutor":
        return None
    if len(names) == 1:
        return "tutor"
    if names[1] == "widgets" and len(names) > 2 and (PACKAGE / "widgets" / names[2]).is_dir():
        return f"widgets.{names[2]}"
    return names[1]


def imports() -> dict[str, set[str]]:
    """Every tutor module and the tutor modules it imports (those imported only for type checking included).

    `from package import submodule` counts as importing the submodule only.
    """
    paths = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in paths else node.module)
        graph[module] = {target for target in targets if target in paths and target != module}
    return graph


def test_every_part_imports_only_the_parts_below_it() -> None:
    wrong = []
    for module, targets in imports().items():
        for target in targets:
            source, destination = part(module), part(target)
            if destination != source and destination not in ALLOWED[source]:
                wrong.append(f"{module} imports {target} ({source} -> {destination})")
    assert wrong == []


def test_every_part_is_named_in_the_rules() -> None:
    assert {part(module) for module in imports()} <= set(ALLOWED)


def test_no_module_imports_itself_back_through_others() -> None:
    graph = imports()
    cycles = set()

    def visit(module: str, path: list[str]) -> None:
        for target in graph[module]:
            if target in path:
                cycles.add(" -> ".join([*path[path.index(target) :], target]))
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert sorted(cycles) == []


def test_every_package_has_an_init() -> None:
    missing = [
        str(directory.relative_to(ROOT))
        for directory in PACKAGE.rglob("*")
        if directory.is_dir() and any(directory.glob("*.py")) and not (directory / "__init__.py").exists()
    ]
    assert missing == []
