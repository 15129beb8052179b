"""A small element tree over the standard library's HTML parser, for asserting on structure
(which element holds which, in what order) where a substring would prove too little.

    page = parse(response.content.decode())
    page.find("input", id="id_name").parent_with(class_="field")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    name: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def __getitem__(self, key: str) -> str:
        return self.attrs[key]

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrs.get(key, default)

    @property
    def elements(self) -> list[Element]:
        """The child elements, in order (no text)."""
        return [child for child in self.children if isinstance(child, Element)]

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def matches(self, name: str | None, class_: str | None, attrs: dict[str, str]) -> bool:
        if name and self.name != name:
            return False
        if class_ and class_ not in (self.attrs.get("class") or "").split():
            return False
        return all(self.attrs.get(key) == value for key, value in attrs.items())

    def find_all(self, name: str | None = None, *, class_: str | None = None, **attrs: str):
        attrs = {key.replace("_", "-"): value for key, value in attrs.items()}
        found = []
        for child in self.elements:
            if child.matches(name, class_, attrs):
                found.append(child)
            found.extend(child.find_all(name, class_=class_, **attrs))
        return found

    def find(self, name: str | None = None, *, class_: str | None = None, **attrs: str):
        found = self.find_all(name, class_=class_, **attrs)
        return found[0] if found else None

    def parent_with(self, name: str | None = None, *, class_: str | None = None):
        node = self.parent
        while node is not None and not node.matches(name, class_, {}):
            node = node.parent
        return node

    def __str__(self) -> str:
        attrs = "".join(f' {key}="{value}"' for key, value in self.attrs.items())
        inner = "".join(str(child) for child in self.children)
        return f"<{self.name}{attrs}>{inner}</{self.name}>"


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {key: value or "" for key, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Element(tag, {key: value or "" for key, value in attrs}, parent=self.current)
        )

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.name != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        if data.strip():
            self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root
