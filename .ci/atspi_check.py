#!/usr/bin/python3
"""Reads Visitor Desk's window as a screen reader does: through AT-SPI (Debian's python3-pyatspi), the tree the
window publishes through AccessKit. Run by .ci/atspi.sh, inside a D-Bus session with the accessibility bus up and
the window signed in to its demo server on an X server whose window manager gives it the keyboard.

    atspi_check.py LANGUAGE [--tab-order 'A|B|…'] [--make-code TITLE] [--wait-call SECONDS]

Asserts: every focusable node has a name; with --tab-order, Tab reaches named stops only, those given in their
order; the codes table is a table whose rows name their code's digits; with
--make-code, a code made from the keyboard (Ctrl+N, the title, Enter) is announced politely with its digits and
title, and its row then names them; with --wait-call, a call at the door (the demo rings every minute or two) is
announced assertively. Prints what it read; exits 1 on the first broken promise.
"""

import argparse
import fnmatch
import re
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

# AT-SPI's politeness of an announcement (its detail1), as AccessKit sends it.
POLITE, ASSERTIVE = 1, 2
# A code's digits as the rows and announcements spell them: one by one.
SPELLED = re.compile(r"\d(?: \d){3,}")
TABLE_NAME = {"en": "Codes", "ru": "Коды"}

announcements = []
# The names of the nodes the keyboard's focus went to, in order.
focused = []


def fail(message):
    print(f"AT-SPI check failed: {message}", flush=True)
    sys.exit(1)


def pump(seconds):
    """Lets D-Bus signals in (the announcements) for a while."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.05)


def on_announcement(event):
    announcements.append((str(event.any_data), event.detail1))
    print(f"  announced (politeness {event.detail1}): {event.any_data}", flush=True)


def on_focus(event):
    if event.detail1 == 1:
        try:
            focused.append((event.source.getRoleName(), event.source.name or ""))
        except Exception:  # noqa: BLE001 (a node gone while read)
            pass


def nodes(root):
    """Every node under root, depth first (a node that went away meanwhile is skipped)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            stack.extend(node.getChildAtIndex(i) for i in reversed(range(node.childCount)))
        except Exception:  # noqa: BLE001 (a node gone while read)
            continue


def window(timeout):
    """The desk's application node, once it has published its window."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == "visitor-desk" and app.childCount > 0:
                return app
        pump(0.5)
    fail(f"no application named visitor-desk on the accessibility bus after {timeout} s")


def rows(app, language):
    """The names of the codes table's rows."""
    for node in nodes(app):
        if node.getRole() == pyatspi.ROLE_TABLE and node.name == TABLE_NAME[language]:
            return [row.name for row in nodes(node) if row.getRole() == pyatspi.ROLE_TABLE_ROW and row.name]
    return None


def wait_for_rows(app, language, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = rows(app, language)
        if found:
            return found
        pump(0.5)
    fail(f"no table named {TABLE_NAME[language]!r} with rows after {timeout} s (signed in? codes listed?)")


def check_names(app):
    focusable = 0
    unnamed = []
    for node in nodes(app):
        if node.getState().contains(pyatspi.STATE_FOCUSABLE):
            focusable += 1
            if not (node.name or "").strip():
                unnamed.append(f"{node.getRoleName()} under {node.parent.getRoleName()} {node.parent.name!r}")
    print(f"  {focusable} focusable nodes", flush=True)
    if focusable < 10:
        fail(f"only {focusable} focusable nodes: the tree is not the signed-in window's")
    if unnamed:
        fail("focusable nodes without a name: " + "; ".join(unnamed))


def check_rows(found):
    print(f"  {len(found)} rows, e.g. {found[0]!r}", flush=True)
    for name in found:
        if not SPELLED.search(name):
            fail(f"a row does not name its code's digits: {name!r}")


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=False, timeout=30)


def activate_window():
    window_id = subprocess.run(
        ["xdotool", "search", "--name", "^Visitor Desk$"], capture_output=True, text=True, timeout=30
    ).stdout.split()
    if not window_id:
        fail("no X window named Visitor Desk")
    xdotool("windowactivate", "--sync", window_id[0])


def tab_through(steps, expected):
    """Tab goes round the window: each stop it reaches is named, and those expected are reached in this order."""
    activate_window()
    focused.clear()
    for _ in range(steps):
        xdotool("key", "--clearmodifiers", "Tab")
        pump(0.15)
    pump(0.5)
    print(f"  Tab reached {len(focused)} stops: " + ", ".join(name for _, name in focused), flush=True)
    unnamed = [role for role, name in focused if not name.strip()]
    if unnamed:
        fail(f"Tab reached stops without a name: {unnamed}")
    names = [name for _, name in focused]
    at = 0
    for want in expected:
        found = next((i for i in range(at, len(names)) if fnmatch.fnmatchcase(names[i], want)), None)
        if found is None:
            fail(f"Tab did not reach {want!r} after {names[at - 1] if at else 'the start'!r}: {names}")
        at = found + 1


def make_code(app, language, title):
    activate_window()
    xdotool("key", "--clearmodifiers", "ctrl+n")
    pump(0.5)
    xdotool("type", "--delay", "60", title)
    xdotool("key", "--clearmodifiers", "Return")
    end = time.monotonic() + 20
    made = None
    while made is None and time.monotonic() < end:
        pump(0.5)
        made = next((a for a in announcements if title in a[0] and SPELLED.search(a[0])), None)
    if made is None:
        fail(f"no announcement of the code made for {title!r} within 20 s: {announcements}")
    text, politeness = made
    if politeness != POLITE:
        fail(f"the code made was announced with politeness {politeness}, not polite")
    digits = SPELLED.search(text).group(0)
    print(f"  the code made was announced: {text!r}", flush=True)
    end = time.monotonic() + 10
    while time.monotonic() < end:
        if any(digits in row and title in row for row in rows(app, language) or []):
            print(f"  and its row names {digits!r}", flush=True)
            return
        pump(0.5)
    fail(f"no row names the code made ({digits!r}, {title!r}): {rows(app, language)}")


def wait_call(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pump(0.5)
        call = next((a for a in announcements if a[1] == ASSERTIVE), None)
        if call is not None:
            print(f"  a call was announced at once: {call[0]!r}", flush=True)
            return
    fail(f"no assertive announcement (a call at the door) within {seconds} s: {announcements}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("language", choices=sorted(TABLE_NAME))
    parser.add_argument("--make-code")
    parser.add_argument("--wait-call", type=float)
    parser.add_argument("--tab-order", help="the stops Tab reaches in this order, separated by | (* as in a glob)")
    args = parser.parse_args()
    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")
    app = window(60)
    print(f"[{args.language}] the window is on the accessibility bus", flush=True)
    found = wait_for_rows(app, args.language, 60)
    check_names(app)
    check_rows(found)
    if args.tab_order:
        tab_through(60, args.tab_order.split("|"))
    if args.make_code:
        make_code(app, args.language, args.make_code)
    if args.wait_call:
        wait_call(args.wait_call)
    print(f"[{args.language}] AT-SPI check passed", flush=True)


if __name__ == "__main__":
    main()
