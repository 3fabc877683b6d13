"""One course's changes: from the cohorts it has to the cohorts it should have.

An instance is matched to a wanted cohort by cohort and role (the plugin allows one instance
per pair); failing that, an unmatched instance of the same cohort is updated to the wanted
role rather than replaced, so its users keep their enrolment. Instances the plan retires are
disabled (users keep their data) unless deletion was asked for. The order of the changes is
the order they are applied in: attach and update before anything is disabled or detached,
so a course is never left without its new cohort because of a crash in between.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.groups import NO_GROUP, group_satisfied
from sync_helper.moodle.instances import DISABLED, ENABLED, SyncInstance

ATTACH, UPDATE, DISABLE, DETACH, KEEP = "attach", "update", "disable", "detach", "keep"
KINDS = (ATTACH, UPDATE, DISABLE, DETACH, KEEP)
ORDER = {ATTACH: 0, UPDATE: 1, DISABLE: 2, DETACH: 3, KEEP: 4}


@dataclass(frozen=True)
class Target:
    """A cohort the course should have, with the role and group it should have it with."""

    cohort: Cohort
    role: str
    role_id: int
    group_id: int  # 0 none, -1 a new group, or an existing group's id
    group: str
    source: str


@dataclass(frozen=True)
class Change:
    """One thing to do (or to leave) on one course."""

    kind: str
    cohort: Cohort
    role: str
    role_id: int
    group: str
    reason: str
    instance_id: int | None = None
    group_id: int = NO_GROUP
    fields: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def writes(self) -> bool:
        """Whether applying it calls Moodle to change something."""
        return self.kind != KEEP

    @property
    def key(self) -> str:
        """Stable name of the change within its course, for the journal."""
        return f"{self.kind}:{self.cohort.id}:{self.role_id}"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "action": self.kind,
            "cohort": self.cohort.as_dict(),
            "role": self.role,
            "group": self.group,
            "instance_id": self.instance_id,
            "fields": dict(self.fields),
            "reason": self.reason,
        }


def _describe_group(instance: SyncInstance) -> str:
    return instance.group or (
        "none" if instance.group_id == NO_GROUP else f"id {instance.group_id}"
    )


def course_changes(
    targets: list[Target],
    current: list[SyncInstance],
    retire: Callable[[SyncInstance], bool],
    *,
    delete_old: bool,
) -> list[Change]:
    """The changes that take ``current`` to ``targets``; ``retire`` says which leftovers go."""
    unmatched = list(current)
    wanted_pairs = {(t.cohort.id, t.role_id) for t in targets}
    changes: list[Change] = []
    seen: set[tuple[int, int]] = set()
    for target in targets:
        pair = (target.cohort.id, target.role_id)
        if pair in seen:
            continue
        seen.add(pair)
        instance = next((i for i in unmatched if (i.cohort.id, i.role_id) == pair), None)
        if instance is None:  # same cohort under a role no target wants: change its role
            instance = next(
                (
                    i
                    for i in unmatched
                    if i.cohort.id == target.cohort.id
                    and (i.cohort.id, i.role_id) not in wanted_pairs
                ),
                None,
            )
        if instance is None:
            changes.append(_attach(target))
        else:
            unmatched.remove(instance)
            changes.append(_update_or_keep(target, instance))
    changes += [_leftover(i, retire(i), delete_old=delete_old) for i in unmatched]
    return sorted(changes, key=lambda change: ORDER[change.kind])


def _attach(target: Target) -> Change:
    return Change(
        ATTACH,
        target.cohort,
        target.role,
        target.role_id,
        target.group,
        f"attach with role {target.role}, group {target.group} ({target.source})",
        group_id=target.group_id,
    )


def _update_or_keep(target: Target, instance: SyncInstance) -> Change:
    fields: dict[str, int] = {}
    what = []
    if instance.role_id != target.role_id:
        fields["roleid"] = target.role_id
        what.append(f"role {instance.role or instance.role_id} → {target.role}")
    if not group_satisfied(instance.group_id, target.group_id):
        fields["groupid"] = target.group_id
        what.append(f"group {_describe_group(instance)} → {target.group}")
    if not instance.enabled:
        fields["status"] = ENABLED
        what.append("enable it")
    if not fields:
        return Change(
            KEEP,
            target.cohort,
            target.role,
            target.role_id,
            _describe_group(instance),
            f"already attached as planned ({target.source})",
            instance.id,
            instance.group_id,
        )
    return Change(
        UPDATE,
        target.cohort,
        target.role,
        target.role_id,
        target.group,
        "update in place: " + ", ".join(what) + f" ({target.source})",
        instance.id,
        target.group_id,
        MappingProxyType(fields),
    )


def _leftover(instance: SyncInstance, retired: bool, *, delete_old: bool) -> Change:
    def change(kind: str, reason: str, fields: Mapping[str, int] | None = None) -> Change:
        return Change(
            kind,
            instance.cohort,
            instance.role,
            instance.role_id,
            _describe_group(instance),
            reason,
            instance.id,
            instance.group_id,
            MappingProxyType(dict(fields or {})),
        )

    if not retired:
        return change(KEEP, "not named by the plan: left as it is")
    if delete_old:
        return change(
            DETACH, "delete: unenrols its users; their grades and groups in the course go too"
        )
    if not instance.enabled:
        return change(KEEP, "last year's cohort, already disabled")
    return change(
        DISABLE,
        "disable: its users keep their enrolment and data but lose access",
        {"status": DISABLED},
    )
