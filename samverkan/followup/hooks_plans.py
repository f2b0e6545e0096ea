"""What the plans part registers with lower apps when Django starts."""


def ready() -> None:
    pass
