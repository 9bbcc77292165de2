#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Convert pve-ha-manager's regression scenarios (src/test/test-*/) into the
fixtures replayed by tests/ha_regression.rs.

Reads straight from a git directory (no work tree needed) and writes one JSON
file per scenario into tests/ha-regression/: every input file's raw content
plus the state-change transitions of log.expect (time, logger, message).

usage: convert-ha-tests.py GIT_DIR [COMMIT]

GIT_DIR is a clone of pve-ha-manager (its .git directory, or a bare clone);
COMMIT defaults to HEAD.
"""
import json
import os
import re
import subprocess
import sys

INPUT_FILES = [
    "README", "cmdlist", "hardware_status", "manager_status", "service_config",
    "groups", "rules_config", "datacenter.cfg", "static_service_stats",
    "dynamic_service_stats", "fence.cfg",
]
LINE_RE = re.compile(r"^(\S+)\s+(\d+)\s+(\S+): (.*)$")
SERVICE_RE = re.compile(r"^service '[^']+': state changed from '[^']+' to '[^']+'")
NODE_RE = re.compile(r"^node '[^']+': state changed from '[^']+' => '[^']+'")


README = """# pve-ha-manager regression scenarios

These {count} fixtures (`test-*.json`) are Proxmox's own HA regression suite,
`src/test/test-*/` of pve-ha-manager (https://git.proxmox.com/?p=pve-ha-manager.git,
mirror https://github.com/proxmox/pve-ha-manager), commit `{commit}`
({version}). They are licensed AGPL-3.0-or-later,
Copyright (C) Proxmox Server Solutions GmbH.

Each file holds one scenario: `files` has the raw input files (`cmdlist`,
`hardware_status`, `manager_status`, `service_config`, and where present `groups`,
`rules_config`, `datacenter.cfg`, `static_service_stats`, `dynamic_service_stats`,
`README`); `expected` has the service and node state changes of `log.expect`, each with
its time and logger.

`tests/ha_regression.rs` replays them on `pve_ha_wizard::ha` (`cargo test --test
ha_regression`) and fails if fewer than `FLOOR` scenarios match.

## Refresh from a newer pve-ha-manager

    git clone --bare https://github.com/proxmox/pve-ha-manager /tmp/pve-ha-manager.git
    python3 scripts/convert-ha-tests.py /tmp/pve-ha-manager.git [COMMIT]

(the commit defaults to `HEAD`). Then run `cargo test --test ha_regression`, read
`target/ha-regression.txt`, and set `FLOOR` to the figure reached.
"""


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True).stdout


def package_version(git_dir, commit):
    try:
        first = git(git_dir, "show", f"{commit}:debian/changelog").decode().split("\n", 1)[0]
        return first.split(" ", 2)[0] + " " + first.split(" ", 2)[1].strip("()")
    except (subprocess.CalledProcessError, IndexError):
        return "version unknown"


def transitions(log_text):
    out = []
    for line in log_text.splitlines():
        m = LINE_RE.match(line)
        if not m:
            continue
        _level, time, logger, msg = m.groups()
        msg = msg.rstrip()
        if SERVICE_RE.match(msg) or NODE_RE.match(msg):
            out.append({"time": int(time), "logger": logger, "msg": msg})
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    git_dir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    commit = git(git_dir, "rev-parse", commit).decode().strip()
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(os.path.dirname(here), "tests", "ha-regression")
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        if old.startswith("test-") and old.endswith(".json"):
            os.remove(os.path.join(out_dir, old))

    names = git(git_dir, "ls-tree", "-r", "--name-only", commit, "src/test/").decode().split("\n")
    by_test = {}
    for path in names:
        parts = path.split("/")
        if len(parts) == 4 and parts[2].startswith("test-"):
            by_test.setdefault(parts[2], []).append(parts[3])

    count = 0
    for test in sorted(by_test):
        files = by_test[test]
        if "log.expect" not in files or "cmdlist" not in files:
            print(f"skipped {test}: no log.expect or cmdlist", file=sys.stderr)
            continue
        fixture = {"name": test, "files": {}}
        for f in INPUT_FILES:
            if f in files:
                fixture["files"][f] = git(git_dir, "show", f"{commit}:src/test/{test}/{f}").decode()
        log = git(git_dir, "show", f"{commit}:src/test/{test}/log.expect").decode()
        fixture["expected"] = transitions(log)
        with open(os.path.join(out_dir, test + ".json"), "w") as fh:
            json.dump(fixture, fh, indent=1, sort_keys=False)
            fh.write("\n")
        count += 1

    stale = os.path.join(out_dir, "SOURCE")
    if os.path.exists(stale):
        os.remove(stale)
    with open(os.path.join(out_dir, "README.md"), "w") as fh:
        fh.write(README.format(commit=commit, count=count, version=package_version(git_dir, commit)))
    print(f"wrote {count} scenarios from {commit} into {out_dir}")


if __name__ == "__main__":
    main()
