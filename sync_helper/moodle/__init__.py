"""The Moodle side: a web-service client and the cohort-sync operations built on it.

Modules, each with one concern:

* ``errors`` — the exception tree (read its docstring first);
* ``secret``, ``settings``, ``config_sources`` — the token wrapper and client configuration;
* ``wire``, ``transport``, ``client`` — parameter encoding and answer checking, HTTP, calls;
* ``courses``, ``cohorts``, ``groups``, ``instances`` — the Moodle objects the operations use;
* ``site_check``, ``enrolments``, ``fallback`` — the operations behind ``check``, ``status``,
  ``sync``/``unsync`` (plans), and the manual path when local_ws_enrolcohort is missing;
* ``reconcile`` — applying plans with per-cohort results, healing lost or unreadable write
  answers (``sync_cohorts``, ``unsync_cohorts``, ``apply_plan``).
"""

from sync_helper.moodle.client import MoodleClient, SiteInfo
from sync_helper.moodle.config_sources import load_settings
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy, Timeouts

__all__ = [
    "ClientSettings",
    "MoodleClient",
    "RetryPolicy",
    "Secret",
    "SiteInfo",
    "Timeouts",
    "load_settings",
]
