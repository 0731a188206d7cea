"""The JSON round trip of the model's dataclasses (``Document.to_dict`` / ``from_dict``):
generic over frozen dataclasses, so it imports no type of the model."""
from __future__ import annotations

import dataclasses
import sys
import types
import typing
from decimal import Decimal
from typing import Any, Literal


def dump(obj: Any) -> Any:
    """Dataclasses, tuples, dicts and Decimals as JSON values (Decimal as its float)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: dump(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Decimal):
        return float(obj)   # shortest repr round-trips every 2-decimal money amount
    if isinstance(obj, (list, tuple)):
        return [dump(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): dump(v) for k, v in obj.items()}
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    h = _HINTS.get(cls)
    if h is None:
        h = typing.get_type_hints(cls, globalns=vars(sys.modules[cls.__module__]))
        _HINTS[cls] = h
    return h


def load(tp: Any, data: Any) -> Any:
    """``data`` (JSON values) as the type ``tp``: dataclasses, tuples, dicts, Literals, unions,
    Decimals; raises TypeError / ValueError on data that does not fit."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None:
            return None
        non_none = [a for a in args if a is not type(None)]
        for a in non_none:
            try:
                return load(a, data)
            except (TypeError, ValueError, KeyError):
                continue
        raise TypeError(f"cannot load {data!r} as {tp}")
    if origin is Literal:
        if data not in typing.get_args(tp):
            raise ValueError(f"{data!r} not in {typing.get_args(tp)}")
        return data
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(data, list):
            raise TypeError(f"expected a list for {tp}, got {type(data).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(load(args[0], x) for x in data)
        return tuple(load(a, x) for a, x in zip(args, data))
    if origin is dict:
        kt, vt = typing.get_args(tp)
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {tp}")
        return {k: load(vt, v) for k, v in data.items()}
    if tp is Any:
        return data
    if tp is Decimal:
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            raise TypeError(f"expected a number, got {data!r}")
        return Decimal(str(data))
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise TypeError(f"expected a number, got {data!r}")
        return float(data)
    if tp in (int, str, bool):
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise TypeError(f"expected {tp.__name__}, got {data!r}")
        return data
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {tp.__name__}")
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown keys for {tp.__name__}: {sorted(unknown)}")
        return tp(**{k: load(hints[k], v) for k, v in data.items()})
    raise TypeError(f"unsupported type {tp}")
