"""A CDM-fr file read as a stream into small records, never held whole.

Two passes over the file, both through defusedxml (DTD entities and external references are
refused, not expanded):

1. :func:`sibling_groups` counts, for each element, the siblings that share its name: a path
   says ``program[2]`` only when its parent has more than one ``program``, which is known only
   when the parent ends.
2. :func:`read_records` walks the elements with ``iterparse``; each ``program``, ``course``,
   ``subProgram`` and ``orgUnit`` becomes a :class:`Record` (or :class:`Unit`) when it ends,
   with the XML path of itself and of each value it holds, and is then dropped from the tree.

References by id may point forward (a program to courses written after it), so formations are
made from the records once the file has been read (:mod:`sync_helper.catalog.cdmfr_xml`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from xml.etree.ElementTree import Element as XmlNode

import defusedxml.ElementTree as SafeET

from sync_helper.catalog.text import normalize_label

# Deeper XML is refused (CDM-fr exports nest about ten levels; the reader keeps one path per
# open element).
MAX_DEPTH = 500
CHUNK = 1 << 16
_RECORDS = {"program", "course", "subProgram"}
_REFERENCES = {"refCourse": "course", "refProgram": "program"}
# Elements whose content is read into their own record: a structure never looks inside them.
_STOPPERS = {*_RECORDS, "orgUnit", *_REFERENCES}
_NUMBERS = (("ects", None), ("hours", None), ("hours_cm", "CM"))
_NUMBERS += (("hours_td", "TD"), ("hours_tp", "TP"))
_Shared = TypeVar("_Shared", bound=Hashable)


def local_name(node: XmlNode) -> str:
    """``program`` for ``{http://cdm-fr.fr/2011/CDM}program`` and for ``program``."""
    return _local(str(node.tag))


@lru_cache(maxsize=1024)
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass(slots=True, eq=False)
class Record:
    """A ``program``, ``course`` or ``subProgram``: what becomes a formation or an element.

    Values that may be refused later keep the step of their XML element from ``path``
    (``credits``, ``volume[2]``), so that a message can name it.
    """

    path: str
    ident: str = ""
    label: str = ""
    code: str = ""  # as an element: the APOGEE code (element codeSet first, else the first)
    # As a program: every ``programCode`` as (folded codeSet, codeSet, value, step).
    codes: tuple[tuple[str, str, str, str], ...] = ()
    nature: str = ""
    period: str = ""
    numbers: tuple[tuple[str, str, str], ...] = ()  # (model field, text, step), fields in order
    example: tuple[str, str] | None = None  # (text, step)
    org_unit: tuple[str, str] | None = None  # first ``refOrgUnit``: (ref, step)
    # In document order: sub-programs, and references as (kind, id, step from ``path``).
    structure: list[Record | tuple[str, str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Its id; without one, its path after a NUL, which no XML id or ref can hold."""
        return self.ident or f"\0{self.path}"


@dataclass(slots=True, eq=False)
class Unit:
    """An ``orgUnit`` the file's root reaches through ``orgUnit`` elements only."""

    path: str
    parent: Unit | None
    ident: str = ""
    label: str = ""
    codes: tuple[tuple[str, str], ...] = ()  # (folded codeSet, value)
    programs: list[Record] = field(default_factory=list)  # the programs written in it


@dataclass
class Records:
    """Everything the loader needs from one file, in document order."""

    programs: list[Record] = field(default_factory=list)
    courses: list[Record] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    referenced_programs: set[str] = field(default_factory=set)


@dataclass
class Outline:
    """What the first pass learnt: the root's name, the depth, and where ``[n]`` starts."""

    root: str = ""
    too_deep: bool = False
    # One bit per element (numbered in document order): set on the first of several
    # siblings of one name; the second pass knows the others by their count.
    firsts: bytearray = field(default_factory=bytearray)

    def first_of_several(self, number: int) -> bool:
        return bool(self.firsts[number >> 3] & 1 << (number & 7))


class _Counter:
    """The ``target`` of the first pass: per open element, the first child of each name and
    how many there are."""

    def __init__(self) -> None:
        self.outline = Outline()
        self.open: list[dict[str, list[int]]] = [{}]
        self.number = self.depth = 0

    def start(self, tag: str, _attributes: object) -> None:
        outline = self.outline
        name = _local(tag)
        outline.root = outline.root or name
        self.depth += 1
        if self.depth > MAX_DEPTH:
            outline.too_deep = True
            return
        siblings = self.open[-1]
        if name in siblings:
            siblings[name][1] += 1
        else:
            siblings[name] = [self.number, 1]
        if self.number & 7 == 0:
            outline.firsts.append(0)
        self.number += 1
        self.open.append({})

    def end(self, _tag: str) -> None:
        if self.depth <= MAX_DEPTH:
            firsts = self.outline.firsts
            for first, count in self.open.pop().values():
                if count > 1:
                    firsts[first >> 3] |= 1 << (first & 7)
        self.depth -= 1

    def close(self) -> Outline:
        return self.outline


def sibling_groups(path: Path) -> Outline:
    """First pass; raises what defusedxml and expat raise on a refused or broken file."""
    parser = SafeET.DefusedXMLParser(target=_Counter())
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
    outline: Outline = parser.close()
    return outline


def read_records(path: Path, outline: Outline, element_code_sets: frozenset[str]) -> Records:
    """Second pass: the records of ``path``, whose first pass gave ``outline``."""
    reader = _Reader(outline, element_code_sets)
    for event, node in SafeET.iterparse(str(path), events=("start", "end")):
        if event == "start":
            reader.start(node)
        else:
            reader.end(node)
    return reader.records


class _Reader:
    """Turns ``start`` and ``end`` events into records, keeping only the open part of the tree.

    Per open element: the node, its path, how many children of each name it has had so far,
    the record items written directly in it belong to (its ``holder``), and its own record.
    """

    def __init__(self, outline: Outline, element_code_sets: frozenset[str]) -> None:
        self.outline, self.element_code_sets = outline, element_code_sets
        self.records = Records()
        self.number = 0
        self.nodes: list[XmlNode] = []
        self.paths: list[str] = []
        self.seen: list[dict[str, int]] = []
        self.holders: list[Record | None] = []
        self.own: list[Record | Unit | None] = []
        self.in_record = 0  # open program, course, subProgram and orgUnit elements
        self.shared: dict[Any, Any] = {}  # one object for each repeated value

    def share(self, value: _Shared) -> _Shared:
        return self.shared.setdefault(value, value)  # type: ignore[no-any-return]

    def start(self, node: XmlNode) -> None:
        name = local_name(node)
        holder = self.holders[-1] if self.holders else None
        path = self._path(name)
        own: Record | Unit | None = None
        if name in _REFERENCES:
            ref = node.get("ref", "")
            if name == "refProgram" and ref:
                self.records.referenced_programs.add(ref)
            if holder is not None:
                step = self.share(path[len(holder.path) + 1 :])
                holder.structure.append(self.share((_REFERENCES[name], self.share(ref), step)))
        elif name in _RECORDS:
            own = Record(path)
            self._register(name, own, holder)
        elif name == "orgUnit":
            own = self._unit(path)
        self.nodes.append(node)
        self.paths.append(path)
        self.seen.append({})
        self.holders.append(own if isinstance(own, Record) else _holder(name, holder))
        self.own.append(own)
        self.in_record += name in _RECORDS or name == "orgUnit"

    def _path(self, name: str) -> str:
        number, self.number = self.number, self.number + 1
        if not self.paths:
            return f"/{name}"
        seen = self.seen[-1]
        seen[name] = count = seen.get(name, 0) + 1
        step = f"{name}[{count}]" if count > 1 or self.outline.first_of_several(number) else name
        return f"{self.paths[-1]}/{step}"

    def _register(self, name: str, record: Record, holder: Record | None) -> None:
        if name == "subProgram" and holder is not None:
            holder.structure.append(record)
        elif name == "course":
            self.records.courses.append(record)
        elif name == "program":
            self.records.programs.append(record)
            parent = self.own[-1]  # never the root: it is a CDM element
            if isinstance(parent, Unit):
                parent.programs.append(record)

    def _unit(self, path: str) -> Unit | None:
        """Only orgUnits in the root or in such an orgUnit are read (as composantes)."""
        if len(self.nodes) == 1:
            parent = None
        elif isinstance(self.own[-1], Unit):
            parent = self.own[-1]
        else:
            return None
        unit = Unit(path, parent)
        self.records.units.append(unit)
        return unit

    def end(self, node: XmlNode) -> None:
        name = local_name(node)
        self.nodes.pop()
        self.paths.pop()
        self.seen.pop()
        self.holders.pop()
        own = self.own.pop()
        if isinstance(own, Record):
            self._fill(own, node)
        elif isinstance(own, Unit):
            self._fill_unit(own, node)
        is_record = name in _RECORDS or name == "orgUnit"
        self.in_record -= is_record
        self._drop(node, name in _STOPPERS)

    def _drop(self, node: XmlNode, read: bool) -> None:
        """Forget ``node`` once nothing will read it: outside records, and each record or
        reference once read (keeping the tail of one written inside a name or a code, whose
        text goes on after it)."""
        if not self.nodes or (self.in_record and not read):
            return  # the root, or content its record reads when it ends
        parent = self.nodes[-1]
        if not self.in_record or local_name(parent) in _RECORDS or local_name(parent) == "orgUnit":
            parent.remove(node)
            return
        tail = node.tail
        node.clear()
        node.tail = tail

    def _fill(self, record: Record, node: XmlNode) -> None:
        share, children = self.share, _Children(node)
        record.label = share(_name(children))
        codes = _codes(children)
        if children.kind != "subProgram":  # a sub-program is never referenced: no id kept
            record.ident = share(_ident(node, children))
        if children.kind == "program":
            record.codes = tuple((share(f), share(s), value, share(p)) for f, s, value, p in codes)
        code = next((v for f, _, v, _ in codes if f in self.element_code_sets), None)
        record.code = share(code if code is not None else codes[0][2] if codes else "")
        nature = children.first("nature")
        record.nature = share(_text(nature[0]).strip()) if nature else ""
        term = children.first("teachingTerm")
        if term:
            record.period = share((term[0].get("term") or _text(term[0])).strip())
        record.numbers = share(tuple(share(number) for number in _numbers(children)))
        example = children.first("example")
        record.example = (share(_text(example[0])), share(example[1])) if example else None
        unit = children.first("refOrgUnit")
        record.org_unit = (share(unit[0].get("ref", "")), share(unit[1])) if unit else None

    def _fill_unit(self, unit: Unit, node: XmlNode) -> None:
        children = _Children(node)
        unit.ident, unit.label = _ident(node, children), _name(children)
        unit.codes = tuple((code_set, value) for code_set, _, value, _ in _codes(children))


def _holder(name: str, holder: Record | None) -> Record | None:
    """Whose structure items written directly inside a ``name`` element belong to: a wrapper
    block's are its holder's, those in any other record or reference are nobody's."""
    return None if name in _STOPPERS else holder


class _Children:
    """A record element's children by local name, each with its path step (``volume[2]``)."""

    def __init__(self, node: XmlNode) -> None:
        self.kind = local_name(node)
        self.named: dict[str, list[XmlNode]] = {}
        for child in node:
            self.named.setdefault(local_name(child), []).append(child)

    def all(self, name: str) -> list[tuple[XmlNode, str]]:
        found = self.named.get(name, [])
        if len(found) == 1:
            return [(found[0], name)]
        return [(child, f"{name}[{n}]") for n, child in enumerate(found, 1)]

    def first(self, name: str) -> tuple[XmlNode, str] | None:
        found = self.all(name)
        return found[0] if found else None


def _text(node: XmlNode) -> str:
    return "".join(node.itertext())


def _ident(node: XmlNode, children: _Children) -> str:
    """A CDM node's id: its ``id`` attribute or its ``xxxID`` child."""
    own = children.first(f"{children.kind}ID")
    return node.get("id") or (_text(own[0]).strip() if own else "")


def _name(children: _Children) -> str:
    """``xxxName``: its French ``text`` child if any, else its whole text."""
    names = children.first(f"{children.kind}Name")
    if not names:
        return ""
    texts = [text for text in names[0] if local_name(text) == "text"]
    french = [t for t in texts if (t.get("language") or "fr").lower().startswith("fr")]
    return normalize_label(_text((french or texts or [names[0]])[0]))


def _codes(children: _Children) -> list[tuple[str, str, str, str]]:
    """``xxxCode`` children as (folded codeSet, codeSet, verbatim value, step)."""
    return [
        (fold_code_set(code.get("codeSet") or ""), code.get("codeSet") or "", _text(code), step)
        for code, step in children.all(f"{children.kind}Code")
    ]


def _numbers(children: _Children) -> list[tuple[str, str, str]]:
    """``credits`` (``ECTScredits`` or text) and the first ``volume`` of each type."""
    found: list[tuple[str, str, str]] = []
    credits = children.first("credits")
    if credits:
        found.append(("ects", credits[0].get("ECTScredits") or _text(credits[0]), credits[1]))
    volumes = children.all("volume")
    for name, kind in _NUMBERS[1:]:
        volume = next((v for v in volumes if (v[0].get("type") or None) == kind), None)
        if volume:
            found.append((name, _text(volume[0]), volume[1]))
    return found


def fold_code_set(name: str) -> str:
    """``codeApogee-Etape`` and ``code_apogee_etape`` are one name: lowercase alphanumerics."""
    return "".join(char for char in name.lower() if char.isalnum())
