#!/usr/bin/env bash
# The window's keychain against the real Secret Services, KDE Wallet (kwalletd5, as LliureX has it)
# and GNOME Keyring, and its fallback to memory when none is usable, saying why. Each case runs in
# a D-Bus session of its own, and KDE Wallet's cases in a home of their own, so the user's keychain
# is never touched. Needs: dbus (dbus-run-session), gnome-keyring, libkf5wallet-bin, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/private-bus.sh

tests=ui::vault::tests
# KDE Wallet's cases move HOME: cargo and rustup must still find themselves.
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
run_test() { cargo test --locked --lib "$1" -- --ignored --exact; }
# The connect page in the same session: what it says of the keychain ($1, a part of it).
run_window() { KEYCHAIN_EXPECT_TEXT=$1 cargo test --locked --test gui connect_page_says_why_the_keychain_is_not_used -- --ignored --exact; }
export -f run_test run_window
export tests
work=$(mktemp -d)
# A case that failed half-way leaves its kwalletd5 behind (it outlives its bus): ended here.
cleanup() {
    local pid
    for pid in $(pgrep -x kwalletd5); do
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "HOME=$work/.*"; then
            kill "$pid"
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT
cargo test --locked --lib --test gui --no-run

echo "keychain: GNOME Keyring, unlocked, keeps the password"
dbus-run-session -- bash -ec "printf 'keyring-test' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    run_test \$tests::keychain_keeps_a_password_between_runs_and_forgets_it"

# Started with an empty password, the login keyring stays locked, and its password prompt cannot
# be shown (no prompter on this bus): as a teacher who closed it unanswered.
echo "keychain: GNOME Keyring, locked, means memory only, said"
dbus-run-session -- bash -ec "printf '' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    KEYCHAIN_EXPECT=locked run_test \$tests::unusable_keychain_falls_back_to_memory_and_says_why"

echo "keychain: no session bus means memory only, said"
mkdir -m 700 "$work/no-bus"
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$work/no-bus" XDG_CONFIG_HOME="$work/no-bus" \
    KEYCHAIN_EXPECT=no-bus bash -ec "run_test \$tests::unusable_keychain_falls_back_to_memory_and_says_why
        run_window 'This session has no D-Bus session bus'"

# KDE Wallet: a session bus that knows only the services of $1 (no GNOME Keyring to activate
# instead), and a home of its own ($2), whose wallet lives in ~/.local/share/kwalletd.
kde_session() {
    local services=$1 home=$2
    shift 2
    private_bus_config "$home/session.conf" "$home/run" "$services"
    HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
        XDG_RUNTIME_DIR=$home/run QT_QPA_PLATFORM=offscreen \
        dbus-run-session --config-file="$home/session.conf" -- bash -ec "$*"
}
# KDE Wallet's D-Bus service, started as at a login with kwallet-pam (the wallet open), or bare.
kwallet_service() { dbus_service "$1" org.kde.kwalletd5 "$2"; }
# Stops the session's kwalletd5 and waits until its names are gone, as at a logout: the wallets
# closed first, which writes them (kwalletd writes a wallet on a timer or when closing it, and
# quits on SIGTERM without either).
stop_kwallet() {
    local pid
    dbus-send --session --print-reply --dest=org.kde.kwalletd5 /modules/kwalletd5 \
        org.kde.KWallet.closeAllWallets >/dev/null
    pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.kde.kwalletd5 | awk '{print $2}')
    kill "$pid"
    while dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true; do
        sleep 0.1
    done
}
# The wallet made at a first login, as kwallet-pam does: kwalletd5 builds its Secret Service
# collections before PAM's key creates the wallet (KWalletD::pamOpen announces no new wallet), so
# the wallet is there for the clients of the next login.
first_login() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.StartServiceByName string:org.kde.kwalletd5 uint32:0 >/dev/null
    until dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true; do
        sleep 0.1
    done
    stop_kwallet
}
export -f stop_kwallet first_login
login=$(realpath scripts/lib/kwallet-login.py)

echo "keychain: KDE Wallet, not running at first, started and kept across a restart"
mkdir -p "$work/kde/services"
kwallet_service "$work/kde/services/org.kde.kwalletd5.service" "/usr/bin/python3 $login"
kde_session "$work/kde/services" "$work/kde/home" \
    "first_login
     run_test \$tests::keychain_keeps_a_password_between_runs_and_forgets_it
     export KEYCHAIN_TEST_HOST=10.250.0.1
     run_test \$tests::keychain_stores_a_password_for_a_later_run
     stop_kwallet
     run_test \$tests::keychain_finds_the_password_of_an_earlier_run_and_forgets_it
     stop_kwallet"

echo "keychain: KDE Wallet with no wallet yet means memory only, said"
mkdir -p "$work/new/services"
kwallet_service "$work/new/services/org.kde.kwalletd5.service" /usr/bin/kwalletd5
kde_session "$work/new/services" "$work/new/home" \
    "KEYCHAIN_EXPECT=no-wallet-kwallet run_test \$tests::unusable_keychain_falls_back_to_memory_and_says_why
     run_window 'KDE Wallet has no wallet yet'
     stop_kwallet"

echo "keychain: no keychain at first, KDE Wallet installed later: tried anew and used"
mkdir -p "$work/late/services"
kwallet_service "$work/late/org.kde.kwalletd5.service" "/usr/bin/python3 $login"
kde_session "$work/late/services" "$work/kde/home" \
    "KEYCHAIN_LATE_SERVICE=$work/late/org.kde.kwalletd5.service KEYCHAIN_SERVICE_DIR=$work/late/services \
     run_test \$tests::a_keychain_missing_at_first_is_used_once_it_is_there
     stop_kwallet"
echo "keychain: every case passed"
