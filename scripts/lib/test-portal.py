#!/usr/bin/python3
# A file chooser backend for xdg-desktop-portal that shows no dialog, for the portal tests only,
# as xdg-desktop-portal's own tests have a backend of their own (tests/backend/). The portal
# calls it for each OpenFile (org.freedesktop.impl.portal.FileChooser.xml); it writes what it was
# asked to $PORTAL_TEST_DIR/asked.json and answers with $PORTAL_TEST_DIR/answer.json, which the
# test writes first: {"response": 0, "uris": ["file:///…"]}.
import json
import os

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

NAME = "org.freedesktop.impl.portal.PveHaWizardTest"
PATH = "/org/freedesktop/portal/desktop"
FILE_CHOOSER = "org.freedesktop.impl.portal.FileChooser"
directory = os.environ["PORTAL_TEST_DIR"]


def plain(value):
    """A D-Bus value as JSON has it (dbus.Boolean is an int to json)."""
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.Array, dbus.Struct, list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dbus.Dictionary):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (dbus.ObjectPath, dbus.String)):
        return str(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.Int32, dbus.Int64, dbus.UInt16, dbus.UInt32, dbus.UInt64)):
        return int(value)
    return value


class FileChooser(dbus.service.Object):
    @dbus.service.method(FILE_CHOOSER, in_signature="osssa{sv}", out_signature="ua{sv}")
    def OpenFile(self, handle, app_id, parent_window, title, options):
        asked = {
            "handle": str(handle),
            "app_id": str(app_id),
            "parent_window": str(parent_window),
            "title": str(title),
            "options": plain(options),
        }
        with open(os.path.join(directory, "asked.json.part"), "w") as file:
            json.dump(asked, file)
        os.rename(os.path.join(directory, "asked.json.part"), os.path.join(directory, "asked.json"))
        with open(os.path.join(directory, "answer.json")) as file:
            answer = json.load(file)
        results = dbus.Dictionary({}, signature="sv")
        if "uris" in answer:
            results["uris"] = dbus.Array(answer["uris"], signature="s")
        return dbus.UInt32(answer["response"]), results


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName(NAME, bus)
FileChooser(bus, PATH)
GLib.MainLoop().run()
