"""Demo minutes: this year's held meetings get minutes written from their agendas.

Everything goes through the minutes services, as a secretary and the approvers would do it
in the working pages: the draft is started from the agenda, each item is written, the
minutes are sent for approval by the charter's rule and approved by the approvers' own
logins, so the charter decides what is justerat, frozen and published. Actions from earlier
minutes are followed up in later ones (some done, some continuing).

A few bodies show the other states of the workflow on their latest meeting: a draft, minutes
waiting for one approver (a reminder is due), minutes returned with a comment, approved
minutes held from publication by a personnummer; one body's first minutes are corrected by
an approved addendum, and one held number is masked so the public version shows the mask.

The services stamp everything with the time they run. So that the pages tell a true story
(approved a few days after the meeting, not all on the day the demo was loaded), the demo
then moves those timestamps back to days after each meeting; no content is touched, so every
approved text still verifies against its SHA-256.

Only the demo's own bodies get minutes, and each only once (`structure.demo.demo_mark`):
loading the demo twice changes nothing, and a meeting users held is never written for.
"""

from samverkan.minutes.demo.load import DemoReport, demo_minutes
from samverkan.minutes.demo.plans import HELD_NUMBER, MASKED_NUMBER

__all__ = ["HELD_NUMBER", "MASKED_NUMBER", "DemoReport", "demo_minutes"]
