"""The home page's "what needs me today": panels contributed by each app.

An app registers a function with ``@home_panel(order=…)``; it receives the
request and returns a ``Panel`` or ``None`` (nothing for this user). Each
panel function must run a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_registry: list[tuple[int, Callable[[HttpRequest], Panel | None]]] = []


def home_panel(order: int = 100):
    def register(func):
        _registry.append((order, func))
        _registry.sort(key=lambda item: item[0])
        return func

    return register


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = []
    for order, func in _registry:
        panel = func(request)
        if panel is not None:
            panel.order = order
            panels.append(panel)
    return panels
