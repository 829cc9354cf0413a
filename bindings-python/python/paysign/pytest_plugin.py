"""The ``paysign_gateway`` pytest fixture (registered through the ``pytest11``
entry point): a started :class:`paysign.testing.Gateway` per test.

Configure it with a marker::

    @pytest.mark.paysign_gateway(visa={"api_key": "K", "shared_secret": "s"})
    def test_hello(paysign_gateway):
        ...
"""

from __future__ import annotations

from typing import Iterator

import pytest

from .testing import Gateway


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "paysign_gateway(visa=None, cybersource=None, paysimple=None): credentials of the paysign_gateway fixture",
    )


@pytest.fixture
def paysign_gateway(request: pytest.FixtureRequest) -> Iterator[Gateway]:
    """A local paysign gateway on 127.0.0.1 (CyberSource sandbox credentials unless a marker says otherwise)."""
    marker = request.node.get_closest_marker("paysign_gateway")
    kwargs = dict(marker.kwargs) if marker is not None else {}
    with Gateway(**kwargs) as gateway:
        yield gateway
