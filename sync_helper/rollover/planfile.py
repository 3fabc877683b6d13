"""The plan file: what support staff write and review before a rollover.

YAML::

    scope: listed            # listed (default with courses) or site (rules on every course)
    rules:
      catalog: {from_year: "2023", to_year: "2024"}   # version changes from the catalog
      codes:                                          # explicit table, wins over the catalog
        L1CHIM231: L1CHIM241                          # renamed
        L1INFO231: [L1INFO241, L1INBV241]             # split
        L1CHBV231: L1CHIM241                          # merged into L1CHIM241
    courses:
      - THERMO-L1                                     # the rules apply to this course
      - course: CIRC-L1                               # exactly these cohorts, nothing else
        cohorts:
          - L1CHIM241                                 # role student, no group
          - {code: L1CHBV241, role: student, group: new}

CSV (UTF-8, comma or semicolon: the one its header line uses): ``course,code,role,group``
rows (one per wanted cohort), or ``from,to`` rows (a rules table; an old code on several rows
is a split); a column not among those, given twice, or a value under no column is refused.
Every error names the file, the line and the field.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sync_helper.catalog.apogee_csv import detect_delimiter
from sync_helper.moodle import errors
from sync_helper.moodle.courses import parse_course_ref
from sync_helper.rollover.rules import CodeRules, rules_from_pairs

SCOPES = ("listed", "site")
TOP_KEYS = ("scope", "rules", "courses")
RULE_KEYS = ("catalog", "codes")
COURSE_KEYS = ("course", "cohorts")
COHORT_KEYS = ("code", "role", "group")
COURSE_COLUMNS = ("course", "code", "role", "group")
RULE_COLUMNS = (("from", "to"), ("old", "new"))
DEFAULT_ROLE = "student"


class PlanFileError(ValueError):
    """The plan file cannot be used; ``problems`` lists every ``file:line: field: why``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Wanted:
    """One cohort a course should have: its code, role shortname and group (none/new/name)."""

    code: str
    role: str = DEFAULT_ROLE
    group: str = "none"
    where: str = ""


@dataclass(frozen=True)
class CourseEntry:
    """A course of the plan; ``cohorts`` is None when the rules decide its cohorts."""

    ref: str
    cohorts: tuple[Wanted, ...] | None
    where: str = ""


@dataclass(frozen=True)
class PlanFile:
    """A checked plan file; ``fingerprint`` ties a journal to this exact content."""

    path: Path
    courses: tuple[CourseEntry, ...]
    rules: CodeRules
    catalog_years: tuple[str, str] | None
    scope: str
    fingerprint: str


def load_plan_file(path: Path, roles: Mapping[str, int], site_url: str | None = None) -> PlanFile:
    """Read and check a YAML or CSV plan; raise :class:`PlanFileError` listing every problem.

    A course given by URL must be on ``site_url`` (when given).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlanFileError([f"{path}: cannot read ({error.strerror})"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError([f"{path}: not UTF-8 text (byte {error.start})"]) from None
    reader = _CsvPlan if path.suffix.lower() == ".csv" else _YamlPlan
    plan = reader(str(path), roles, site_url).read(text)
    fingerprint = hashlib.sha256(data).hexdigest()
    return PlanFile(path, *plan, fingerprint=fingerprint)


class _Checker:
    """Collects problems so that one run reports them all."""

    def __init__(self, name: str, roles: Mapping[str, int], site_url: str | None) -> None:
        self.name = name
        self.roles = roles
        self.site_url = site_url
        self.problems: list[str] = []

    def fail(self, line: int | None, field: str, why: str) -> None:
        where = f"{self.name}:{line}" if line else self.name
        self.problems.append(f"{where}: {field}: {why}" if field else f"{where}: {why}")

    def course(self, ref: str, line: int, field: str) -> str:
        """``ref``, its form checked now (an id that is no number, a URL of another site),
        before anything is read from Moodle."""
        if ref:
            try:
                parse_course_ref(ref, self.site_url)
            except errors.ConfigurationError as error:
                self.fail(line, field, str(error))
        return ref

    def wanted(self, code: str, role: str, group: str, line: int, field: str) -> Wanted:
        if not code:
            self.fail(line, f"{field}.code", "a cohort code is required")
        if role not in self.roles:
            known = ", ".join(sorted(self.roles))
            self.fail(line, f"{field}.role", f"unknown role {role!r} (known: {known})")
        return Wanted(code, role, group, f"{self.name}:{line}")

    def finish(self, result: tuple) -> tuple:
        if self.problems:
            raise PlanFileError(self.problems)
        return result


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _YamlPlan(_Checker):
    def read(self, text: str) -> tuple:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except RecursionError:
            self.fail(None, "", "not valid YAML (nested too deeply)")
            return self.finish(())
        except yaml.reader.ReaderError as error:  # a control character: no mark, a position
            line = text.count("\n", 0, error.position) + 1
            self.fail(line, "", f"not valid YAML (character #x{error.character:04x} not allowed)")
            return self.finish(())
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else None
            self.fail(line, "", f"not valid YAML ({getattr(error, 'problem', error)})")
            return self.finish(())
        if root is None:
            self.fail(None, "", "the plan is empty: give courses, rules or both")
            return self.finish(())
        if not isinstance(root, MappingNode):
            self.fail(_line(root), "", "expected scope:, rules: and courses: keys")
            return self.finish(())
        top = self._mapping(root, "plan", TOP_KEYS)
        rules, years = self._rules(top.get("rules"))
        courses = self._courses(top.get("courses"))
        scope = self._scalar(top["scope"], "scope") if "scope" in top else ""
        if scope and scope not in SCOPES:
            self.fail(_line(top["scope"]), "scope", f"expected one of {', '.join(SCOPES)}")
        scope = scope or ("listed" if courses else "site")
        if not courses and not rules and years is None:
            self.fail(_line(root), "", "the plan names no course and no rule")
        elif scope == "site" and not rules and years is None:
            self.fail(_line(root), "scope", "site needs rules to know what to change")
        return self.finish((tuple(courses), rules, years, scope))

    def _mapping(self, node: Node, field: str, keys: tuple[str, ...]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            self.fail(_line(node), field, "expected a mapping (key: value)")
            return {}
        found: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else ""
            if not key:
                self.fail(_line(key_node), field, "a key must be a single value")
            elif key not in keys:
                self.fail(
                    _line(key_node), f"{field}.{key}", f"unknown key (known: {', '.join(keys)})"
                )
            elif key in found:
                self.fail(_line(key_node), f"{field}.{key}", "given twice")
            else:
                found[key] = value
        return found

    def _scalar(self, node: Node, field: str) -> str:
        if not isinstance(node, ScalarNode) or node.value == "":
            self.fail(_line(node), field, "expected a single value")
            return ""
        return str(node.value).strip()

    def _sequence(self, node: Node, field: str) -> list[Node]:
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, ScalarNode) and node.value:
            return [node]
        self.fail(_line(node), field, "expected a list")
        return []

    def _rules(self, node: Node | None) -> tuple[CodeRules, tuple[str, str] | None]:
        if node is None:
            return CodeRules(), None
        rules = self._mapping(node, "rules", RULE_KEYS)
        years = None
        if "catalog" in rules:
            catalog = self._mapping(rules["catalog"], "rules.catalog", ("from_year", "to_year"))
            for key in ("from_year", "to_year"):
                if key not in catalog:
                    self.fail(_line(rules["catalog"]), f"rules.catalog.{key}", "required")
            if len(catalog) == 2:
                years = (
                    self._scalar(catalog["from_year"], "rules.catalog.from_year"),
                    self._scalar(catalog["to_year"], "rules.catalog.to_year"),
                )
        pairs: list[tuple[str, str]] = []
        if "codes" in rules:
            if not isinstance(rules["codes"], MappingNode):
                self.fail(_line(rules["codes"]), "rules.codes", "expected old code: new code(s)")
            else:
                for key_node, value in rules["codes"].value:
                    old = self._scalar(key_node, "rules.codes")
                    for target in self._sequence(value, f"rules.codes.{old}"):
                        new = self._scalar(target, f"rules.codes.{old}")
                        if old and new == old:
                            self.fail(_line(target), f"rules.codes.{old}", "maps a code to itself")
                        pairs.append((old, new))
        return rules_from_pairs(pairs), years

    def _courses(self, node: Node | None) -> list[CourseEntry]:
        if node is None:
            return []
        entries, seen = [], {}
        for index, item in enumerate(self._sequence(node, "courses")):
            field = f"courses[{index}]"
            entry = self._course(item, field)
            if entry.ref and entry.ref in seen:
                self.fail(
                    _line(item), field, f"course {entry.ref!r} already listed at {seen[entry.ref]}"
                )
            seen.setdefault(entry.ref, entry.where)
            entries.append(entry)
        return entries

    def _course(self, node: Node, field: str) -> CourseEntry:
        where = f"{self.name}:{_line(node)}"
        if isinstance(node, ScalarNode):
            return CourseEntry(self._course_ref(node, field), None, where)
        keys = self._mapping(node, field, COURSE_KEYS)
        if "course" not in keys:
            self.fail(_line(node), f"{field}.course", "required (id, shortname or URL)")
        ref = self._course_ref(keys["course"], f"{field}.course") if "course" in keys else ""
        if "cohorts" not in keys:
            return CourseEntry(ref, None, where)
        cohorts = [
            self._wanted(item, f"{field}.cohorts[{index}]")
            for index, item in enumerate(self._cohort_list(keys["cohorts"], field))
        ]
        return CourseEntry(ref, tuple(cohorts), where)

    def _course_ref(self, node: Node, field: str) -> str:
        return self.course(self._scalar(node, field), _line(node), field)

    def _cohort_list(self, node: Node, field: str) -> list[Node]:
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.fail(_line(node), f"{field}.cohorts", "expected a list ([] for none)")
        return []

    def _wanted(self, node: Node, field: str) -> Wanted:
        if isinstance(node, ScalarNode):
            return self.wanted(self._scalar(node, field), DEFAULT_ROLE, "none", _line(node), field)
        keys = self._mapping(node, field, COHORT_KEYS)
        values = {
            key: self._scalar(keys[key], f"{field}.{key}") if key in keys else ""
            for key in COHORT_KEYS
        }
        return self.wanted(
            values["code"],
            values["role"] or DEFAULT_ROLE,
            values["group"] or "none",
            _line(node),
            field,
        )


class _CsvPlan(_Checker):
    def read(self, text: str) -> tuple:
        # The header decides, as for catalog extracts: values may hold either separator.
        rows = self._rows(text, detect_delimiter(text.partition("\n")[0]))
        if rows is None:
            return self.finish(())
        header = [cell.strip().lower() for cell in rows[0][1]] if rows else []
        body = [(number, row) for number, row in rows[1:] if any(row)]
        for old, new in RULE_COLUMNS:
            if old in header and new in header:
                self._check_columns(header, (old, new), body)
                return self._rules(header.index(old), header.index(new), body)
        if "course" in header and "code" in header:
            self._check_columns(header, COURSE_COLUMNS, body)
            return self._courses(header, body)
        self.fail(
            1,
            "header",
            "expected columns course,code[,role][,group] (wanted cohorts) or from,to (rules)",
        )
        return self.finish(())

    def _rows(self, text: str, delimiter: str) -> list[tuple[int, list[str]]] | None:
        """Each row with the line it starts on; None when the CSV itself is broken.

        A quote left open would otherwise swallow the next rows into one value.
        """
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
        rows = []
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return rows
            except csv.Error as error:
                why = "a quote opened here is never closed" if reader.line_num > start else error
                self.fail(start, "", f"not valid CSV ({why})")
                return None
            for index, cell in enumerate(row):
                if "\n" in cell or "\r" in cell:
                    self.fail(
                        start,
                        f"column {index + 1}",
                        "a line break inside a quoted value (a closing quote missing?)",
                    )
            rows.append((start, row))

    def _check_columns(
        self, header: list[str], known: tuple[str, ...], body: list[tuple[int, list[str]]]
    ) -> None:
        """Refuse what would otherwise be dropped unread: a misspelt or repeated column, or a
        value in a column without a name."""
        for name in dict.fromkeys(header):
            if name and name not in known:
                self.fail(1, "header", f"unknown column {name!r} (known: {', '.join(known)})")
            elif name and header.count(name) > 1:
                self.fail(1, "header", f"column {name!r} given twice")
        for number, row in body:
            for index, cell in enumerate(row):
                if cell.strip() and (index >= len(header) or not header[index]):
                    self.fail(
                        number, f"column {index + 1}", f"{cell.strip()!r} is under no column name"
                    )

    def _rules(self, old: int, new: int, body: list[tuple[int, list[str]]]) -> tuple:
        pairs = []
        for number, row in body:
            cells = _cells(row, max(old, new) + 1)
            if not cells[old] or not cells[new]:
                self.fail(number, "from/to", "both codes are required")
            elif cells[old] == cells[new]:
                self.fail(number, "to", "maps a code to itself")
            else:
                pairs.append((cells[old], cells[new]))
        if not pairs and not self.problems:
            self.fail(None, "", "the rules table has no row")
        return self.finish(((), rules_from_pairs(pairs), None, "site"))

    def _courses(self, header: list[str], body: list[tuple[int, list[str]]]) -> tuple:
        columns = {name: header.index(name) for name in COURSE_COLUMNS if name in header}
        wanted: dict[str, list[Wanted]] = {}
        where: dict[str, str] = {}
        for number, row in body:
            cells = _cells(row, len(header))
            value = {name: cells[index] for name, index in columns.items()}
            if not value["course"]:
                self.fail(number, "course", "a course id, shortname or URL is required")
                continue
            self.course(value["course"], number, "course")
            item = self.wanted(
                value["code"],
                value.get("role") or DEFAULT_ROLE,
                value.get("group") or "none",
                number,
                "cohort",
            )
            wanted.setdefault(value["course"], []).append(item)
            where.setdefault(value["course"], f"{self.name}:{number}")
        if not wanted and not self.problems:
            self.fail(None, "", "the plan has no course row")
        courses = tuple(CourseEntry(ref, tuple(items), where[ref]) for ref, items in wanted.items())
        return self.finish((courses, CodeRules(), None, "listed"))


def _cells(row: list[str], width: int) -> list[str]:
    return [cell.strip() for cell in row] + [""] * max(0, width - len(row))
