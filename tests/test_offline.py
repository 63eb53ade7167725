import socket

import pytest

from tests.conftest import NetworkCallError


def test_network_guard_is_active():
    with pytest.raises(NetworkCallError):
        socket.create_connection(("example.org", 80), timeout=1)
