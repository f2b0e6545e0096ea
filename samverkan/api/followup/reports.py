"""TODO helper fills."""

from ninja import Router

router = Router(tags=["TODO"])
