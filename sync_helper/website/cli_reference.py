"""The ``sync-helper`` reference page, rendered from the live click command tree.

Generated at build time, so the page lists exactly the commands and options the installed code
has: a command or option added, renamed or removed changes the page with it. Help texts stay
in English (the CLI's language); only the few labels around them follow the page's language.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

import click

PROG_NAME = "sync-helper"


@dataclass(frozen=True)
class Labels:
    """The words the reference writes around the CLI's own (English) texts."""

    usage: str
    arguments: str
    options: str
    option: str
    description: str
    commands: str


LABELS = {
    "fr": Labels("Syntaxe", "Arguments", "Options", "Option", "Description", "Sous-commandes"),
    "en": Labels("Usage", "Arguments", "Options", "Option", "Description", "Subcommands"),
}


@dataclass(frozen=True)
class CommandEntry:
    """One command of the tree with the context click needs to describe it."""

    path: tuple[str, ...]
    command: click.Command
    context: click.Context

    @property
    def name(self) -> str:
        """``sync-helper cohorts search``."""
        return " ".join(self.path)

    @property
    def anchor(self) -> str:
        """Stable heading id: ``sync-helper-cohorts-search``."""
        return "-".join(self.path)


def walk_commands(root: click.Command, prog_name: str = PROG_NAME) -> Iterator[CommandEntry]:
    """Every visible command, depth first, subcommands in name order."""

    def visit(command: click.Command, path: tuple[str, ...], parent: click.Context | None):
        context = click.Context(
            command, info_name=path[-1], parent=parent, **command.context_settings
        )
        yield CommandEntry(path, command, context)
        if isinstance(command, click.Group):
            for name in sorted(command.list_commands(context)):
                child = command.get_command(context, name)
                if child is not None and not child.hidden:
                    yield from visit(child, (*path, name), context)

    yield from visit(root, (prog_name,), None)


def visible_options(entry: CommandEntry) -> list[click.Option]:
    """The options ``--help`` shows for this command (hidden ones left out)."""
    return [
        param
        for param in entry.command.get_params(entry.context)
        if isinstance(param, click.Option) and param.get_help_record(entry.context) is not None
    ]


def _help_html(text: str) -> str:
    """Click help text as HTML: paragraphs, and ``\\b`` blocks kept as preformatted lines."""
    parts = []
    for block in inspect.cleandoc(text).split("\f")[0].split("\n\n"):
        if block.startswith("\b\n"):
            parts.append(
                f'<pre class="cli-reference-example"><code>{escape(block[2:])}</code></pre>'
            )
        elif block.strip():
            parts.append(f"<p>{escape(' '.join(block.split()))}</p>")
    return "\n".join(parts)


def _arguments_html(entry: CommandEntry, labels: Labels) -> str:
    names = [
        param.make_metavar(entry.context)
        for param in entry.command.get_params(entry.context)
        if isinstance(param, click.Argument)
    ]
    if not names:
        return ""
    items = "".join(f"<li><code>{escape(name)}</code></li>" for name in names)
    return f"<p><strong>{labels.arguments}</strong></p><ul>{items}</ul>"


def _options_html(entry: CommandEntry, labels: Labels) -> str:
    rows = []
    for option in visible_options(entry):
        flags, description = option.get_help_record(entry.context)
        rows.append(f"<tr><td><code>{escape(flags)}</code></td><td>{escape(description)}</td></tr>")
    return (
        f"<p><strong>{labels.options}</strong></p>"
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>'
        f'<thead><tr><th scope="col">{labels.option}</th>'
        f'<th scope="col">{labels.description}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def _subcommands_html(entry: CommandEntry, children: list[CommandEntry], labels: Labels) -> str:
    if not children:
        return ""
    items = "".join(
        f'<li><a href="#{child.anchor}"><code>{escape(child.name)}</code></a> — '
        f"{escape(child.command.get_short_help_str(limit=200))}</li>"
        for child in children
    )
    return f"<p><strong>{labels.commands}</strong></p><ul>{items}</ul>"


def _section(entry: CommandEntry, children: list[CommandEntry], labels: Labels) -> str:
    depth = min(len(entry.path) + 1, 6)
    usage = " ".join([entry.name, *entry.command.collect_usage_pieces(entry.context)])
    body = [
        _help_html(entry.command.help or ""),
        f"<p><strong>{labels.usage}</strong></p>",
        f'<pre class="cli-reference-usage"><code>{escape(usage)}</code></pre>',
        _arguments_html(entry, labels),
        _options_html(entry, labels),
        _subcommands_html(entry, children, labels),
        _help_html(entry.command.epilog or ""),
    ]
    heading = f"{'#' * depth} `{entry.name}` {{ #{entry.anchor} }}"
    return heading + "\n\n" + "\n".join(part for part in body if part) + "\n"


def render_reference(root: click.Command, language: str) -> str:
    """Markdown (headings, for the table of contents) with HTML bodies, escaped."""
    labels = LABELS.get(language, LABELS["en"])
    entries = list(walk_commands(root))
    sections = []
    for entry in entries:
        children = [e for e in entries if e.path[:-1] == entry.path]
        sections.append(_section(entry, children, labels))
    return "\n".join(sections)
