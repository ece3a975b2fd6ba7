"""A tiny columnar table for the generator: numpy arrays plus a schema, cheap to take rows
from, concatenate and write as Parquet or CSV.

Column kinds (and their in-memory encoding):

* ``id``    int64, the number of a prefixed text id (``usr_0001`` is 1); -1 is null
* ``cat``   int64 codes into ``Col.values`` (an object array of strings); -1 is null.
            Used for categoricals and for lookups (e-mail addresses, phone numbers, names)
* ``ts``    int64 seconds since the epoch (UTC); ``NULL_TS`` is null
* ``tstext`` like ``ts`` but written as text; a companion object array ``<col>#text``
            carries unparseable text for bad rows (always a string column, also in Parquet)
* ``date``  int64 days since the epoch; ``NULL_DATE`` is null
* ``int``   int64; ``NULL_INT`` is null
* ``dec``   float64 rounded to 2 decimals; NaN is null (Parquet ``decimal(18, 2)``)
* ``bool``  bool
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from ..raw_contract import LOADED_AT, load_contract

NULL_TS = np.iinfo(np.int64).min
NULL_DATE = np.iinfo(np.int64).min
NULL_INT = np.iinfo(np.int64).min


@dataclass
class Col:
    kind: str
    prefix: str = ""
    width: int = 0
    values: np.ndarray | None = None
    extra: dict = field(default_factory=dict)


def obj_array(items) -> np.ndarray:
    items = list(items)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


class Table:
    """One raw table of the contract (``sales_warehouse.raw_contract``, the dbt source
    YAML): its key, whether it has versions (an ``updated_at`` column) and its columns
    in delivery order are the contract's; the generator brings the data, column by
    column in contract order, ``_loaded_at`` (a ``ts`` column) last."""

    def __init__(self, name: str, specs: dict[str, Col], data: dict[str, np.ndarray]):
        contract = load_contract().get(name)
        if contract is None:
            raise ValueError(
                f"generator: {name} is not a raw table of the contract "
                "(models/staging/*/_*__sources.yml)"
            )
        generated = tuple(column for column in specs if column != LOADED_AT)
        expected = tuple(
            column
            for column in contract.columns
            if column not in contract.optional or column in generated
        )
        if generated != expected:
            raise ValueError(
                f"generator: raw table {name} has the columns {', '.join(generated)}; "
                f"the contract ({contract.yaml_path}) has "
                f"{', '.join(contract.delivered_columns)} and the optional "
                f"{', '.join(sorted(contract.optional)) or '(none)'} (rule: the "
                "generator writes every column of the contract, optional ones when it "
                "has them, in its order)"
            )
        self.name = name
        self.key = contract.key
        self.specs = specs
        self.data = data
        self.versioned = contract.versioned
        n = None
        for col, spec in specs.items():
            arr = data[col]
            if n is None:
                n = len(arr)
            if len(arr) != n:
                raise ValueError(f"{name}.{col}: length {len(arr)} != {n}")
            if spec.kind == "tstext" and f"{col}#text" not in data:
                data[f"{col}#text"] = np.full(n, None, dtype=object)
        self.n = n or 0

    # ----------------------------------------------------------------------------------
    def take(self, idx: np.ndarray) -> Table:
        idx = np.asarray(idx, dtype=np.int64)
        data = {c: a[idx] for c, a in self.data.items()}
        return Table(self.name, self.specs, data)

    def concat(self, other: Table) -> Table:
        data = {}
        for c, a in self.data.items():
            b = other.data[c]
            spec = self.specs.get(c)
            if spec is not None and spec.kind == "cat":
                ospec = other.specs[c]
                if ospec.values is not spec.values:
                    b = remap_codes(b, ospec.values, spec)
            data[c] = np.concatenate([a, b])
        return Table(self.name, self.specs, data)

    def append_rows(self, other: Table) -> None:
        new = self.concat(other)
        self.data = new.data
        self.n = new.n

    def reorder(self, order: np.ndarray) -> None:
        for c in list(self.data):
            self.data[c] = self.data[c][order]

    def key_strings(self, idx) -> list:
        spec = self.specs[self.key]
        return [format_id(spec, int(v)) for v in self.data[self.key][np.asarray(idx)]]

    def value_strings(self, col: str, idx) -> list:
        idx = np.asarray(idx, dtype=np.int64)
        text = self.data.get(f"{col}#text")
        return to_arrow(
            self.specs[col],
            self.data[col][idx],
            text=None if text is None else text[idx],
            csv=True,
        ).to_pylist()


def remap_codes(codes: np.ndarray, values: np.ndarray, spec: Col) -> np.ndarray:
    """Codes into ``values`` re-expressed as codes into ``spec.values`` (extended)."""
    lookup = {v: i for i, v in enumerate(spec.values.tolist())}
    extra = []
    mapping = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values.tolist()):
        j = lookup.get(v)
        if j is None:
            j = len(lookup)
            lookup[v] = j
            extra.append(v)
        mapping[i] = j
    if extra:
        spec.values = np.concatenate([spec.values, obj_array(extra)])
    out = np.where(codes >= 0, mapping[np.maximum(codes, 0)], -1)
    return out


def format_id(spec: Col, value: int) -> str | None:
    if value < 0:
        return None
    return f"{spec.prefix}{value:0{spec.width}d}"


def format_ts(value: int) -> str | None:
    if value == NULL_TS:
        return None
    return str(np.datetime64(int(value), "s")).replace("T", " ")


# --------------------------------------------------------------------------------------
# Arrow conversion and writing
# --------------------------------------------------------------------------------------
def _id_array(spec: Col, ints: np.ndarray) -> pa.Array:
    mask = ints < 0
    s = pc.cast(pa.array(np.where(mask, 0, ints)), pa.string())
    s = pc.utf8_lpad(s, width=spec.width, padding="0")
    s = pc.binary_join_element_wise(spec.prefix, s, "")
    if mask.any():
        s = pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), s)
    return s


def _ts_array(secs: np.ndarray) -> pa.Array:
    mask = secs == NULL_TS
    return pa.array(
        np.where(mask, 0, secs),
        type=pa.timestamp("s"),
        mask=mask if mask.any() else None,
    ).cast(pa.timestamp("us"))


def to_arrow(
    spec: Col, arr: np.ndarray, text: np.ndarray | None = None, csv: bool = False
) -> pa.Array:
    kind = spec.kind
    if kind == "id":
        return _id_array(spec, arr)
    if kind == "cat":
        values = pa.array(spec.values.tolist(), type=pa.string())
        mask = arr < 0
        idx = pa.array(np.where(mask, 0, arr), mask=mask if mask.any() else None)
        return pc.take(values, idx)
    if kind in ("ts", "tstext"):
        out = _ts_array(arr)
        if kind == "tstext" or csv:
            out = pc.cast(pc.cast(out, pa.timestamp("s")), pa.string())
        if kind == "tstext" and text is not None:
            has = (
                np.array([t is not None for t in text], dtype=bool)
                if len(text)
                else np.zeros(0, dtype=bool)
            )
            if has.any():
                out = pc.if_else(
                    pa.array(has), pa.array(text.tolist(), type=pa.string()), out
                )
        return out
    if kind == "date":
        mask = arr == NULL_DATE
        out = pa.array(
            np.where(mask, 0, arr).astype(np.int32),
            type=pa.date32(),
            mask=mask if mask.any() else None,
        )
        return pc.cast(out, pa.string()) if csv else out
    if kind == "int":
        mask = arr == NULL_INT
        return pa.array(
            np.where(mask, 0, arr), type=pa.int64(), mask=mask if mask.any() else None
        )
    if kind == "dec":
        mask = np.isnan(arr)
        out = pa.array(
            np.round(np.where(mask, 0.0, arr), 2),
            type=pa.float64(),
            mask=mask if mask.any() else None,
        )
        out = out.cast(pa.decimal128(18, 2))
        return pc.cast(out, pa.string()) if csv else out
    if kind == "bool":
        return pa.array(arr.astype(bool), type=pa.bool_())
    raise ValueError(kind)


def _text_flags(text: np.ndarray) -> np.ndarray:
    return np.fromiter((t is not None for t in text), dtype=bool, count=len(text))


def to_arrow_table(table: Table, csv: bool) -> pa.Table:
    arrays, names = [], []
    for col, spec in table.specs.items():
        text = None
        if spec.kind == "tstext":
            text = table.data[f"{col}#text"]
            flags = _text_flags(text)
            text = text if flags.any() else None
        arrays.append(to_arrow(spec, table.data[col], text=text, csv=csv))
        names.append(col)
    return pa.Table.from_arrays(arrays, names=names)


def write_table(table: Table, out_dir: Path, fmt: str) -> Path:
    path = out_dir / f"{table.name}.{fmt}"
    at = to_arrow_table(table, csv=(fmt == "csv"))
    if fmt == "parquet":
        pq.write_table(at, path, compression="zstd", row_group_size=1_000_000)
    else:
        pcsv.write_csv(
            at,
            path,
            write_options=pcsv.WriteOptions(
                include_header=True, quoting_style="needed"
            ),
        )
    return path
