from enum import StrEnum

class OutsideOfferStatus(StrEnum):
    HINT = "hint"
    NONE = "none"
    SIGNED = "signed"
    VERBAL = "verbal"
    WRITTEN = "written"

    def __str__(self) -> str:
        return str(self.value)
