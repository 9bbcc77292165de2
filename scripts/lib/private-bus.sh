# Sourced by the test scripts. private_bus_config FILE RUN SERVICES writes the configuration of a
# D-Bus session bus that listens in RUN and can start only the services described in SERVICES, so
# that a test meets no service of the machine's own sessions (run it with
# `dbus-run-session --config-file=FILE`).
private_bus_config() {
    local file=$1 run=$2 services=$3
    mkdir -p "$run" "$services"
    chmod 700 "$run"
    cat > "$file" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$run</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
}

# dbus_service FILE NAME EXEC describes a service the bus starts on demand.
dbus_service() {
    printf '[D-BUS Service]\nName=%s\nExec=%s\n' "$2" "$3" > "$1"
}
