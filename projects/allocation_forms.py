"""Forms of machine time: they parse and show input; the services decide."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.allocation_display import amount_with_unit
from projects.allocation_selectors import periods_open, resources_listed
from projects.models import Allocation, AllocationRequest, Project

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
Kind = AllocationRequest.Kind


class ResourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.site.name} · {obj.name} ({obj.get_unit_display()})"


class AllocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return (
            f"{obj.resource.site.name} · {obj.resource.name}, {obj.period.name} "
            f"({amount_with_unit(obj.granted, obj.resource.unit)}, {obj.get_status_display()})"
        )


class AllocationRequestForm(forms.Form):
    """One form for the four kinds; each field says which kinds need it (`KINDS`), and the
    page shows only those of the chosen kind when scripts run."""

    # Which kinds each field is for (the others are shown for every kind).
    KINDS = {
        "resource": [Kind.NEW],
        "period": [Kind.NEW],
        "allocation": [Kind.SUPPLEMENT, Kind.EXTENSION, Kind.RENEWAL],
        "amount": [Kind.NEW, Kind.SUPPLEMENT, Kind.RENEWAL],
        "new_end": [Kind.EXTENSION],
    }

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "New time on a resource for a period; a supplement to an allocation while it "
            "runs; an extension of its end date (at most 6 months, asked within 90 days of "
            "the end); a renewal for the next period (asked within 30 days of the end)."
        ),
    )
    resource = ResourceChoiceField(
        label=_("Resource"),
        queryset=resources_listed(),
        required=False,
        help_text=_("For new time."),
    )
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=None,
        required=False,
        help_text=_("For new time: the periods taking requests now."),
    )
    allocation = AllocationChoiceField(
        label=_("Allocation"),
        queryset=Allocation.objects.none(),
        required=False,
        help_text=_("For a supplement, an extension or a renewal: the allocation it is about."),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        max_digits=16,
        decimal_places=3,
        help_text=_("In the resource's unit. For new time, a supplement or a renewal."),
    )
    new_end = forms.DateField(
        label=_("New end date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("For an extension."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the time is for, and how the amount was estimated."),
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods_open(timezone.now()).order_by("start")
        self.fields["allocation"].queryset = (
            Allocation.objects.filter(project=project)
            .select_related("resource__site", "period")
            .order_by("-start", "id")
        )

    def fields_with_kinds(self):
        """Each field with the kinds it is for, as the page marks them ("" for all)."""
        return [
            (field, " ".join(str(kind) for kind in self.KINDS.get(field.name, [])))
            for field in self.visible_fields()
        ]


class AllocationDecisionTerms(forms.Form):
    """What the committee's approval grants (steering shows it on the chair's decision
    form): the amount, at most the amount asked; empty grants the amount asked. An
    extension grants its new end date and carries no amount."""

    granted = forms.DecimalField(
        label=_("Amount granted"),
        required=False,
        max_digits=16,
        decimal_places=3,
        min_value=Decimal("0.001"),
    )

    def __init__(self, *args, subject: AllocationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        if subject.kind == Kind.EXTENSION:
            del self.fields["granted"]
            return
        self.fields["granted"].help_text = _(
            "If the committee approves: at most the %(asked)s asked. Leave it empty to grant "
            "all of it."
        ) % {"asked": amount_with_unit(subject.amount, subject.resource.unit)}

    def clean_granted(self):
        granted = self.cleaned_data.get("granted")
        if granted is not None and granted > self.subject.amount:
            raise forms.ValidationError(
                _("At most the amount asked, %(asked)s.")
                % {"asked": amount_with_unit(self.subject.amount, self.subject.resource.unit)}
            )
        return granted


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the allocation's history."),
    )
