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


@register.simple_tag
def field_widget(field):
    """The field's widget, marked invalid and tied to its error message when it has errors."""
    if not field.errors:
        return field.as_widget()
    attrs = {"aria-invalid": "true", "aria-describedby": f"{field.id_for_label}-error"}
    css = field.field.widget.attrs.get("class", "")
    attrs["class"] = f"{css} is-invalid".strip()
    return field.as_widget(attrs=attrs)
