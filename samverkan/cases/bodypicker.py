"""The bounded body choice, kept here for the cases app's imports: it lives in
`samverkan/structure/bodypicker.py`, so that the follow-up apps (the deviations summary)
use it too."""

from samverkan.structure.bodypicker import (
    LIMIT,
    BodyChoice,
    body_choice,
    search_name,
    search_of,
)

__all__ = ["LIMIT", "BodyChoice", "body_choice", "search_name", "search_of"]
