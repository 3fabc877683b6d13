"""Find a formation's cohort code and keep Moodle cohort-sync enrolments in step."""

__version__ = "0.1.0"
