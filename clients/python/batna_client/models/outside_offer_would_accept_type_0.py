from enum import StrEnum

class OutsideOfferWouldAcceptType0(StrEnum):
    MAYBE = "maybe"
    NO = "no"
    YES = "yes"

    def __str__(self) -> str:
        return str(self.value)
