from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import audit, selectors, services
from .access import Perm, get_for_user_or_404, perms_in, roles_by_partnership
from .dashboard import panels_for
from .forms import AuditFilterForm, MembershipForm, PartnershipForm, apply_service_errors
from .models import Membership, Partnership
from .web import paginate


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    return render(request, "partnerships/home.html", {"panels": panels_for(request)})


@login_required
def partnership_list(request):
    partnerships = selectors.partnerships_for_user(request.user)
    roles = roles_by_partnership(request.user)
    rows = [(p, sorted(roles.get(p.pk, ()))) for p in partnerships]
    return render(request, "partnerships/partnership_list.html", {"rows": rows})


@login_required
def partnership_detail(request, partnership):
    partnership = get_for_user_or_404(
        Partnership.objects.select_related("work_area", "pen_holder"), request.user, code=partnership
    )
    context = {
        "partnership": partnership,
        "perms": perms_in(request.user, partnership),
        "Perm": Perm,
        **selectors.partnership_detail(request.user, partnership),
    }
    return render(request, "partnerships/partnership_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request, partnership):
    partnership = get_for_user_or_404(Partnership, request.user, perm=Perm.EDIT_PARTNERSHIP, code=partnership)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(
                partnership=partnership, by=request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Het partnerschap is bijgewerkt."))
            return redirect("partnerships:detail", partnership=partnership.code)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership})


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request, partnership):
    partnership = get_for_user_or_404(Partnership, request.user, perm=Perm.EDIT_PARTNERSHIP, code=partnership)
    form = MembershipForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(
                partnership=partnership, user=form.cleaned_data["user"], role=form.cleaned_data["role"],
                fte=form.cleaned_data["fte"], by=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("De rol is toegekend."))
            return redirect("partnerships:detail", partnership=partnership.code)
    return render(request, "partnerships/membership_form.html", {"form": form, "partnership": partnership})


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request, partnership, membership_id):
    partnership = get_for_user_or_404(Partnership, request.user, perm=Perm.EDIT_PARTNERSHIP, code=partnership)
    membership = get_for_user_or_404(
        Membership.objects.select_related("user").filter(partnership=partnership), request.user, pk=membership_id
    )
    if request.method == "POST":
        try:
            services.membership_revoke(membership=membership, by=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Dat mag je niet doen."))
        else:
            messages.success(request, _("De rol is ingetrokken."))
        return redirect("partnerships:detail", partnership=partnership.code)
    return render(
        request, "partnerships/membership_confirm_delete.html", {"membership": membership, "partnership": partnership}
    )


@login_required
def audit_trail(request, partnership):
    partnership = get_for_user_or_404(Partnership, request.user, perm=Perm.VIEW_AUDIT, code=partnership)
    form = AuditFilterForm(request.GET or None)
    entries = audit.trail_for_partnership(partnership)
    if form.is_valid():
        if form.cleaned_data["action"] != "":
            entries = entries.filter(action=int(form.cleaned_data["action"]))
        if query := form.cleaned_data["q"]:
            entries = entries.filter(
                Q(object_repr__icontains=query)
                | Q(actor__first_name__icontains=query)
                | Q(actor__last_name__icontains=query)
                | Q(content_type__model__icontains=query)
            )
    page = paginate(request, entries, per_page=50)
    return render(
        request, "partnerships/audit_trail.html", {"partnership": partnership, "page": page, "form": form}
    )

