"""Reading YAML with line numbers, so that every error can name file, line and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class FileError:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class StructureFileInvalid(Exception):
    def __init__(self, errors: Sequence[FileError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _refers_to_itself(node: yaml.Node) -> bool:
    """Whether `node` can be reached again from inside itself."""
    seen: set[int] = set()
    stack = list(_children(node))
    while stack:
        child = stack.pop()
        if child is node:
            return True
        if id(child) not in seen:
            seen.add(id(child))
            stack.extend(_children(child))
    return False


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def loc_to_field(loc: Sequence[str | int]) -> str:
    """("bodies", 3, "charter", "version") -> "bodies[3].charter.version"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# A structure file with every alias written out holds at most this many values (keys,
# scalars, lists and mappings). The largest demo file has under 10 000; a "billion laughs"
# file of a few lines has 10^9 and would keep the import busy until it was killed.
MAX_VALUES = 200_000
# Characters in one structure file: over ten times the largest demo file.
MAX_CHARACTERS = 5_000_000


def _count(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


# libyaml's parser (PyYAML's C extension) where it is installed: parsing is most of the work
# of reading a file, and the pure-Python parser is several times slower.
try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _CountingLoader(
    yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
):
    """PyYAML's safe loader over libyaml's events, noting where each alias is used
    (`*name`): the composed nodes only know where their anchor (`&name`) stands. The nodes
    are composed in Python (not by libyaml's composer) so that the aliases can be noted and
    a file nested too deep is refused with RecursionError instead of exhausting the stack."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        yaml.composer.Composer.__init__(self)
        self.aliases: list[tuple[str, int, yaml.Node]] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            assert isinstance(event, yaml.AliasEvent) and event.start_mark is not None
            node = super().compose_node(parent, index)
            if node is not None:
                self.aliases.append((str(event.anchor), int(event.start_mark.line) + 1, node))
            return node
        return super().compose_node(parent, index)

    def construct_keeping_nodes(self, root: yaml.Node) -> Any:
        """The data of the composed nodes. Constructing merges `<<:` keys into the nodes,
        which `line_of` and the duplicate check need as they are in the file: the mappings
        that merge are put back as they were."""
        merging = [
            (node, list(node.value))
            for node in _mappings(root)
            if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value)
        ]
        try:
            return self.construct_document(root)
        finally:
            for node, value in merging:
                node.value = value


def _mappings(root: yaml.Node) -> list[yaml.MappingNode]:
    """Every mapping in the tree once, without recursion."""
    found: list[yaml.MappingNode] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            found.append(node)
        stack.extend(_children(node))
    return found


class _AliasCycle(Exception):
    pass


def _expanded_sizes(root: yaml.Node) -> dict[int, int]:
    """How many values each node stands for with every alias written out, by node id; a
    node shared through aliases is counted once, so this is quick whatever the total."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise _AliasCycle
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node) + size(value_node)
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
        open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root)
    return sizes


class YamlDocument:
    def __init__(self, text: str, path: str):
        self.path = path
        if len(text) > MAX_CHARACTERS:
            raise StructureFileInvalid(
                [
                    FileError(
                        path,
                        None,
                        "",
                        f"filen är {_count(len(text))} tecken; en strukturfil får vara högst "
                        f"{_count(MAX_CHARACTERS)}",
                    )
                ]
            )
        loader = _CountingLoader(text)
        try:
            self.root = loader.get_single_node()
            self._refuse_alias_bombs(loader)
            # Built from the same parse: the file is read once.
            self.data: Any = (
                loader.construct_keeping_nodes(self.root) if self.root is not None else None
            )
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or str(exc)
            raise StructureFileInvalid(
                [FileError(path, line, "", f"ogiltig YAML: {problem}")]
            ) from exc
        except yaml.YAMLError as exc:
            raise StructureFileInvalid([FileError(path, None, "", f"ogiltig YAML: {exc}")]) from exc
        except RecursionError as exc:
            raise StructureFileInvalid(
                [
                    FileError(
                        path, None, "", "ogiltig YAML: listor och mappningar är för djupt nästlade"
                    )
                ]
            ) from exc
        finally:
            loader.dispose()
        duplicates = list(self._duplicate_keys(self.root, ()))
        if duplicates:
            raise StructureFileInvalid(duplicates)

    def _refuse_alias_bombs(self, loader: _CountingLoader) -> None:
        """Refuse a file whose aliases refer to themselves, or that written out would hold
        more than MAX_VALUES values, naming the line of the alias that repeats the most."""
        if self.root is None or not loader.aliases:
            return
        try:
            sizes = _expanded_sizes(self.root)
        except _AliasCycle:
            name, line, _ = next(
                (a for a in loader.aliases if _refers_to_itself(a[2])), loader.aliases[0]
            )
            raise StructureFileInvalid(
                [
                    FileError(
                        self.path, line, "", f"ogiltig YAML: aliaset *{name} innehåller sig självt"
                    )
                ]
            ) from None
        total = sizes[id(self.root)]
        if total <= MAX_VALUES:
            return
        name, line, node = max(loader.aliases, key=lambda a: (sizes[id(a[2])], -a[1]))
        raise StructureFileInvalid(
            [
                FileError(
                    self.path,
                    line,
                    "",
                    f"för många alias: *{name} upprepar {_count(sizes[id(node)])} värden, och "
                    f"med alla alias utskrivna blir filen {_count(total)} värden; en "
                    f"strukturfil får ha högst {_count(MAX_VALUES)}",
                )
            ]
        )

    def _duplicate_keys(self, node: yaml.Node | None, loc: tuple[str | int, ...]):
        seen: set[int] = set()
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                if key_node.value in keys and key_node.value != "<<":
                    yield FileError(
                        self.path,
                        key_node.start_mark.line + 1,
                        loc_to_field((*loc, key_node.value)),
                        "nyckeln förekommer två gånger",
                    )
                keys.add(key_node.value)
                if id(value_node) not in seen:
                    seen.add(id(value_node))
                    yield from self._duplicate_keys(value_node, (*loc, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                yield from self._duplicate_keys(child, (*loc, index))

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest node along loc that exists in the file."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        child = value_node
                        line = key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    child = node.value[part]
                    line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line

    def error(self, loc: Sequence[str | int], message: str) -> FileError:
        return FileError(self.path, self.line_of(loc), loc_to_field(loc), message)
