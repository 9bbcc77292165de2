#!/usr/bin/env bash
# The window's file dialog through the real XDG desktop portal (xdg-desktop-portal, started on
# demand as on a desktop), with a backend that answers for the teacher (scripts/lib/test-portal.py)
# in place of KDE's or GNOME's dialog; and GTK's dialog where no portal offers a file chooser.
# GTK's dialog is shown in a virtual X screen and answered as a teacher would, by typing the
# file's path. Each case runs in a D-Bus session of its own. Needs: dbus, xdg-desktop-portal,
# python3-dbus, python3-gi, xvfb, x11-utils, xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/private-bus.sh
. scripts/lib/xvfb.sh

tests=ui::picker::tests
run_test() { cargo test --locked --lib "$tests::$1" -- --ignored --exact; }
export -f run_test
export tests
cargo test --locked --lib --no-run
xvfb_start "${PORTAL_TESTS_DISPLAY:-:97}"
work=$workdir

# session NAME PORTALS COMMANDS: a session bus that can start the portal, which finds its
# backends in PORTALS (xdg-desktop-portal, src/portal-impl.c, `load_installed_portals`), and the
# test backend.
session() {
    local name=$1 portals=$2
    shift 2
    local home=$work/$name
    mkdir -p "$home/answers"
    private_bus_config "$home/session.conf" "$home/run" "$home/services"
    dbus_service "$home/services/org.freedesktop.portal.Desktop.service" \
        org.freedesktop.portal.Desktop /usr/libexec/xdg-desktop-portal
    dbus_service "$home/services/org.freedesktop.impl.portal.PveHaWizardTest.service" \
        org.freedesktop.impl.portal.PveHaWizardTest "/usr/bin/python3 $(realpath scripts/lib/test-portal.py)"
    XDG_DESKTOP_PORTAL_DIR=$portals XDG_CURRENT_DESKTOP=pve-ha-wizard-test \
        PORTAL_TEST_DIR=$home/answers XDG_RUNTIME_DIR=$home/run \
        dbus-run-session --config-file="$home/session.conf" -- bash -ec "$*"
}

echo "file dialog: the portal's, the chosen file given back"
mkdir -p "$work/portals"
cat > "$work/portals/pve-ha-wizard-test.portal" <<PORTAL
[portal]
DBusName=org.freedesktop.impl.portal.PveHaWizardTest
Interfaces=org.freedesktop.impl.portal.FileChooser;
UseIn=pve-ha-wizard-test
PORTAL
session portal "$work/portals" \
    "run_test the_portal_shows_its_dialog_and_gives_the_chosen_file
     run_test a_portal_dialog_closed_without_a_file_gives_none"

# A portal with no file chooser backend (xdg-desktop-portal alone, as Debian installs it without
# its Recommends) exports no FileChooser: GTK's dialog is used.
echo "file dialog: GTK's, where the portal has no file chooser"
mkdir -p "$work/no-backends"
session no-backend "$work/no-backends" "run_test without_a_portal_file_chooser_the_gtk_dialog_is_used"

echo "file dialog: GTK's, where no portal runs"
private_bus_config "$work/bare/session.conf" "$work/bare/run" "$work/bare/services"
XDG_RUNTIME_DIR=$work/bare/run dbus-run-session --config-file="$work/bare/session.conf" -- \
    bash -ec "run_test without_a_portal_file_chooser_the_gtk_dialog_is_used"

echo "file dialog: GTK's, where there is no session bus"
mkdir -m 700 "$work/no-bus"
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$work/no-bus" \
    bash -ec "run_test without_a_portal_file_chooser_the_gtk_dialog_is_used"
# answer_gtk TITLE PATH: types PATH into GTK's file dialog titled TITLE until the dialog takes it
# (keys typed while it still loads its folder are lost, so it is typed again).
answer_gtk() {
    local title=$1 path=$2 id
    id=$(timeout 60 xdotool search --sync --onlyvisible --name "^$title\$" | head -1)
    [ -n "$id" ] || return 1
    for _ in $(seq 20); do
        xdotool windowfocus --sync "$id" 2>/dev/null || return 0
        # Ctrl+L opens the location field with its text selected; the typed path replaces it.
        xdotool key ctrl+l
        xdotool type --delay 10 "$path"
        xdotool key Return
        for _ in $(seq 20); do
            xdotool search --onlyvisible --name "^$title\$" >/dev/null 2>&1 || return 0
            sleep 0.1
        done
    done
    return 1
}

echo "file dialog: GTK's, shown and answered, where no portal offers one"
mkdir -p "$work/Baixades del 3"
pick="$work/Baixades del 3/debian-12.iso"
touch "$pick"
export DISPLAY=$display
answer_gtk "Trieu una imatge ISO" "$pick" &
answering=$!
pids+=("$answering")
timeout 120 env -u DBUS_SESSION_BUS_ADDRESS GTK_TEST_PICK="$pick" \
    bash -ec "run_test the_gtk_dialog_shows_where_no_portal_offers_one"
wait "$answering"
echo "portal tests passed"
