from django import template

from partnerships.access import ROLE_PERMISSIONS, Perm, roles_by_partnership

register = template.Library()


@register.simple_tag
def can_view_reporting(user) -> bool:
    """Whether the user holds a role with reporting access anywhere (no extra query per request)."""
    return any(
        Perm.REPORTING_VIEW in ROLE_PERMISSIONS.get(role, ())
        for roles in roles_by_partnership(user).values() for role in roles
    )


@register.filter
def get_item(mapping, key):
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None
