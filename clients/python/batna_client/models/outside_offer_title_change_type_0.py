from enum import StrEnum

class OutsideOfferTitleChangeType0(StrEnum):
    LATERAL = "lateral"
    NONE = "none"
    STEP_DOWN = "step_down"
    STEP_UP = "step_up"

    def __str__(self) -> str:
        return str(self.value)
