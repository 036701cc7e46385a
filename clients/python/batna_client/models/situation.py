from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.situation_schema_version import SituationSchemaVersion
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.alternatives import Alternatives
  from ..models.ask import Ask
  from ..models.exit_plan import ExitPlan
  from ..models.organisation import Organisation
  from ..models.outside_offer import OutsideOffer
  from ..models.person import Person
  from ..models.preparation import Preparation





T = TypeVar("T", bound="Situation")



@_attrs_define
class Situation:
    """ An offer situation, ``schema_version`` 1.0.

        Attributes:
            schema_version (SituationSchemaVersion): Contract version; only ``"1.0"``.
            person (Person): Who is negotiating.
            outside_offer (OutsideOffer): The competing offer, or ``{"status": "none"}``.
            alternatives (Alternatives): The walk-away position.
            ask (Ask): What the person will ask for, and how.
            as_of_date (datetime.date | None | Unset): Evaluation date for expiry maths (default: today, UTC, with
                DATA-004).
            preparation (Preparation | Unset): Preparation done; each flag is true, false or unknown (absent).
            organisation (Organisation | Unset): The counterparty's context.
            exit_plan (ExitPlan | Unset): How an employee would leave (ignored for candidates).
     """

    schema_version: SituationSchemaVersion
    person: Person
    outside_offer: OutsideOffer
    alternatives: Alternatives
    ask: Ask
    as_of_date: datetime.date | None | Unset = UNSET
    preparation: Preparation | Unset = UNSET
    organisation: Organisation | Unset = UNSET
    exit_plan: ExitPlan | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.alternatives import Alternatives # noqa: PLC0415
        from ..models.ask import Ask # noqa: PLC0415
        from ..models.exit_plan import ExitPlan # noqa: PLC0415
        from ..models.organisation import Organisation # noqa: PLC0415
        from ..models.outside_offer import OutsideOffer # noqa: PLC0415
        from ..models.person import Person # noqa: PLC0415
        from ..models.preparation import Preparation # noqa: PLC0415
        schema_version = self.schema_version.value

        person = self.person.to_dict()

        outside_offer = self.outside_offer.to_dict()

        alternatives = self.alternatives.to_dict()

        ask = self.ask.to_dict()

        as_of_date: None | str | Unset
        if isinstance(self.as_of_date, Unset):
            as_of_date = UNSET
        elif isinstance(self.as_of_date, datetime.date):
            as_of_date = self.as_of_date.isoformat()
        else:
            as_of_date = self.as_of_date

        preparation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preparation, Unset):
            preparation = self.preparation.to_dict()

        organisation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.organisation, Unset):
            organisation = self.organisation.to_dict()

        exit_plan: dict[str, Any] | Unset = UNSET
        if not isinstance(self.exit_plan, Unset):
            exit_plan = self.exit_plan.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "schema_version": schema_version,
            "person": person,
            "outside_offer": outside_offer,
            "alternatives": alternatives,
            "ask": ask,
        })
        if as_of_date is not UNSET:
            field_dict["as_of_date"] = as_of_date
        if preparation is not UNSET:
            field_dict["preparation"] = preparation
        if organisation is not UNSET:
            field_dict["organisation"] = organisation
        if exit_plan is not UNSET:
            field_dict["exit_plan"] = exit_plan

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alternatives import Alternatives # noqa: PLC0415
        from ..models.ask import Ask # noqa: PLC0415
        from ..models.exit_plan import ExitPlan # noqa: PLC0415
        from ..models.organisation import Organisation # noqa: PLC0415
        from ..models.outside_offer import OutsideOffer # noqa: PLC0415
        from ..models.person import Person # noqa: PLC0415
        from ..models.preparation import Preparation # noqa: PLC0415
        d = dict(src_dict)
        schema_version = SituationSchemaVersion(d.pop("schema_version"))




        person = Person.from_dict(d.pop("person"))




        outside_offer = OutsideOffer.from_dict(d.pop("outside_offer"))




        alternatives = Alternatives.from_dict(d.pop("alternatives"))




        ask = Ask.from_dict(d.pop("ask"))




        def _parse_as_of_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_date_type_0 = datetime.date.fromisoformat(data)



                return as_of_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        as_of_date = _parse_as_of_date(d.pop("as_of_date", UNSET))


        _preparation = d.pop("preparation", UNSET)
        preparation: Preparation | Unset
        if isinstance(_preparation,  Unset):
            preparation = UNSET
        else:
            preparation = Preparation.from_dict(_preparation)




        _organisation = d.pop("organisation", UNSET)
        organisation: Organisation | Unset
        if isinstance(_organisation,  Unset):
            organisation = UNSET
        else:
            organisation = Organisation.from_dict(_organisation)




        _exit_plan = d.pop("exit_plan", UNSET)
        exit_plan: ExitPlan | Unset
        if isinstance(_exit_plan,  Unset):
            exit_plan = UNSET
        else:
            exit_plan = ExitPlan.from_dict(_exit_plan)




        situation = cls(
            schema_version=schema_version,
            person=person,
            outside_offer=outside_offer,
            alternatives=alternatives,
            ask=ask,
            as_of_date=as_of_date,
            preparation=preparation,
            organisation=organisation,
            exit_plan=exit_plan,
        )

        return situation

