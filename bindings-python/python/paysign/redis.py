"""A replay memory shared by every process of a fleet, in Redis
(``pip install paysign[redis]``, redis-py).

Give the same Redis to every verifier behind the load balancer and a
credential accepted by one process is refused by all the others::

    import redis
    import paysign
    from paysign.redis import RedisStore

    store = RedisStore(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1))
    verifier = paysign.XPayVerifier({"MY_API_KEY": "MY_SHARED_SECRET"}, replay=store)

Each accepted credential is one key, ``<prefix>paysign:replay:<64 hex>``,
written with the atomic ``SET key 1 NX PX <ttl ms>`` (so two processes
racing with the same credential cannot both win) and expiring with the
window. If Redis cannot answer (down, timed out, refused), verifying fails
closed with reason ``replay_store_unavailable``: set a ``socket_timeout`` so
that it fails fast.
"""

from __future__ import annotations

from typing import Any

import redis as _redis

__all__ = ["RedisStore"]


class RedisStore:
    """``paysign.ReplayStore`` over a redis-py client.

    ``RedisStore(client, *, prefix="")``: ``client`` is a ``redis.Redis`` (or
    ``redis.RedisCluster``); ``prefix`` is put in front of every key (to
    share a Redis between applications). ``RedisStore.from_url(url, **kw)``
    builds the client with a 1-second connect and read timeout unless given.
    """

    __slots__ = ("_client", "_prefix")

    def __init__(self, client: Any, *, prefix: str = "") -> None:
        if not callable(getattr(client, "set", None)):
            raise TypeError("client must be a redis-py client (redis.Redis), not %s" % type(client).__name__)
        if not isinstance(prefix, str):
            raise TypeError("prefix must be str, not %s" % type(prefix).__name__)
        self._client = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "", **kwargs: Any) -> "RedisStore":
        """A store over ``redis.Redis.from_url(url, **kwargs)``."""
        kwargs.setdefault("socket_connect_timeout", 1.0)
        kwargs.setdefault("socket_timeout", 1.0)
        return cls(_redis.Redis.from_url(url, **kwargs), prefix=prefix)

    @property
    def client(self) -> Any:
        """The redis-py client."""
        return self._client

    def remember(self, key: str, ttl_seconds: int) -> bool:
        """``True`` when ``key`` was absent and is now stored for ``ttl_seconds``,
        ``False`` when it was present; raises when Redis cannot answer."""
        stored = self._client.set(self._prefix + key, b"1", nx=True, px=int(ttl_seconds) * 1000)
        return bool(stored)

    def __repr__(self) -> str:
        # never the client: its connection settings may hold a password
        return "RedisStore(prefix=%r)" % self._prefix
