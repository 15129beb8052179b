"""Template filters over steering/display.py: times with their zone, stored values in words."""

from django import template

from steering import display

register = template.Library()

register.filter("moment", display.moment)
register.filter("day", display.day)
register.filter("status_label", display.status_label)
register.filter("role_label", display.role_label)
register.filter("outcome_label", display.outcome_label)
register.filter("choice_label", display.choice_label)
