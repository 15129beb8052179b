from django import forms

from notifications.kinds import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice of delivery per registered kind, its label and description beside it."""

    def __init__(self, *args, deliveries: list[tuple[Kind, Delivery]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, delivery in deliveries:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Delivery.choices,
                initial=delivery,
                widget=forms.RadioSelect,
            )
