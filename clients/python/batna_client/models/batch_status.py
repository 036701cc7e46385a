from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.batch_status_format import BatchStatusFormat
from ..models.batch_status_status import BatchStatusStatus
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.batch_counts import BatchCounts





T = TypeVar("T", bound="BatchStatus")



@_attrs_define
class BatchStatus:
    """ Where a batch job stands.

        Attributes:
            id (str): The batch's id (UUIDv7).
            status (BatchStatusStatus): ``receiving`` (upload in progress), ``queued``, ``running``, ``done``, or ``failed``
                (the upload was cut off before it finished; its rows were erased).
            format_ (BatchStatusFormat): ``jsonl`` or ``csv``.
            counts (BatchCounts): Row counts of a batch.
            progress (float): Share of rows settled (evaluated or failed), 0 to 1.
            created_at (str): When the upload began.
            started_at (None | str): When a worker first claimed a chunk.
            finished_at (None | str): When the last chunk was evaluated.
            elapsed_seconds (float | None): From the first claim to the last result (or to now).
            rows_per_second (float | None): Evaluated rows per second of ``elapsed_seconds``.
            results (str): Where the results stream is.
            report (str): Where the report page is.
            ruleset (None | str | Unset): The version (``name@version``) its rows are evaluated with; null for a batch
                uploaded before versions could be chosen (the server's default).
     """

    id: str
    status: BatchStatusStatus
    format_: BatchStatusFormat
    counts: BatchCounts
    progress: float
    created_at: str
    started_at: None | str
    finished_at: None | str
    elapsed_seconds: float | None
    rows_per_second: float | None
    results: str
    report: str
    ruleset: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_counts import BatchCounts # noqa: PLC0415
        id = self.id

        status = self.status.value

        format_ = self.format_.value

        counts = self.counts.to_dict()

        progress = self.progress

        created_at = self.created_at

        started_at: None | str
        started_at = self.started_at

        finished_at: None | str
        finished_at = self.finished_at

        elapsed_seconds: float | None
        elapsed_seconds = self.elapsed_seconds

        rows_per_second: float | None
        rows_per_second = self.rows_per_second

        results = self.results

        report = self.report

        ruleset: None | str | Unset
        if isinstance(self.ruleset, Unset):
            ruleset = UNSET
        else:
            ruleset = self.ruleset


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "format": format_,
            "counts": counts,
            "progress": progress,
            "created_at": created_at,
            "started_at": started_at,
            "finished_at": finished_at,
            "elapsed_seconds": elapsed_seconds,
            "rows_per_second": rows_per_second,
            "results": results,
            "report": report,
        })
        if ruleset is not UNSET:
            field_dict["ruleset"] = ruleset

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_counts import BatchCounts # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        status = BatchStatusStatus(d.pop("status"))




        format_ = BatchStatusFormat(d.pop("format"))




        counts = BatchCounts.from_dict(d.pop("counts"))




        progress = d.pop("progress")

        created_at = d.pop("created_at")

        def _parse_started_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        started_at = _parse_started_at(d.pop("started_at"))


        def _parse_finished_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        def _parse_elapsed_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        elapsed_seconds = _parse_elapsed_seconds(d.pop("elapsed_seconds"))


        def _parse_rows_per_second(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rows_per_second = _parse_rows_per_second(d.pop("rows_per_second"))


        results = d.pop("results")

        report = d.pop("report")

        def _parse_ruleset(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ruleset = _parse_ruleset(d.pop("ruleset", UNSET))


        batch_status = cls(
            id=id,
            status=status,
            format_=format_,
            counts=counts,
            progress=progress,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            elapsed_seconds=elapsed_seconds,
            rows_per_second=rows_per_second,
            results=results,
            report=report,
            ruleset=ruleset,
        )


        batch_status.additional_properties = d
        return batch_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
