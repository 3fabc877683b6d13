"""The yearly rollover: plan and apply cohort-sync changes for many courses at once.

One module per concern:

* :mod:`.rules` — how last year's cohort codes map to next year's (table or catalog);
* :mod:`.planfile` — the plan file people write and review (YAML or CSV);
* :mod:`.lookups` — bulk reads of Moodle: courses, cohorts, instances, members, groups;
* :mod:`.diff` — per course, what to attach, update, disable, detach or keep;
* :mod:`.plan` — the whole plan, built from the file and the live site (no write);
* :mod:`.writes` — the write seam: one change, verified by a read when its answer is lost;
* :mod:`.journal` — what was done, so an interrupted run resumes where it stopped;
* :mod:`.engine` — applies the plan with bounded concurrency and reports every course;
* :mod:`.upload_csv` — the whole plan as one tool_uploadenrolmentmethods file (no plugin).
"""
