"""A loopback Moodle web-service simulator, faithful to recorded Moodle 4.2.3 answers.

Used by the tests and by ``sync-helper sim``; see :class:`SimServer` and :mod:`.scenario`.
"""

from sync_helper.sim.server import SimServer

__all__ = ["SimServer"]
