"""The ``quickscale`` command: ``init`` scaffolds a project, ``template`` prints the template folder.

argparse only, and Django is imported only when a project is rendered, so the
command starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO, TypeVar

from quickscale_cli import __version__, startmodule
from quickscale_cli.template import (
    DEFAULT_MODULES,
    DEFAULT_THEME,
    MODULES,
    TEMPLATE_DIR,
    THEME_REQUIRES,
    THEMES,
    Choices,
    build_themed_zip,
    django_admin_command,
    parse_modules,
    render,
    with_requirements,
)
from quickscale_cli.validation import UsageError, check_index, check_name, check_target, check_theme

T = TypeVar("T")


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``quickscale init: error: ... (see --help)``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> Parser:
    parser = Parser(
        prog="quickscale",
        description="Scaffold Django SaaS projects built on QuickScale modules.",
    )
    parser.add_argument("--version", action="version", version=f"quickscale {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    init = commands.add_parser(
        "init",
        help="create a new project",
        description="Create a Django project in ./NAME (or --directory). In a terminal, without "
        "--modules or --theme, it asks for them; otherwise it never asks.",
        epilog=f"Modules: {', '.join(MODULES)} (all but auth add auth). Themes: {', '.join(THEMES)}.",
    )
    init.add_argument("name", metavar="NAME", help="the project's Python package name, e.g. mysite")
    init.add_argument(
        "--modules",
        metavar="LIST",
        help=f"comma-separated modules from {','.join(MODULES)}, or none (default: {','.join(DEFAULT_MODULES)})",
    )
    init.add_argument("--theme", metavar="THEME", help=f"{' or '.join(THEMES)} (default: {DEFAULT_THEME})")
    init.add_argument(
        "--index",
        metavar="URL",
        help="your package index's simple URL: the project's pyproject.toml makes uv take QuickScale's packages "
        "from it alone, never from another index that carries the same names",
    )
    init.add_argument("--directory", metavar="DIR", help="create the project here instead of ./NAME")
    init.add_argument("--no-input", action="store_true", help="never ask: use the defaults for what is not given")
    init.set_defaults(handler=run_init)

    template = commands.add_parser(
        "template",
        help="print the path of the project template folder",
        description="Print the path of the bundled project template, for django-admin: "
        + django_admin_command()
        + ". With --theme htmx or react: a zip of the template with that theme's overlay applied "
        "(and, for react, the app for every module) written to --output.",
    )
    template.add_argument("--theme", metavar="THEME", help=f"{' or '.join(THEMES)} (default: {DEFAULT_THEME})")
    template.add_argument(
        "--output", metavar="ZIP", help="where to write the zip of a themed template (default: ./quickscale-THEME.zip)"
    )
    template.set_defaults(handler=run_template)
    startmodule.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except UsageError as error:
        print(f"quickscale {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"quickscale {args.command}: interrupted, nothing was written", file=sys.stderr)
        return 130


def run_template(args: argparse.Namespace) -> int:
    theme = args.theme or DEFAULT_THEME
    check_theme(theme)
    if theme == DEFAULT_THEME:
        print(TEMPLATE_DIR)
        return 0
    output = Path(args.output or f"quickscale-{theme}.zip").expanduser().resolve()
    try:
        build_themed_zip(output, theme)
    except OSError as error:
        print(f"quickscale template: error: could not write {output}: {error}", file=sys.stderr)
        return 1
    print(output)
    return 0


def run_init(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    name: str = args.name
    check_name(name)
    target = Path(args.directory or name).expanduser().resolve()
    check_target(target)
    if args.theme is not None:
        check_theme(args.theme)
    try:
        modules = parse_modules(args.modules) if args.modules is not None else None
    except ValueError as error:
        raise UsageError(str(error)) from None
    index = check_index(args.index) if args.index else ""

    asks = args.modules is None and args.theme is None and not args.no_input and stdin.isatty()
    if asks:
        modules = ask_modules(stdin)
        theme = ask_theme(stdin)
        if args.index is None:
            index = ask_index(stdin)
    else:
        theme = args.theme or DEFAULT_THEME
    modules = DEFAULT_MODULES if modules is None else modules
    missing = [module for module in THEME_REQUIRES.get(theme, ()) if module not in modules]
    if missing:
        raise UsageError(
            f"the {theme} theme needs the {missing[0]} module (it signs in through allauth's headless API): "
            f"add it to --modules, e.g. --modules {','.join(with_requirements([*modules, *missing]))}"
        )
    choices = Choices(modules=modules, theme=theme, index=index)

    try:
        render(name, target, choices)
    except OSError as error:
        print(f"quickscale init: error: could not write {target}: {error}; nothing was written", file=sys.stderr)
        return 1
    print_next_steps(name, target, choices)
    return 0


def ask(stdin: TextIO, question: str, parse: Callable[[str], T]) -> T:
    """Ask until ``parse`` accepts the answer (empty answer: the default, handled by ``parse``)."""
    while True:
        print(question, end="", flush=True)
        line = stdin.readline()
        if not line:
            raise UsageError("no answer (end of input): pass --modules and --theme, or --no-input")
        try:
            return parse(line.strip())
        except ValueError as error:
            print(f"  {error}")


def ask_modules(stdin: TextIO) -> tuple[str, ...]:
    default = ",".join(DEFAULT_MODULES)

    def parse(answer: str) -> tuple[str, ...]:
        return parse_modules(answer or default)

    return ask(stdin, f"Modules ({', '.join(MODULES)}, or none) [{default}]: ", parse)


def ask_theme(stdin: TextIO) -> str:
    def parse(answer: str) -> str:
        theme = answer.lower() or DEFAULT_THEME
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}: choose {' or '.join(THEMES)}")
        return theme

    return ask(stdin, f"Theme ({', '.join(THEMES)}) [{DEFAULT_THEME}]: ", parse)


def ask_index(stdin: TextIO) -> str:
    def parse(answer: str) -> str:
        try:
            return check_index(answer) if answer else ""
        except UsageError as error:
            raise ValueError(str(error)) from None

    return ask(stdin, "Your package index for QuickScale's packages (simple URL, empty for none) []: ", parse)


def print_next_steps(name: str, target: Path, choices: Choices) -> None:
    try:
        shown = target.relative_to(Path.cwd())
    except ValueError:
        shown = target
    modules = ", ".join(choices.modules) or "none"
    print(f"Created {name} in {shown} (modules: {modules}; theme: {choices.theme}).")
    print()
    print("Next steps:")
    print(f"  cd {shown}")
    print("  python -m venv .venv && . .venv/bin/activate")
    if choices.index:
        print("  export UV_INDEX_QUICKSCALE_USERNAME=... UV_INDEX_QUICKSCALE_PASSWORD=...   # if your index needs them")
        print('  uv pip install -e ".[dev]"   # QuickScale packages from your index only (see README.md)')
    else:
        print('  pip install -e ".[dev]"')
    if choices.theme == "react":
        print("  (cd frontend && npm ci && npm run build)   # the single-page app Django serves (see README.md)")
    print("  python manage.py migrate")
    if choices.modules:
        print("  python manage.py quickscale_demo   # optional demo data and login")
    print("  python manage.py runserver")
    print("Then run the tests with: pytest")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
