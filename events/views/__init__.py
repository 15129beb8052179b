"""The events' pages: thin views that parse, check permission, call a service or a
selector, and render."""
