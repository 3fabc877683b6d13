"""How the plugin's answers are read: a course's instances, the ids writes return, odd answers.

A misread instance makes the healing path compare the wrong state (issue 11, finding 8), so the
reading is pinned on the simulator's answers and on hand-made odd ones.
"""

from __future__ import annotations

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.instances import (
    ADD_INSTANCE,
    DELETE_INSTANCE,
    GET_INSTANCES,
    UPDATE_INSTANCE,
    SyncInstance,
    add_instance,
    delete_instance,
    get_instances,
    plugin_available,
    update_instance,
)
from tests.moodle.inprocess import sim_client
from tests.moodle.test_client_contract import Scripted, client_with, ok

THERMO = Course(2, "THERMO-L1", "Introduction à la thermodynamique", "RETHC01", "", ())
L1CHIM = Cohort(1, "L1CHIM231", "LICENCE 1 CHIMIE", visible=True)


def test_instances_are_read_from_the_course_as_moodle_shows_them() -> None:
    with sim_client() as (moodle, _):
        thermo5 = resolve_course(moodle, parse_course_ref("5"))
        update_instance(moodle, 33, groupid=2)
        (instance,) = get_instances(moodle, thermo5)
    assert instance == SyncInstance(
        id=33,
        cohort=L1CHIM,
        role_id=5,
        role="student",
        group_id=2,
        group="TD A",
        enabled=False,
    )


def test_an_instance_item_without_nested_objects_still_gives_its_ids() -> None:
    item = {"object": "enrol", "id": 13, "cohortid": 1, "roleid": 5, "groupid": 0, "status": 0}
    instance = SyncInstance.from_answer({**item, "cohort": "?", "role": [], "group": None})
    assert instance == SyncInstance(13, Cohort(1, "", "", True), 5, "", 0, "", True)
    bare = SyncInstance.from_answer({"id": "14", "cohort": {"id": 2, "idnumber": "L1CHBV231"}})
    assert (bare.id, bare.cohort.id, bare.cohort.idnumber) == (14, 2, "L1CHBV231")
    assert (bare.role_id, bare.group_id, bare.enabled) == (0, 0, True)
    named = SyncInstance.from_answer({"id": 15, "groupid": 0, "group": {"name": "none."}})
    assert named.group == ""  # the plugin's placeholder group of "no group" is not a name


def test_an_instance_list_keeps_only_enrol_items() -> None:
    enrol = {"object": "enrol", "id": 13, "cohortid": 1, "roleid": 5, "status": 1}
    answer = ok({"status": True, "data": [{"object": "group", "id": 0}, "x", enrol]})
    client, _ = client_with(Scripted(answer))
    (instance,) = get_instances(client, THERMO)
    assert (instance.id, instance.enabled) == (13, False)


@pytest.mark.parametrize("data", [[], {"status": True}, {"data": {}}], ids=str)
def test_an_answer_without_an_instance_list_is_unreadable(data: object) -> None:
    client, _ = client_with(Scripted(ok(data)))
    with pytest.raises(errors.UnreadableAnswer) as caught:
        get_instances(client, THERMO)
    assert caught.value.message == f"{GET_INSTANCES} did not return an instance list"


@pytest.mark.parametrize("answer", [{"id": "40"}, {}, [40], None], ids=str)
@pytest.mark.parametrize("function", [ADD_INSTANCE, UPDATE_INSTANCE, DELETE_INSTANCE])
def test_a_write_answer_without_an_instance_id_names_the_call(
    answer: object, function: str
) -> None:
    client, _ = client_with(Scripted(ok(answer)))
    with pytest.raises(errors.UnreadableAnswer) as caught:
        if function == ADD_INSTANCE:
            add_instance(client, THERMO, L1CHIM, 5, 0)
        elif function == UPDATE_INSTANCE:
            update_instance(client, 40, status=1)
        else:
            delete_instance(client, 40)
    assert caught.value.message == f"{function} did not return an instance id"


def test_add_returns_the_new_instance_id() -> None:
    transport = Scripted(ok({"id": 40}))
    client, _ = client_with(transport)
    assert add_instance(client, THERMO, L1CHIM, 5, -1) == 40
    assert transport.functions == [ADD_INSTANCE]


@pytest.mark.parametrize(("who", "available"), [("admin", True), ("coreonly", False)])
def test_the_plugin_is_available_when_the_service_has_its_functions(
    who: str, available: bool
) -> None:
    with sim_client(who=who) as (moodle, _):
        assert plugin_available(moodle) is available


def test_an_instance_whose_group_moodle_does_not_describe_keeps_its_id_only() -> None:
    """Group 3 without a readable group object: its id, no made-up name, no crash."""
    for group in (None, "?", {}, {"name": ""}):
        instance = SyncInstance.from_answer({"id": 16, "groupid": 3, "group": group})
        assert (instance.group_id, instance.group, instance.cohort.id) == (3, "", 0)


@pytest.mark.parametrize(
    ("field", "what"),
    [
        ("id", "an instance id"),
        ("groupid", "a group id"),
        ("roleid", "a role id"),
        ("status", "a status"),
    ],
)
def test_a_number_moodle_sends_as_text_is_named_by_what_it_is(field: str, what: str) -> None:
    item: dict[str, object] = {"id": 17, field: "x7"}
    with pytest.raises(errors.UnreadableAnswer) as caught:
        SyncInstance.from_answer(item)
    assert caught.value.message == f"Moodle sent 'x7' where {what} should be a number"
