"""Find what each installed app contributes in a module of a given name.

Like Django's admin and system checks: an app declares its periodic work in `tasks.py`
(a list `SCHEDULE`) and its charter rules in `findings.py`; the collectors ask every
installed app in `INSTALLED_APPS` order, so nothing central imports the apps.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[ModuleType]:
    """Each installed app's module `name` (such as "tasks"), in `INSTALLED_APPS` order."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, name):
            found.append(import_module(f"{config.name}.{name}"))
    return found
