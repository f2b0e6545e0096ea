"""Demo cases, recommendations, assignments and working groups in every structure.

Loaded after the minutes demo (`make demo`): every new page has something true to show.
Cases handled in meetings already held are linked to the case items the meetings demo put
on their agendas, and what their approved minutes say is recorded by the real logic
(`steps_from_minutes`), so a case raised in a local group or a preparation committee is
resolved, recommended or lifted to the body above as the system would have recorded it.
The recommendations the minutes made are routed to each principal's decision body and some
principals have decided, older ones mostly, newer ones partly, the latest not routed yet.
Cases in the other states, assignments and working groups go through the services with
their own dates. Everything is dated to the day it happened, the audit trail too.

Only the demo's own structures get cases, each once (`structure.demo.demo_mark`), so
loading the demo twice changes nothing and a structure users created is never touched.
"""

from samverkan.cases.demo.load import DemoCasesReport, demo_cases

__all__ = ["DemoCasesReport", "demo_cases"]
