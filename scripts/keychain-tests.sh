#!/usr/bin/env bash
# The window's keychain against a real Secret Service (gnome-keyring), and its fallback to memory
# when none is usable: each case in a D-Bus session of its own, so the user's keychain is never
# touched. Needs: dbus (dbus-run-session), gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

usable=ui::vault::tests::keychain_keeps_a_password_between_runs_and_forgets_it
unusable=ui::vault::tests::unusable_keychain_falls_back_to_memory_on_the_first_failure
run_test() { cargo test --locked --lib "$1" -- --ignored --exact; }

echo "keychain: an unlocked keyring keeps the password"
dbus-run-session -- bash -c "printf 'keyring-test' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null; $(declare -f run_test); run_test $usable"

# A keyring started with an empty password has no default collection: every write fails.
echo "keychain: a keyring with no unlocked collection means memory only"
dbus-run-session -- bash -c "printf '' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null; $(declare -f run_test); run_test $unusable"

echo "keychain: no session bus means memory only"
runtime_dir=$(mktemp -d)
trap 'rm -rf "$runtime_dir"' EXIT
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$runtime_dir" bash -c "$(declare -f run_test); run_test $unusable"
