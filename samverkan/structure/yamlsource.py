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


def loc_to_field(loc: Sequence[str | int]) -> str:
    """("bodies", 3, "charter", "version") -> "bodies[3].charter.version"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class YamlDocument:
    def __init__(self, text: str, path: str):
        self.path = path
        try:
            self.root = yaml.compose(text, Loader=yaml.SafeLoader)
            self.data: Any = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or str(exc)
            raise StructureFileInvalid(
                [FileError(path, line, "", f"ogiltig YAML: {problem}")]
            ) from exc
        except yaml.YAMLError as exc:
            raise StructureFileInvalid([FileError(path, None, "", f"ogiltig YAML: {exc}")]) from exc
        duplicates = list(self._duplicate_keys(self.root, ()))
        if duplicates:
            raise StructureFileInvalid(duplicates)

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
