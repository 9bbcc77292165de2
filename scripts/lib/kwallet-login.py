#!/usr/bin/python3
# Starts kwalletd5 as kwallet-pam's pam_kwallet_init does at login, so that the wallet is open
# without a dialog: the wallet's key on a pipe, the session's environment on a local socket, the
# two descriptors after --pam-login (KDE/kwallet src/runtime/kwalletd/main.cpp, checkPamModule).
# The daemon opens the wallet with that key, creating it on the first login (KWalletD::pamOpen).
# For the keychain tests only; the key comes from KWALLET_TEST_KEY.
import os
import socket
import sys
import tempfile

KEY_SIZE = 56  # PBKDF2_SHA512_KEYSIZE, kwallet's backend
DAEMON = "/usr/bin/kwalletd5"

key = os.environ.get("KWALLET_TEST_KEY", "").encode().ljust(KEY_SIZE, b"k")[:KEY_SIZE]
key_read, key_write = os.pipe()
path = os.path.join(tempfile.mkdtemp(), "kwallet.socket")
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(1)
os.set_inheritable(key_read, True)
os.set_inheritable(server.fileno(), True)

pid = os.fork()
if pid == 0:
    os.close(key_write)
    environment = dict(os.environ, PAM_KWALLET5_LOGIN=path)
    arguments = [DAEMON, "--pam-login", str(key_read), str(server.fileno())]
    os.execve(DAEMON, arguments, environment)

os.close(key_read)
os.write(key_write, key)
os.close(key_write)
# The environment: nothing to add, the daemon inherited it.
client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect(path)
client.close()
server.close()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
