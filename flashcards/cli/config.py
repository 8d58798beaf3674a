"""`flashcards config`: show the settings, set one, or restore its default.

The settings and their rules are `application.settings`'; this shell parses the command line and
prints. A value is checked before it is stored, so a bad one is a one-line error and nothing changes.
"""

from __future__ import annotations

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command(context_settings={"ignore_unknown_options": True})  # `config new-per-day -1` is a value
@click.argument("name", required=False, metavar="[NAME]")
@click.argument("value", required=False, metavar="[VALUE]")
@click.option("--unset", is_flag=True, help="Restore NAME's default (VALUE 'default' does the same).")
@pass_app
def config(app: AppContext, name: str | None, value: str | None, unset: bool) -> None:
    """Show every setting, or set one: new-per-day, reviews-per-day, rollover-hour, timezone, editor.

    The daily budget (new-per-day, reviews-per-day) is shared by every deck; `decks set` caps one
    deck's share.

    \b
    Example:
        flashcards config
        flashcards config new-per-day 35
        flashcards config timezone Europe/Berlin
        flashcards config new-per-day --unset
    """
    from flashcards.ui.deck_changes import print_setting, print_settings

    collection = app.collection()
    if name is None:
        if unset or value is not None:
            raise click.ClickException("name the setting to change: flashcards config NAME VALUE")
        print_settings(collection.settings())
        return
    if unset and value is not None:
        raise click.ClickException(f"give {name} a VALUE or --unset, not both")
    if value is None and not unset:
        from flashcards.application.settings import spec_named

        spec = spec_named(name)
        shown = next(setting for setting in collection.settings() if setting.spec == spec)
        print_settings([shown])
        return
    restore = unset or (value is not None and value.strip().lower() == "default")
    app.writing()
    print_setting(collection.set_setting(name, None if restore else value))


COMMANDS = [config]
