"""What every helper under scripts/testing shares: a loopback listener, then "ready PORT" on stdout
(TestSupport's BackgroundService waits for that line), and a life exactly as long as its parent's."""
import os
import signal
import socket
import sys
import time

# The tests start helpers with Foundation's Process, which passes on the spawning thread's signal mask,
# and Dispatch blocks SIGTERM there: without this, BackgroundService.stop() could not end a helper, and
# every helper a test started lived until the whole test run ended (180 at once were seen).
signal.pthread_sigmask(signal.SIG_SETMASK, [])


def announce_and_wait(port, parent_pid, on_exit=None):
    """Prints `ready PORT`, then returns never: exits once `parent_pid` is no longer our parent."""
    print(f"ready {port}", flush=True)
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            if on_exit is not None:
                on_exit()
            sys.exit(0)


def listen_loopback():
    """A TCP listener on 127.0.0.1, on a port the system picks."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener
