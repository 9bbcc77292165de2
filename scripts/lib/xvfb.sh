# Sourced by the scripts that run the window under Xvfb (gui-smoke, screenshots, bench-gui).
#
#   xvfb_start DISPLAY      a virtual screen of 1280x800 on DISPLAY; sets `workdir` (removed on
#                           exit, with every process in `pids`) and `app_env`: a throw-away home
#                           and no session bus, so the window neither reads nor writes the user's
#                           profile or keychain.
#   wait_for_window SECONDS whether the app's window is on the screen within SECONDS.

xvfb_start() {
    display=$1
    workdir=$(mktemp -d)
    pids=()
    trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$workdir"' EXIT
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$workdir/xvfb.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        xdpyinfo -display "$display" >/dev/null 2>&1 && break
        sleep 0.1
    done
    app_env=(env -u DBUS_SESSION_BUS_ADDRESS HOME="$workdir" XDG_CONFIG_HOME="$workdir/config"
        DISPLAY="$display" WAYLAND_DISPLAY=)
}

wait_for_window() {
    DISPLAY="$display" timeout "$1" xdotool search --sync --onlyvisible --name '^pve-ha-wizard$' >/dev/null
}
