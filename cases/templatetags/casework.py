from django import template
from django.utils.translation import gettext as _

from partnerships.access import Perm, has_perm, roles_by_partnership

register = template.Library()


def _any(user, perm) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return any(has_perm(user, pid, perm) for pid in roles_by_partnership(user))


@register.simple_tag
def can_view_cases(user) -> bool:
    """Whether ``user`` works on cases in any partnership (cached roles: no extra query)."""
    return _any(user, Perm.VIEW_CASES)


@register.simple_tag
def can_view_learning(user) -> bool:
    return _any(user, Perm.REPORTING_VIEW)


@register.filter
def minutes(value) -> str:
    """90 -> '1 u 30'; 45 -> '45 min'."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return ""
    if value < 60:
        return _("%(m)s min") % {"m": value}
    hours, rest = divmod(value, 60)
    if rest:
        return _("%(h)s u %(m)02d") % {"h": hours, "m": rest}
    return _("%(h)s u") % {"h": hours}
