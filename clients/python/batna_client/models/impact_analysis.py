from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.impact_analysis_status import ImpactAnalysisStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.impact_summary import ImpactSummary





T = TypeVar("T", bound="ImpactAnalysis")



@_attrs_define
class ImpactAnalysis:
    """ An impact analysis run by the server's workers: progress and (partial) summary.

        Attributes:
            id (str): The analysis's id.
            status (ImpactAnalysisStatus): queued, running or done.
            candidate (str): The candidate ruleset, ``name@version``.
            since (datetime.date | None): First day of decisions included, if bounded.
            until (datetime.date | None): Last day of decisions included, if bounded.
            total (int): Decisions in scope when it was created.
            done (int): Decisions replayed or skipped so far.
            progress (float): done / total (1.0 when there was nothing to do).
            created_at (str): When it was requested.
            started_at (None | str): When a worker first took a chunk of it.
            finished_at (None | str): When its last chunk was done.
            summary (ImpactSummary): The outcome of replaying stored decisions against a candidate ruleset.
            changes (str): Where the changed decisions stream (JSON Lines).
            report (str): The HTML report.
     """

    id: str
    status: ImpactAnalysisStatus
    candidate: str
    since: datetime.date | None
    until: datetime.date | None
    total: int
    done: int
    progress: float
    created_at: str
    started_at: None | str
    finished_at: None | str
    summary: ImpactSummary
    changes: str
    report: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.impact_summary import ImpactSummary # noqa: PLC0415
        id = self.id

        status = self.status.value

        candidate = self.candidate

        since: None | str
        if isinstance(self.since, datetime.date):
            since = self.since.isoformat()
        else:
            since = self.since

        until: None | str
        if isinstance(self.until, datetime.date):
            until = self.until.isoformat()
        else:
            until = self.until

        total = self.total

        done = self.done

        progress = self.progress

        created_at = self.created_at

        started_at: None | str
        started_at = self.started_at

        finished_at: None | str
        finished_at = self.finished_at

        summary = self.summary.to_dict()

        changes = self.changes

        report = self.report


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "candidate": candidate,
            "since": since,
            "until": until,
            "total": total,
            "done": done,
            "progress": progress,
            "created_at": created_at,
            "started_at": started_at,
            "finished_at": finished_at,
            "summary": summary,
            "changes": changes,
            "report": report,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.impact_summary import ImpactSummary # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        status = ImpactAnalysisStatus(d.pop("status"))




        candidate = d.pop("candidate")

        def _parse_since(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.date.fromisoformat(data)



                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        since = _parse_since(d.pop("since"))


        def _parse_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.date.fromisoformat(data)



                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        until = _parse_until(d.pop("until"))


        total = d.pop("total")

        done = d.pop("done")

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


        summary = ImpactSummary.from_dict(d.pop("summary"))




        changes = d.pop("changes")

        report = d.pop("report")

        impact_analysis = cls(
            id=id,
            status=status,
            candidate=candidate,
            since=since,
            until=until,
            total=total,
            done=done,
            progress=progress,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            summary=summary,
            changes=changes,
            report=report,
        )


        impact_analysis.additional_properties = d
        return impact_analysis

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
