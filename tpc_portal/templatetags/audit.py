"""{% load audit %}: an audit entry as sentences, and the stored times it holds in words.

{% audit_sentence entry %}      → "Ada Lovelace moved the case from Submitted to In review."
{{ after.closes_at|moment }}    → "15 Dec 2026, 12:00 UTC" (a stored ISO time, reader's zone)
{{ after.term_start|day }}      → "15 Dec 2026"
"""

from django import template

from tpc_portal import audit, timezones

register = template.Library()

register.simple_tag(audit.audit_sentence, name="audit_sentence")
register.filter("moment", timezones.moment)
register.filter("day", timezones.day)
