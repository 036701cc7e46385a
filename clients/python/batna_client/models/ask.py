from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ask_currency_type_0 import AskCurrencyType0
from ..models.ask_disclosure_to_manager import AskDisclosureToManager
from ..models.ask_framing import AskFraming
from ..models.ask_justifications_item import AskJustificationsItem
from ..models.ask_timing_context import AskTimingContext
from ..models.ask_tone import AskTone
from ..models.ask_type import AskType
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Ask")



@_attrs_define
class Ask:
    """ What the person will ask for, and how.

        Attributes:
            type_ (AskType): ``raise``, ``counteroffer`` and ``promotion`` are monetary asks.
            framing (AskFraming): ``ultimatum`` (conditioned on leaving, even implicitly), ``assertive``, ``question`` or
                ``collaborative``.
            disclosure_to_manager (AskDisclosureToManager): What they will say about the outside offer.
            target_amount (float | None | Unset): The resulting annual base wanted (not the increment).
            currency (AskCurrencyType0 | None | Unset): Must equal the person's currency.
            counterparty_offer_base (float | None | Unset): Base the prospective employer offered (candidates).
            proposed_range_low (float | None | Unset): Low end of the range they plan to state.
            proposed_range_high (float | None | Unset): High end of that range.
            tone (AskTone | Unset): ``dismissive`` = disdain for the current offer or employer. Default: AskTone.NEUTRAL.
            justifications (list[AskJustificationsItem] | Unset): The reasons they will give.
            scope_reframe (bool | Unset): The ask re-imagines the job as bigger. Default: False.
            planned_date (datetime.date | None | Unset): Planned date of the conversation.
            timing_context (AskTimingContext | Unset): Where the conversation falls. Default: AskTimingContext.AD_HOC.
     """

    type_: AskType
    framing: AskFraming
    disclosure_to_manager: AskDisclosureToManager
    target_amount: float | None | Unset = UNSET
    currency: AskCurrencyType0 | None | Unset = UNSET
    counterparty_offer_base: float | None | Unset = UNSET
    proposed_range_low: float | None | Unset = UNSET
    proposed_range_high: float | None | Unset = UNSET
    tone: AskTone | Unset = AskTone.NEUTRAL
    justifications: list[AskJustificationsItem] | Unset = UNSET
    scope_reframe: bool | Unset = False
    planned_date: datetime.date | None | Unset = UNSET
    timing_context: AskTimingContext | Unset = AskTimingContext.AD_HOC





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        framing = self.framing.value

        disclosure_to_manager = self.disclosure_to_manager.value

        target_amount: float | None | Unset
        if isinstance(self.target_amount, Unset):
            target_amount = UNSET
        else:
            target_amount = self.target_amount

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        elif isinstance(self.currency, AskCurrencyType0):
            currency = self.currency.value
        else:
            currency = self.currency

        counterparty_offer_base: float | None | Unset
        if isinstance(self.counterparty_offer_base, Unset):
            counterparty_offer_base = UNSET
        else:
            counterparty_offer_base = self.counterparty_offer_base

        proposed_range_low: float | None | Unset
        if isinstance(self.proposed_range_low, Unset):
            proposed_range_low = UNSET
        else:
            proposed_range_low = self.proposed_range_low

        proposed_range_high: float | None | Unset
        if isinstance(self.proposed_range_high, Unset):
            proposed_range_high = UNSET
        else:
            proposed_range_high = self.proposed_range_high

        tone: str | Unset = UNSET
        if not isinstance(self.tone, Unset):
            tone = self.tone.value


        justifications: list[str] | Unset = UNSET
        if not isinstance(self.justifications, Unset):
            justifications = []
            for justifications_item_data in self.justifications:
                justifications_item = justifications_item_data.value
                justifications.append(justifications_item)



        scope_reframe = self.scope_reframe

        planned_date: None | str | Unset
        if isinstance(self.planned_date, Unset):
            planned_date = UNSET
        elif isinstance(self.planned_date, datetime.date):
            planned_date = self.planned_date.isoformat()
        else:
            planned_date = self.planned_date

        timing_context: str | Unset = UNSET
        if not isinstance(self.timing_context, Unset):
            timing_context = self.timing_context.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "framing": framing,
            "disclosure_to_manager": disclosure_to_manager,
        })
        if target_amount is not UNSET:
            field_dict["target_amount"] = target_amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if counterparty_offer_base is not UNSET:
            field_dict["counterparty_offer_base"] = counterparty_offer_base
        if proposed_range_low is not UNSET:
            field_dict["proposed_range_low"] = proposed_range_low
        if proposed_range_high is not UNSET:
            field_dict["proposed_range_high"] = proposed_range_high
        if tone is not UNSET:
            field_dict["tone"] = tone
        if justifications is not UNSET:
            field_dict["justifications"] = justifications
        if scope_reframe is not UNSET:
            field_dict["scope_reframe"] = scope_reframe
        if planned_date is not UNSET:
            field_dict["planned_date"] = planned_date
        if timing_context is not UNSET:
            field_dict["timing_context"] = timing_context

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = AskType(d.pop("type"))




        framing = AskFraming(d.pop("framing"))




        disclosure_to_manager = AskDisclosureToManager(d.pop("disclosure_to_manager"))




        def _parse_target_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        target_amount = _parse_target_amount(d.pop("target_amount", UNSET))


        def _parse_currency(data: object) -> AskCurrencyType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                currency_type_0 = AskCurrencyType0(data)



                return currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AskCurrencyType0 | None | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_counterparty_offer_base(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        counterparty_offer_base = _parse_counterparty_offer_base(d.pop("counterparty_offer_base", UNSET))


        def _parse_proposed_range_low(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        proposed_range_low = _parse_proposed_range_low(d.pop("proposed_range_low", UNSET))


        def _parse_proposed_range_high(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        proposed_range_high = _parse_proposed_range_high(d.pop("proposed_range_high", UNSET))


        _tone = d.pop("tone", UNSET)
        tone: AskTone | Unset
        if isinstance(_tone,  Unset):
            tone = UNSET
        else:
            tone = AskTone(_tone)




        _justifications = d.pop("justifications", UNSET)
        justifications: list[AskJustificationsItem] | Unset = UNSET
        if _justifications is not UNSET:
            justifications = []
            for justifications_item_data in _justifications:
                justifications_item = AskJustificationsItem(justifications_item_data)



                justifications.append(justifications_item)


        scope_reframe = d.pop("scope_reframe", UNSET)

        def _parse_planned_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_date_type_0 = datetime.date.fromisoformat(data)



                return planned_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        planned_date = _parse_planned_date(d.pop("planned_date", UNSET))


        _timing_context = d.pop("timing_context", UNSET)
        timing_context: AskTimingContext | Unset
        if isinstance(_timing_context,  Unset):
            timing_context = UNSET
        else:
            timing_context = AskTimingContext(_timing_context)




        ask = cls(
            type_=type_,
            framing=framing,
            disclosure_to_manager=disclosure_to_manager,
            target_amount=target_amount,
            currency=currency,
            counterparty_offer_base=counterparty_offer_base,
            proposed_range_low=proposed_range_low,
            proposed_range_high=proposed_range_high,
            tone=tone,
            justifications=justifications,
            scope_reframe=scope_reframe,
            planned_date=planned_date,
            timing_context=timing_context,
        )

        return ask

