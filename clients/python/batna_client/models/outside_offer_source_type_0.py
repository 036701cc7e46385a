from enum import StrEnum

class OutsideOfferSourceType0(StrEnum):
    SOLICITED = "solicited"
    UNKNOWN = "unknown"
    UNSOLICITED = "unsolicited"

    def __str__(self) -> str:
        return str(self.value)
