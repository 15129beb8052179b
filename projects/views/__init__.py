"""The projects' pages, one module per part, each thin: parse, check permission, call a
service or selector, render."""
