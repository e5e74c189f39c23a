"""Large JSON data kept so that a process reads only the part it uses: every dictionary
of more than ``LARGE`` entries becomes a read-only mapping in shards (each marshalled
apart, unmarshalled on first use). A re-render that voices one sentence looks up a few
hundred words and tagger features, and so reads a few hundred of the thousands of small
shards of G2P's dictionaries instead of all of them (speech/hibari_voice.py).

``pack`` turns data read from JSON into ``marshal``-able values (a sharded dictionary is
a tuple, which JSON never gives), ``unpack`` turns them back into values equal to it.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Mapping
from typing import Any, Iterator

LARGE = 4096
SHARDS = 4096


def _shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def pack(value: Any) -> Any:
    """``value`` (data as ``json.load`` gives it) ready for ``marshal``."""
    if not isinstance(value, dict):
        return value
    if len(value) <= LARGE:
        return {key: pack(item) for key, item in value.items()}
    shards: list[dict] = [{} for _ in range(SHARDS)]
    for key, item in value.items():
        shards[_shard_of(key)][key] = item
    return (len(value), tuple(marshal.dumps(shard) for shard in shards))


def unpack(value: Any) -> Any:
    """What ``pack`` made, as a value equal to the one it was made from (raises
    ValueError for anything ``pack`` cannot have made)."""
    if isinstance(value, tuple):
        return ShardedMap(*value)
    if isinstance(value, dict):
        return {key: unpack(item) for key, item in value.items()}
    return value


class ShardedMap(Mapping):
    """A read-only dictionary with string keys whose shards are read on first use."""

    def __init__(self, length: int, shards: tuple[bytes, ...]) -> None:
        if not isinstance(length, int) or len(shards) != SHARDS:
            raise ValueError("not a sharded mapping")
        self._length, self._packed = length, shards
        self._shards: list[dict | None] = [None] * SHARDS

    def _load(self, index: int) -> dict:
        shard = self._shards[index]
        if shard is None:
            shard = self._shards[index] = marshal.loads(self._packed[index])
        return shard

    def _shard(self, key: Any) -> dict:
        return self._load(_shard_of(key)) if isinstance(key, str) else {}

    def __getitem__(self, key: Any) -> Any:
        return self._shard(key)[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self._shard(key).get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._shard(key)

    def __iter__(self) -> Iterator[str]:
        for index in range(SHARDS):
            yield from self._load(index)

    def __len__(self) -> int:
        return self._length
