from .access import roles_by_partnership


def navigation(request):
    """What the navigation bar needs: whether the user has any partnership role.

    Lazy, so pages that do not render the navigation pay nothing."""
    user = getattr(request, "user", None)

    def has_partnership_role():
        return bool(user is not None and roles_by_partnership(user))

    return {"nav_has_partnership_role": has_partnership_role}
