from django import template

from matching.access import matching_perms

register = template.Library()


@register.filter
def matching_perms_of(area, user):
    """The user's matching permissions in a work area (from the per-request cache)."""
    return matching_perms(user, area)
