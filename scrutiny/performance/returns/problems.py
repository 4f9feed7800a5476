"""What is wrong with a return file, said so that someone can find it and fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: in which file, which record (a child or a row), which element or column, and
    why. ``line`` is the file's line where known."""

    file: str
    reason: str
    record: str = ""
    element: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line:
            where.append(f"line {self.line}")
        if self.record:
            where.append(self.record)
        if self.element:
            where.append(self.element)
        return f"{', '.join(where)}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "element": self.element,
            "reason": self.reason,
        }


#: A rejected file lists at most this many problems; past it, the count says how many more.
MAX_LISTED = 500


class ReturnRejected(Exception):  # noqa: N818 - reads as what happened where it is caught
    """The return cannot be imported: nothing from it is stored."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems[:MAX_LISTED]
        self.total = total if total is not None else len(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        count = f"{self.total} problem{'s' if self.total != 1 else ''}"
        first = f": {self.problems[0]}" if self.problems else ""
        return f"The file was not imported ({count}){first}"
