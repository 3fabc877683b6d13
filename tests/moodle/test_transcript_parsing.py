"""Every body a real Moodle 4.2.3 sent (every transcript file) through the client's parser."""

from __future__ import annotations

import json

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import SiteInfo
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.instances import SyncInstance
from sync_helper.moodle.wire import RawAnswer, parse_answer
from tests.transcripts import Record, body_of, records

#: What each Moodle errorcode seen in the transcripts must become.
EXPECTED_ERRORS: dict[str, type[errors.MoodleError]] = {
    "invalidtoken": errors.InvalidToken,
    "accessexception": errors.AccessDenied,
    "invalidrecord": errors.RecordNotFound,
    "invalidparameter": errors.InvalidParameter,
    "codingerror": errors.MoodleRefused,
    "nopermissions": errors.PermissionDenied,
    "enrolcohortalreadysyncedwithrole": errors.AlreadySynced,
    "unavailableatcontext": errors.CohortNotAvailable,
    "objectnotfound": errors.RecordNotFound,
    "invalidcourse": errors.InvalidParameter,
    "invalidstatus": errors.MoodleRefused,
    "invalidlogin": errors.MoodleRefused,
    "servicenotavailable": errors.MoodleRefused,
    "invalidresponse": errors.InvalidResponse,
}
ALL = records()


def expected_outcome(record: Record) -> type[errors.MoodleError] | None:
    """The exception class the record must raise, or None for data."""
    if record.status == 403:
        return errors.WebServicesDisabled
    if record.body.lstrip().startswith("<"):
        return errors.UnreadableAnswer
    data = json.loads(record.body)
    if isinstance(data, dict) and "errorcode" in data:
        return EXPECTED_ERRORS[data["errorcode"]]
    return None


def test_every_file_is_covered() -> None:
    assert len(ALL) == 63 + 21 + 21


@pytest.mark.parametrize("record", ALL, ids=lambda r: f"{r.file[:22]}:{r.name}")
def test_record(record: Record) -> None:
    answer = RawAnswer(record.status, record.content_type, record.body.encode("utf-8"))
    expected = expected_outcome(record)
    if expected is None:
        assert parse_answer(answer, record.function) == json.loads(record.body)
        return
    with pytest.raises(errors.MoodleError) as caught:
        parse_answer(answer, record.function)
    assert type(caught.value) is expected
    assert caught.value.message
    assert "<TOKEN" not in caught.value.message


def parsed(name: str) -> object:
    return json.loads(body_of(name))


def test_site_info_functions_tell_plugin_from_core_only() -> None:
    admin = SiteInfo.from_answer(parsed("site_info_admin"))
    core = SiteInfo.from_answer(parsed("site_info_coreonly"))
    assert admin.release == "4.2.3 (Build: 20231009)"
    assert "local_ws_enrolcohort_add_instance" in admin.functions
    assert not any(name.startswith("local_ws_enrolcohort") for name in core.functions)
    assert SiteInfo.from_answer(parsed("site_info_teacher")).is_site_admin is False


def test_instances_are_read_with_cohort_role_group_and_status() -> None:
    data = parsed("plugin_get_instances")
    instances = [SyncInstance.from_answer(item) for item in data["data"]]
    first, second = instances[0], instances[1]
    assert (first.id, first.cohort.idnumber, first.role, first.group, first.enabled) == (
        13,
        "L1CHIM231",
        "student",
        "",
        True,
    )
    assert (second.group_id, second.group) == (2, "LICENCE 1 CHIMIE (BEAUVAIS) cohort")


def test_cohorts_and_courses_keep_names_literally() -> None:
    cohort = Cohort.from_answer(parsed("search_cohorts_by_label_accent")["cohorts"][0])
    assert cohort.name == 'Thermodynamique & cinétique <TD> "groupe A"'
    course = Course.from_answer(parsed("courses_by_id_after")["courses"][0])
    assert course.enrolment_methods.count("cohort") == 3
    assert (course.shortname, course.idnumber) == ("THERMO-L1", "RETHC01")
