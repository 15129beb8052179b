"""The working groups' pages, one module per part (groups, meetings, minutes, actions,
documents), each thin: parse, check permission, call a service or selector, render."""
