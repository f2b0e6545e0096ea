"""The actions on cases, recommendations and assignments: one typed function per action,
keyword-only, with the acting user as `by=`. Each checks the rules, does the change and
writes an audit row. Import from the module that owns the action:

- `cases.py`: raising, preparing, putting on an agenda, lifting, answering, closing a case,
  and the step outcomes approved minutes record;
- `recommendations.py`: recommendations from approved minutes, the principals they concern,
  routing them, the principals' decisions and their decision bodies;
- `assignments.py`: assignments, their report-backs, and working groups.
"""
