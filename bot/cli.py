"""Command line: ``python -m bot check | ask | run | invite | doctor | backup``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from .answers import render_answer
from .catalogue import Catalogue, CatalogueError, load_catalogue
from .matcher import Matcher


def _load() -> Catalogue:
    from .config import Settings

    return load_catalogue(Settings.from_env().catalogue_dir)


def _matcher(catalogue: Catalogue) -> Matcher:
    """The matcher as the bot runs it: with the semantic layer unless SEMANTIC=off."""
    from .config import Settings
    from .semantic import configured_meaning

    return Matcher(catalogue, configured_meaning(catalogue, Settings.from_env()))


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the whole catalogue; print a one-line summary."""
    catalogue = _load()
    print(catalogue.summary_line())
    return 0


def _questions(args: argparse.Namespace) -> Iterable[str]:
    if args.question:
        yield from args.question
        return
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.strip():
            yield line


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer questions, readable or as JSON lines."""
    catalogue = _load()
    matcher = _matcher(catalogue)
    for question in _questions(args):
        answer = matcher.answer(question)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
            continue
        print(f"Q: {question}")
        if answer.known:
            post = catalogue.get(answer.role)
            print(f"Post:    {post.title} ({post.id}), confidence {answer.score:.0f}")
            if answer.duty:
                print(f"Duty:    {answer.duty.text}")
                print(f"Source:  {catalogue.source_title(answer.duty.source)}")
        else:
            print(f"Post:    (none: {answer.kind}; best score {answer.score:.0f})")
        print(f"Kind:    {answer.kind}")
        if answer.alternatives:
            print(f"Also:    {', '.join(answer.alternatives)}")
        print("Discord reply:")
        for line in render_answer(answer, catalogue).splitlines():
            print(f"  {line}")
        print()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Discord bot."""
    from .runner import run

    return run()


def cmd_invite(args: argparse.Namespace) -> int:
    """Print the invite link for an application id."""
    from .runner import invite_url

    print(invite_url(args.application_id))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check settings, data folder, database, catalogue and token; print a table."""
    from .doctor import doctor

    return doctor()


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database consistently, even while the bot runs."""
    from .backup import backup

    return backup(args.file)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="CLP officer onboarding bot"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the role catalogue").set_defaults(func=cmd_check)
    ask = sub.add_parser("ask", help="answer questions from the catalogue")
    ask.add_argument("question", nargs="*", help="questions (default: one per line on stdin)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.set_defaults(func=cmd_ask)
    sub.add_parser("run", help="start the Discord bot").set_defaults(func=cmd_run)
    invite = sub.add_parser("invite", help="print the invite link for the bot")
    invite.add_argument("application_id", help="the Discord application (client) id")
    invite.set_defaults(func=cmd_invite)
    doctor = sub.add_parser("doctor", help="check the settings, data folder, database and token")
    doctor.set_defaults(func=cmd_doctor)
    backup = sub.add_parser("backup", help="copy the database safely, even while the bot runs")
    backup.add_argument("file", help="the new file to write the copy to")
    backup.set_defaults(func=cmd_backup)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CatalogueError as exc:
        print(f"catalogue error: {exc}", file=sys.stderr)
        return 1
